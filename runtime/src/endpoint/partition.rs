//! The partition table behind `aws.partition`: for each AWS partition its regions, the regular
//! expression that recognises its future regions, and its outputs (`dnsSuffix`,
//! `dualStackDnsSuffix`, `supportsFIPS`, `supportsDualStack`, `implicitGlobalRegion`).
//!
//! The built-in table ([`Partitions::builtin`]) is data written here; a user can load a newer
//! one (the `partitions.json` format AWS SDKs share) with [`Partitions::from_json`] and hand it
//! to the resolver, so new regions work without a new release. Uses [`super::value`] and the
//! JSON reader of the wire layer.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use super::value::Value;
use crate::primitives::Document;
use crate::wire::json;

/// One partition: its id, regions, region pattern and outputs.
#[derive(Debug, Clone)]
pub struct Partition {
    id: String,
    regex: regex_lite::Regex,
    /// Known regions, sorted, with the outputs they override (usually none).
    regions: Vec<(String, BTreeMap<String, Value>)>,
    /// The `aws.partition` record of this partition (`name` and the outputs).
    outputs: BTreeMap<String, Value>,
}

impl Partition {
    /// The partition id (`aws`, `aws-cn`, ...).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The outputs as `aws.partition` returns them.
    pub fn outputs(&self) -> &BTreeMap<String, Value> {
        &self.outputs
    }

    /// The known region names.
    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.regions.iter().map(|(name, _)| name.as_str())
    }

    /// The region pattern.
    pub fn region_regex(&self) -> &str {
        self.regex.as_str()
    }
}

/// The partition table `aws.partition` looks regions up in.
#[derive(Debug, Clone)]
pub struct Partitions {
    partitions: Vec<Partition>,
}

/// A partition file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionsError(String);

impl fmt::Display for PartitionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid partitions file: {}", self.0)
    }
}

impl std::error::Error for PartitionsError {}

/// A row of the built-in table: id, region pattern, dnsSuffix, dualStackDnsSuffix,
/// implicitGlobalRegion, regions.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

/// The built-in table. Every partition of it supports FIPS and dual-stack.
const BUILTIN: &[Row] = &[
    (
        "aws",
        r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        "amazonaws.com",
        "api.aws",
        "us-east-1",
        &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "me-west-1",
            "mx-central-1",
            "sa-east-1",
            "sa-west-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
    ),
    (
        "aws-cn",
        r"^cn\-\w+\-\d+$",
        "amazonaws.com.cn",
        "api.amazonwebservices.com.cn",
        "cn-northwest-1",
        &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
    ),
    (
        "aws-eusc",
        r"^eusc\-(de)\-\w+\-\d+$",
        "amazonaws.eu",
        "api.amazonwebservices.eu",
        "eusc-de-east-1",
        &["eusc-de-east-1"],
    ),
    (
        "aws-iso",
        r"^us\-iso\-\w+\-\d+$",
        "c2s.ic.gov",
        "api.aws.ic.gov",
        "us-iso-east-1",
        &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
    ),
    (
        "aws-iso-b",
        r"^us\-isob\-\w+\-\d+$",
        "sc2s.sgov.gov",
        "api.aws.scloud",
        "us-isob-east-1",
        &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
    ),
    (
        "aws-iso-e",
        r"^eu\-isoe\-\w+\-\d+$",
        "cloud.adc-e.uk",
        "api.cloud-aws.adc-e.uk",
        "eu-isoe-west-1",
        &["aws-iso-e-global", "eu-isoe-west-1"],
    ),
    (
        "aws-iso-f",
        r"^us\-isof\-\w+\-\d+$",
        "csp.hci.ic.gov",
        "api.aws.hci.ic.gov",
        "us-isof-south-1",
        &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
    ),
    (
        "aws-us-gov",
        r"^us\-gov\-\w+\-\d+$",
        "amazonaws.com",
        "api.aws",
        "us-gov-west-1",
        &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
    ),
];

impl Partitions {
    /// The table built into this crate.
    pub fn builtin() -> &'static Partitions {
        static TABLE: OnceLock<Partitions> = OnceLock::new();
        TABLE.get_or_init(|| {
            let partitions = BUILTIN
                .iter()
                .filter_map(|&(id, regex, dns, dual, global, regions)| {
                    let mut outputs = BTreeMap::new();
                    outputs.insert("name".to_owned(), Value::from(id));
                    outputs.insert("dnsSuffix".to_owned(), Value::from(dns));
                    outputs.insert("dualStackDnsSuffix".to_owned(), Value::from(dual));
                    outputs.insert("implicitGlobalRegion".to_owned(), Value::from(global));
                    outputs.insert("supportsFIPS".to_owned(), Value::Bool(true));
                    outputs.insert("supportsDualStack".to_owned(), Value::Bool(true));
                    Some(Partition {
                        id: id.to_owned(),
                        // The patterns above are fixed and compile; a failure would drop the
                        // partition rather than panic.
                        regex: regex_lite::Regex::new(regex).ok()?,
                        regions: sorted(
                            regions
                                .iter()
                                .map(|r| ((*r).to_owned(), BTreeMap::new()))
                                .collect(),
                        ),
                        outputs,
                    })
                })
                .collect();
            Partitions { partitions }
        })
    }

    /// Reads a table in the `partitions.json` format: `{"partitions": [{"id", "regionRegex",
    /// "regions": {name: {overridden outputs}}, "outputs": {...}}]}`.
    pub fn from_json(text: &str) -> Result<Partitions, PartitionsError> {
        let doc: Document =
            json::from_slice(text.as_bytes()).map_err(|e| PartitionsError(e.to_string()))?;
        let err = |m: &str| PartitionsError(m.to_owned());
        let Some(Document::Array(list)) = object(&doc).and_then(|o| o.get("partitions")) else {
            return Err(err("no `partitions` array"));
        };
        let mut partitions = Vec::new();
        for p in list {
            let p = object(p).ok_or_else(|| err("a partition is not an object"))?;
            let id = string(p.get("id")).ok_or_else(|| err("a partition has no `id`"))?;
            let pattern = string(p.get("regionRegex"))
                .ok_or_else(|| PartitionsError(format!("partition {id} has no `regionRegex`")))?;
            let regex = regex_lite::Regex::new(pattern)
                .map_err(|e| PartitionsError(format!("partition {id}: {e}")))?;
            let outputs = p
                .get("outputs")
                .and_then(object)
                .ok_or_else(|| PartitionsError(format!("partition {id} has no `outputs`")))?;
            let mut record = outputs_record(outputs);
            record
                .entry("name".to_owned())
                .or_insert_with(|| Value::from(id));
            let mut regions = Vec::new();
            if let Some(map) = p.get("regions").and_then(object) {
                for (name, region) in map {
                    let overrides = object(region).map(outputs_record).unwrap_or_default();
                    regions.push((name.clone(), overrides));
                }
            }
            partitions.push(Partition {
                id: id.to_owned(),
                regex,
                regions: sorted(regions),
                outputs: record,
            });
        }
        Ok(Partitions { partitions })
    }

    /// A copy of this table in which the partitions whose id `select` accepts have output
    /// `key` set to `value` (say, `supportsDualStack` off for partitions that lack it).
    pub fn with_output(
        &self,
        select: impl Fn(&str) -> bool,
        key: &str,
        value: Value,
    ) -> Partitions {
        let mut table = self.clone();
        for p in table.partitions.iter_mut().filter(|p| select(&p.id)) {
            p.outputs.insert(key.to_owned(), value.clone());
        }
        table
    }

    /// The partitions, in table order.
    pub fn partitions(&self) -> &[Partition] {
        &self.partitions
    }

    /// `aws.partition(region)`: the partition that lists the region, else the first whose
    /// pattern matches it, else `aws` (so an unknown region still resolves).
    pub fn lookup(&self, region: &str) -> Option<Value> {
        for p in &self.partitions {
            if let Ok(at) = p.regions.binary_search_by(|(r, _)| r.as_str().cmp(region)) {
                let overrides = &p.regions[at].1;
                let mut record = p.outputs.clone();
                record.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
                return Some(Value::Object(record));
            }
        }
        let found = self
            .partitions
            .iter()
            .find(|p| p.regex.is_match(region))
            .or_else(|| self.partitions.iter().find(|p| p.id == "aws"))?;
        Some(Value::Object(found.outputs.clone()))
    }
}

/// Regions sorted by name, for the binary search of [`Partitions::lookup`].
fn sorted(
    mut regions: Vec<(String, BTreeMap<String, Value>)>,
) -> Vec<(String, BTreeMap<String, Value>)> {
    regions.sort_by(|a, b| a.0.cmp(&b.0));
    regions
}

fn object(doc: &Document) -> Option<&BTreeMap<String, Document>> {
    match doc {
        Document::Object(o) => Some(o),
        _ => None,
    }
}

fn string(doc: Option<&Document>) -> Option<&str> {
    match doc {
        Some(Document::String(s)) => Some(s),
        _ => None,
    }
}

/// The string and boolean members of an `outputs` object (descriptions are ignored).
fn outputs_record(outputs: &BTreeMap<String, Document>) -> BTreeMap<String, Value> {
    outputs
        .iter()
        .filter(|(k, _)| k.as_str() != "description")
        .filter_map(|(k, v)| match v {
            Document::String(s) => Some((k.clone(), Value::String(s.clone()))),
            Document::Bool(b) => Some((k.clone(), Value::Bool(*b))),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_by_name_pattern_and_fallback() {
        let table = Partitions::builtin();
        assert_eq!(table.partitions().len(), 8);
        let name = |r: &str| {
            table.lookup(r).unwrap().as_object().unwrap()["name"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(name("us-east-1"), "aws");
        assert_eq!(name("cn-north-5"), "aws-cn");
        assert_eq!(name("us-gov-east-9"), "aws-us-gov");
        assert_eq!(name("us-isob-east-7"), "aws-iso-b");
        assert_eq!(name("mars-global"), "aws");
    }

    #[test]
    fn a_user_file_replaces_the_table() {
        let table = Partitions::from_json(
            r#"{"partitions":[{"id":"p","regionRegex":"^x-\\d$","regions":{"r":{"dnsSuffix":"r.example"}},
                "outputs":{"name":"p","dnsSuffix":"example","dualStackDnsSuffix":"ds.example",
                "supportsFIPS":false,"supportsDualStack":false,"implicitGlobalRegion":"x-1"}}]}"#,
        )
        .unwrap();
        let r = table.lookup("r").unwrap();
        assert_eq!(
            r.as_object().unwrap()["dnsSuffix"],
            Value::from("r.example")
        );
        let x = table.lookup("x-1").unwrap();
        assert_eq!(x.as_object().unwrap()["dnsSuffix"], Value::from("example"));
        assert_eq!(table.lookup("y"), None);
        assert!(Partitions::from_json("{}").is_err());
        assert!(Partitions::from_json("[").is_err());
    }
}
