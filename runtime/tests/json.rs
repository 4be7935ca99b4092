//! Tests for `smelt_runtime::json`, written against the public API the generator uses.

use std::collections::{BTreeMap, HashMap};

use smelt_runtime::json::{
    from_slice, to_vec, DeserializeError, JsonDeserialize, JsonReader, JsonSerialize, JsonWriter,
};
use smelt_runtime::types::{
    BigDecimal, BigInteger, Blob, DateTime, Document, Number, TimestampFormat,
};

/// A structure shaped like generated code: every member optional, unknown members skipped.
#[derive(Clone, Debug, Default, PartialEq)]
struct Everything {
    s: Option<String>,
    b: Option<bool>,
    i8_: Option<i8>,
    i16_: Option<i16>,
    i32_: Option<i32>,
    i64_: Option<i64>,
    f32_: Option<f32>,
    f64_: Option<f64>,
    blob: Option<Blob>,
    ts_default: Option<DateTime>,
    ts_epoch: Option<DateTime>,
    ts_iso: Option<DateTime>,
    ts_http: Option<DateTime>,
    doc: Option<Document>,
    big_int: Option<BigInteger>,
    big_dec: Option<BigDecimal>,
    list: Option<Vec<String>>,
    sparse: Option<Vec<Option<i32>>>,
    map: Option<HashMap<String, i64>>,
    sparse_map: Option<BTreeMap<String, Option<String>>>,
    nested: Option<Box<Everything>>,
    ts_list: Option<Vec<DateTime>>,
}

impl JsonSerialize for Everything {
    fn write_json(&self, w: &mut JsonWriter) {
        let mut o = w.object();
        o.opt_member("s", &self.s);
        o.opt_member("b", &self.b);
        o.opt_member("i8", &self.i8_);
        o.opt_member("i16", &self.i16_);
        o.opt_member("i32", &self.i32_);
        o.opt_member("i64", &self.i64_);
        o.opt_member("f32", &self.f32_);
        o.opt_member("f64", &self.f64_);
        o.opt_member("blob", &self.blob);
        o.opt_member("tsDefault", &self.ts_default);
        o.opt_timestamp("tsEpoch", &self.ts_epoch, TimestampFormat::EpochSeconds);
        o.opt_timestamp("tsIso", &self.ts_iso, TimestampFormat::DateTime);
        o.opt_timestamp("tsHttp", &self.ts_http, TimestampFormat::HttpDate);
        o.opt_member("doc", &self.doc);
        o.opt_member("bigInt", &self.big_int);
        o.opt_member("bigDec", &self.big_dec);
        o.opt_member("list", &self.list);
        o.opt_member("sparse", &self.sparse);
        o.opt_member("map", &self.map);
        o.opt_member("sparseMap", &self.sparse_map);
        o.opt_member("nested", &self.nested);
        if let Some(list) = &self.ts_list {
            let mut a = o.key("tsList").array();
            for t in list {
                a.element().timestamp(t, TimestampFormat::DateTime);
            }
            a.end();
        }
        o.end();
    }
}

impl JsonDeserialize for Everything {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let mut out = Everything::default();
        r.read_object(|r, key| {
            match key {
                "s" => out.s = r.read()?,
                "b" => out.b = r.read()?,
                "i8" => out.i8_ = r.read()?,
                "i16" => out.i16_ = r.read()?,
                "i32" => out.i32_ = r.read()?,
                "i64" => out.i64_ = r.read()?,
                "f32" => out.f32_ = r.read()?,
                "f64" => out.f64_ = r.read()?,
                "blob" => out.blob = r.read()?,
                "tsDefault" => out.ts_default = r.read()?,
                "tsEpoch" => out.ts_epoch = r.read_opt_timestamp(TimestampFormat::EpochSeconds)?,
                "tsIso" => out.ts_iso = r.read_opt_timestamp(TimestampFormat::DateTime)?,
                "tsHttp" => out.ts_http = r.read_opt_timestamp(TimestampFormat::HttpDate)?,
                "doc" => out.doc = r.read()?,
                "bigInt" => out.big_int = r.read()?,
                "bigDec" => out.big_dec = r.read()?,
                "list" => out.list = r.read()?,
                "sparse" => out.sparse = r.read()?,
                "map" => out.map = r.read()?,
                "sparseMap" => out.sparse_map = r.read()?,
                "nested" => out.nested = r.read()?,
                "tsList" => {
                    if r.next_is_null()? {
                        r.read_null()?;
                    } else {
                        let mut v = Vec::new();
                        r.read_array(|r| {
                            v.push(r.read_timestamp(TimestampFormat::DateTime)?);
                            Ok(())
                        })?;
                        out.ts_list = Some(v);
                    }
                }
                _ => r.skip_value()?,
            }
            Ok(())
        })?;
        Ok(out)
    }
}

/// A structure with a required member, to exercise `read_required`.
#[derive(Debug, PartialEq)]
struct Required {
    name: String,
}

impl JsonDeserialize for Required {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let mut name = None;
        r.read_object(|r, key| {
            match key {
                "name" => name = Some(r.read_required::<String>()?),
                _ => r.skip_value()?,
            }
            Ok(())
        })?;
        let name = name.ok_or_else(|| r.error("missing required member `name`"))?;
        Ok(Required { name })
    }
}

fn sample() -> Everything {
    let mut doc_obj = BTreeMap::new();
    doc_obj.insert(
        "k".to_owned(),
        Document::from(vec![Document::Null, 1i64.into()]),
    );
    doc_obj.insert("neg".to_owned(), Document::from(-7i64));
    doc_obj.insert("f".to_owned(), Document::from(0.25));
    doc_obj.insert("big".to_owned(), Document::from(u64::MAX));
    doc_obj.insert("t".to_owned(), Document::from(true));
    doc_obj.insert("s".to_owned(), Document::from("é\"\n"));
    let mut map = HashMap::new();
    map.insert("one".to_owned(), 1i64);
    let mut sparse_map = BTreeMap::new();
    sparse_map.insert("a".to_owned(), Some("x".to_owned()));
    sparse_map.insert("b".to_owned(), None);
    Everything {
        s: Some("hello \"world\"\\ \u{1} \u{7f} é 😀".to_owned()),
        b: Some(true),
        i8_: Some(i8::MIN),
        i16_: Some(i16::MAX),
        i32_: Some(-42),
        i64_: Some(i64::MIN),
        f32_: Some(0.1),
        f64_: Some(-1.5e-300),
        blob: Some(Blob::new(b"\x00\xffbinary".to_vec())),
        ts_default: Some(DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000)),
        ts_epoch: Some(DateTime::from_secs(-1)),
        ts_iso: Some(DateTime::from_secs_and_nanos(482_196_050, 520_000_000)),
        ts_http: Some(DateTime::from_secs(1_398_796_238)),
        doc: Some(Document::Object(doc_obj)),
        big_int: Some("-123456789012345678901234567890".parse().unwrap()),
        big_dec: Some("3.14159265358979323846264338327950288e-12".parse().unwrap()),
        list: Some(vec!["a".to_owned(), String::new()]),
        sparse: Some(vec![Some(1), None, Some(3)]),
        map: Some(map),
        sparse_map: Some(sparse_map),
        nested: Some(Box::new(Everything {
            s: Some("inner".to_owned()),
            ..Everything::default()
        })),
        ts_list: Some(vec![DateTime::from_secs(0), DateTime::from_secs(86_400)]),
    }
}

fn json_of<T: JsonSerialize + ?Sized>(v: &T) -> String {
    String::from_utf8(to_vec(v)).unwrap()
}

#[test]
fn round_trip_every_type() {
    let v = sample();
    let bytes = to_vec(&v);
    let back: Everything = from_slice(&bytes).unwrap();
    assert_eq!(back, v);
    // Serialization is deterministic for this value (one-entry HashMap).
    assert_eq!(to_vec(&back), bytes);
}

#[test]
fn writer_output_is_exact() {
    let v = sample();
    let text = json_of(&v);
    let expected = concat!(
        r#"{"s":"hello \"world\"\\ \u0001 \u{7f} é 😀","b":true,"i8":-128,"i16":32767,"#,
        r#""i32":-42,"i64":-9223372036854775808,"f32":0.1,"f64":-1.5e-300,"#,
        r#""blob":"AP9iaW5hcnk=","tsDefault":1515531081.123,"tsEpoch":-1,"#,
        r#""tsIso":"1985-04-12T23:20:50.52Z","tsHttp":"Tue, 29 Apr 2014 18:30:38 GMT","#,
        r#""doc":{"big":18446744073709551615,"f":0.25,"k":[null,1],"neg":-7,"s":"é\"\n","t":true},"#,
        r#""bigInt":-123456789012345678901234567890,"#,
        r#""bigDec":3.14159265358979323846264338327950288e-12,"#,
        r#""list":["a",""],"sparse":[1,null,3],"map":{"one":1},"#,
        r#""sparseMap":{"a":"x","b":null},"nested":{"s":"inner"},"#,
        r#""tsList":["1970-01-01T00:00:00Z","1970-01-02T00:00:00Z"]}"#
    )
    .replace("\\u{7f}", "\u{7f}");
    assert_eq!(text, expected);
}

#[test]
fn string_escapes_written() {
    assert_eq!(
        json_of("q\"b\\s/\n\r\t\u{8}\u{c}\u{0}\u{1f} ü"),
        r#""q\"b\\s/\n\r\t\b\f\u0000\u001f ü""#
    );
    assert_eq!(json_of(""), r#""""#);
    assert_eq!(json_of(&String::from("日本")), "\"日本\"");
}

#[test]
fn string_escapes_read() {
    let mut r = JsonReader::new(br#" "\"\\\/\b\f\n\r\t\u00e9\u0041\ud83d\ude00x" "#);
    assert_eq!(r.read_string().unwrap(), "\"\\/\u{8}\u{c}\n\r\té\u{41}😀x");
    r.finish().unwrap();
    // Surrogate pair boundaries.
    let mut r = JsonReader::new(br#""\ud800\udc00|\udbff\udfff|\uD83D\uDE00|\uffff""#);
    assert_eq!(r.read_string().unwrap(), "\u{10000}|\u{10ffff}|😀|\u{ffff}");
    // Every string the writer produces reads back identically.
    for s in [
        "",
        "plain",
        "\u{0}\u{1}\u{1f}\u{7f}",
        "😀 \u{10ffff} \u{fffd}",
        "\\\"\\",
    ] {
        let text = to_vec(s);
        assert_eq!(JsonReader::new(&text).read_string().unwrap(), s);
    }
}

#[test]
fn string_members_read_null_strings_and_reject_other_values() {
    // `read`/`read_into` of a `String` look at the next byte once: a string, `null`, or an error.
    let mut r = JsonReader::new(br#"[ "plain" , "esc\"aped" , null, "", 5, nul]"#);
    let mut got: Vec<Result<Option<String>, DeserializeError>> = Vec::new();
    let err = r
        .read_array(|r| {
            let v = r.read::<String>();
            let failed = v.is_err();
            got.push(v);
            if failed {
                r.skip_value()?;
            }
            Ok(())
        })
        .unwrap_err();
    assert_eq!(got[0].as_ref().unwrap().as_deref(), Some("plain"));
    assert_eq!(got[1].as_ref().unwrap().as_deref(), Some("esc\"aped"));
    assert_eq!(got[2].as_ref().unwrap(), &None);
    assert_eq!(got[3].as_ref().unwrap().as_deref(), Some(""));
    assert_eq!(
        got[4].as_ref().unwrap_err().to_string(),
        "expected string at byte 36, found number"
    );
    // `nul` is no `null`: an error for the member, and for the array when skipped.
    assert!(got[5].is_err());
    assert!(err.to_string().contains("at byte 39"), "{err}");
    // `read_into` keeps the default on `null`.
    let mut slot = "kept".to_string();
    JsonReader::new(b" null").read_into(&mut slot).unwrap();
    assert_eq!(slot, "kept");
    JsonReader::new(br#""new""#).read_into(&mut slot).unwrap();
    assert_eq!(slot, "new");
    // Invalid UTF-8 in a string member still names the string's byte.
    let err = JsonReader::new(b"\"ab\xffc\"")
        .read::<String>()
        .unwrap_err();
    assert_eq!(err.offset(), Some(3));
}

#[test]
fn invalid_strings_are_errors() {
    let cases: &[&[u8]] = &[
        br#""\ud83d""#,       // lone high surrogate
        br#""\ud83dx""#,      // high surrogate followed by text
        br#""\ud83d\u0041""#, // high surrogate followed by non-low surrogate
        br#""\ude00""#,       // lone low surrogate
        br#""\x""#,           // invalid escape
        br#""\u12""#,         // short \u escape
        br#""\u12g4""#,       // non-hex
        b"\"a\nb\"",          // raw control character
        b"\"\xff\"",          // invalid UTF-8
        b"\"\xe6\x97\"",      // truncated UTF-8
        b"\"esc \\\xff\"",    // invalid UTF-8 after escape path
        b"\"unterminated",
        b"\"unterminated\\",
        b"\"unterminated\\u00",
    ];
    for case in cases {
        let res = JsonReader::new(case).read_string();
        assert!(
            res.is_err(),
            "{:?} gave {res:?}",
            String::from_utf8_lossy(case)
        );
    }
    // Owned path also validates UTF-8 of raw bytes.
    assert!(JsonReader::new(b"\"\\n\xc3\"").read_string().is_err());
}

/// The string scanner reads eight bytes at a time: every position of a special byte in strings
/// of every length up to a few words, next to the bytes closest to the special ones (0x1f/0x20,
/// `!`/`#` around `"`, `[`/`]` around `\\`, 0x7f, multi-byte UTF-8), must read as a plain
/// byte-by-byte reading says.
#[test]
fn string_scanning_finds_every_special_byte_at_every_offset() {
    let fillers: &[&str] = &["a", " ", "!", "#", "[", "]", "\u{7f}", "é", "😀"];
    for filler in fillers {
        for len in 0..27 {
            let plain: String = filler.repeat(len);
            // No special byte: borrowed from the input, whole.
            let text = format!("\"{plain}\" ");
            let mut r = JsonReader::new(text.as_bytes());
            let read = r.read_str().unwrap();
            assert!(matches!(read, std::borrow::Cow::Borrowed(_)));
            assert_eq!(read, plain);
            r.finish().unwrap();
            let chars: Vec<char> = plain.chars().collect();
            for at in 0..=chars.len() {
                let (head, tail): (String, String) =
                    (chars[..at].iter().collect(), chars[at..].iter().collect());
                // An escape at `at`, then more plain text.
                let escaped = format!("\"{head}\\n{tail}\"");
                let got = JsonReader::new(escaped.as_bytes()).read_string().unwrap();
                assert_eq!(got, format!("{head}\n{tail}"), "{escaped:?}");
                // A closing quote at `at`: the string ends there.
                let quoted = format!("\"{head}\"{tail}");
                let mut r = JsonReader::new(quoted.as_bytes());
                assert_eq!(r.read_string().unwrap(), head, "{quoted:?}");
                assert_eq!(r.offset(), head.len() + 2);
                // A raw control character at `at`: an error at its offset.
                for control in [0x00u8, 0x0a, 0x1f] {
                    let mut bytes = format!("\"{head}").into_bytes();
                    bytes.push(control);
                    bytes.extend_from_slice(format!("{tail}\"").as_bytes());
                    let err = JsonReader::new(&bytes).read_string().unwrap_err();
                    assert_eq!(err.offset(), Some(head.len() + 1), "{bytes:?}");
                    assert!(err.to_string().contains("control character"), "{err}");
                }
            }
        }
    }
}

/// The body is checked for UTF-8 once; when it is not valid, each string is checked on its own,
/// so the valid strings still read and the error names the offset of the bad byte.
#[test]
fn invalid_utf8_is_found_in_the_string_that_holds_it() {
    let body = b"[\"fine\", \"caf\xc3\", \"also fine\"]";
    let mut seen = Vec::new();
    let err = JsonReader::new(body)
        .read_array(|r| {
            seen.push(r.read_string()?);
            Ok(())
        })
        .unwrap_err();
    assert_eq!(seen, ["fine"]);
    assert!(err.to_string().contains("invalid UTF-8"), "{err}");
    assert_eq!(err.offset(), Some(13));
}

#[test]
fn integers() {
    assert_eq!(from_slice::<i64>(b"9223372036854775807").unwrap(), i64::MAX);
    assert_eq!(
        from_slice::<i64>(b"-9223372036854775808").unwrap(),
        i64::MIN
    );
    assert_eq!(
        from_slice::<u64>(b"18446744073709551615").unwrap(),
        u64::MAX
    );
    assert_eq!(json_of(&i64::MIN), "-9223372036854775808");
    assert_eq!(json_of(&u64::MAX), "18446744073709551615");
    assert_eq!(from_slice::<i8>(b"-128").unwrap(), -128);
    assert_eq!(from_slice::<i16>(b" 300 ").unwrap(), 300);
    assert_eq!(from_slice::<i32>(b"-0").unwrap(), 0);
    // Integral values written with fraction/exponent are accepted.
    assert_eq!(from_slice::<i32>(b"1.0").unwrap(), 1);
    assert_eq!(from_slice::<i64>(b"1e3").unwrap(), 1000);
    assert_eq!(from_slice::<i64>(b"-25E-1e").ok(), None);

    let err = from_slice::<i64>(b"9223372036854775808").unwrap_err();
    assert!(err.to_string().contains("out of range"), "{err}");
    assert_eq!(err.offset(), Some(0));
    assert!(from_slice::<i64>(b"-9223372036854775809").is_err());
    let err = from_slice::<i8>(b" 300").unwrap_err();
    assert_eq!(err.to_string(), "integer 300 out of range for i8 at byte 1");
    assert!(from_slice::<i8>(b"-129").is_err());
    assert!(from_slice::<i16>(b"32768").is_err());
    assert!(from_slice::<i32>(b"2147483648").is_err());
    assert!(from_slice::<u64>(b"-1").is_err());
    assert!(from_slice::<u8>(b"256").is_err());
    assert!(from_slice::<i32>(b"1.5").is_err());
    assert!(from_slice::<i64>(b"1e300").is_err());
    assert!(from_slice::<i64>(b"1e19").is_err());
    for bad in [
        "01", "-", "1.", ".5", "+1", "1e", "1e+", "--1", "0x10", "\"1\"", "true",
    ] {
        assert!(from_slice::<i64>(bad.as_bytes()).is_err(), "{bad}");
    }
}

#[test]
fn floats() {
    assert_eq!(json_of(&1.5f64), "1.5");
    assert_eq!(json_of(&f64::NAN), "\"NaN\"");
    assert_eq!(json_of(&f64::INFINITY), "\"Infinity\"");
    assert_eq!(json_of(&f64::NEG_INFINITY), "\"-Infinity\"");
    assert_eq!(json_of(&f32::NEG_INFINITY), "\"-Infinity\"");
    assert!(from_slice::<f64>(b"\"NaN\"").unwrap().is_nan());
    assert_eq!(from_slice::<f64>(b"\"Infinity\"").unwrap(), f64::INFINITY);
    assert_eq!(
        from_slice::<f64>(b"\"-Infinity\"").unwrap(),
        f64::NEG_INFINITY
    );
    assert_eq!(
        from_slice::<f32>(b"\"-Infinity\"").unwrap(),
        f32::NEG_INFINITY
    );
    assert_eq!(from_slice::<f64>(b"-1.25E+2").unwrap(), -125.0);
    assert_eq!(from_slice::<f64>(b"7").unwrap(), 7.0);
    let err = from_slice::<f64>(b"\"nan\"").unwrap_err();
    assert_eq!(err.to_string(), "expected number at byte 0, found string");
    assert!(from_slice::<f64>(b"\"1.5\"").is_err());
    assert!(from_slice::<f64>(b"null").is_err());

    // Exact round-trip of many arbitrary finite doubles and floats.
    let mut rng = fastrand::Rng::with_seed(7);
    let specials = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        1e16,
        1e21,
    ];
    let randoms = (0..5_000).map(|_| f64::from_bits(rng.u64(..)));
    for v in specials
        .into_iter()
        .chain(randoms)
        .filter(|v| v.is_finite())
    {
        let text = json_of(&v);
        let back: f64 = from_slice(text.as_bytes()).unwrap();
        assert_eq!(back.to_bits(), v.to_bits(), "{text}");
    }
    for _ in 0..5_000 {
        let v = f32::from_bits(rng.u32(..));
        if !v.is_finite() {
            continue;
        }
        let text = json_of(&v);
        let back: f32 = from_slice(text.as_bytes()).unwrap();
        assert_eq!(back.to_bits(), v.to_bits(), "{text}");
    }
}

#[test]
fn big_numbers() {
    let huge = "123456789012345678901234567890123456789012345678901234567890";
    let v: BigInteger = from_slice(huge.as_bytes()).unwrap();
    assert_eq!(v.as_str(), huge);
    assert_eq!(json_of(&v), huge);
    let v: BigInteger = from_slice(b"\"-42\"").unwrap();
    assert_eq!(v.as_str(), "-42");
    assert!(from_slice::<BigInteger>(b"1.5").is_err());
    assert!(from_slice::<BigInteger>(b"\"x\"").is_err());
    assert!(from_slice::<BigInteger>(b"true").is_err());

    let v: BigDecimal = from_slice(b"-1.000000000000000000000000001e-999").unwrap();
    assert_eq!(v.as_str(), "-1.000000000000000000000000001e-999");
    assert_eq!(json_of(&v), "-1.000000000000000000000000001e-999");
    let v: BigDecimal = from_slice(b"\"0.5\"").unwrap();
    assert_eq!(json_of(&v), "0.5");
    assert!(from_slice::<BigDecimal>(b"\"1.\"").is_err());

    let mut r = JsonReader::new(b" [ -0.5e10 , 7 ]");
    let mut texts = Vec::new();
    r.read_array(|r| {
        texts.push(r.read_number_text()?);
        Ok(())
    })
    .unwrap();
    assert_eq!(texts, ["-0.5e10", "7"]);

    // raw_number never produces malformed JSON.
    let mut w = JsonWriter::new();
    let mut a = w.array();
    a.element().raw_number("12");
    a.element().raw_number("1 2");
    a.end();
    assert_eq!(w.into_string(), r#"[12,"1 2"]"#);
}

#[test]
fn blobs() {
    assert_eq!(json_of(&Blob::from("hello")), "\"aGVsbG8=\"");
    assert_eq!(json_of(&Blob::default()), "\"\"");
    assert_eq!(
        from_slice::<Blob>(b"\"aGVsbG8=\"").unwrap(),
        Blob::from("hello")
    );
    assert_eq!(
        from_slice::<Blob>(b"\"aGVsbG8\"").unwrap(),
        Blob::from("hello")
    );
    assert_eq!(from_slice::<Blob>(b"\"\"").unwrap(), Blob::default());
    assert_eq!(
        from_slice::<Blob>(b"\"+/+/\"").unwrap().as_ref(),
        &[0xfb, 0xff, 0xbf]
    );
    for bad in ["\"a\"", "\"aGVs*G8=\"", "\"-_-_\"", "\"aGVsbG8===\"", "12"] {
        assert!(from_slice::<Blob>(bad.as_bytes()).is_err(), "{bad}");
    }
}

#[test]
fn timestamps() {
    use TimestampFormat as TF;
    let read = |json: &str, f: TF| {
        let mut r = JsonReader::new(json.as_bytes());
        let t = r.read_timestamp(f);
        t.and_then(|t| r.finish().map(|_| t))
    };
    let t = DateTime::from_secs_and_nanos(482_196_050, 520_000_000);
    assert_eq!(
        read("\"1985-04-12T23:20:50.52Z\"", TF::DateTime).unwrap(),
        t
    );
    assert_eq!(
        read("\"1985-04-13T00:20:50.52+01:00\"", TF::DateTime).unwrap(),
        t
    );
    assert_eq!(
        read("\"1985-04-12T23:20:50.520000000000Z\"", TF::DateTime).unwrap(),
        t
    );
    assert_eq!(
        read("\"Tue, 29 Apr 2014 18:30:38 GMT\"", TF::HttpDate).unwrap(),
        DateTime::from_secs(1_398_796_238)
    );
    assert_eq!(read("482196050.52", TF::EpochSeconds).unwrap(), t);
    assert_eq!(read("4.8219605052e8", TF::EpochSeconds).unwrap(), t);
    // Lenient: numbers for string formats, strings in other formats.
    assert_eq!(read("482196050.52", TF::DateTime).unwrap(), t);
    assert_eq!(
        read("\"1985-04-12T23:20:50.52Z\"", TF::EpochSeconds).unwrap(),
        t
    );
    assert_eq!(read("\"482196050.52\"", TF::HttpDate).unwrap(), t);
    for bad in [
        "\"yesterday\"",
        "true",
        "[]",
        "\"1985-04-12\"",
        "1e30",
        "null",
    ] {
        assert!(read(bad, TF::DateTime).is_err(), "{bad}");
    }
    let err = read("\"1985-13-12T23:20:50Z\"", TF::DateTime).unwrap_err();
    assert!(err.to_string().contains("1985-13-12T23:20:50Z"), "{err}");

    let mut r = JsonReader::new(b"null");
    assert_eq!(r.read_opt_timestamp(TF::DateTime).unwrap(), None);
    r.finish().unwrap();

    let write = |t: &DateTime, f: TF| {
        let mut w = JsonWriter::new();
        w.timestamp(t, f);
        w.into_string()
    };
    assert_eq!(write(&t, TF::EpochSeconds), "482196050.52");
    assert_eq!(write(&t, TF::DateTime), "\"1985-04-12T23:20:50.52Z\"");
    assert_eq!(write(&t, TF::HttpDate), "\"Fri, 12 Apr 1985 23:20:50 GMT\"");
    // Unformattable years fall back to epoch seconds instead of panicking.
    let far = DateTime::from_secs(i64::MAX);
    assert_eq!(write(&far, TF::DateTime), "9223372036854775807");
    assert_eq!(write(&far, TF::HttpDate), "9223372036854775807");
    // DateTime's own impl is epoch seconds.
    assert_eq!(json_of(&DateTime::from_millis(-1500)), "-1.5");
    assert_eq!(
        from_slice::<DateTime>(b"-1.5").unwrap(),
        DateTime::from_millis(-1500)
    );
}

#[test]
fn documents() {
    let text = br#" {"a": [1, -2, 3.5, 1e2, 18446744073709551616, true, null, "s", {}], "b": {"c": {"d": []}}} "#;
    let doc: Document = from_slice(text).unwrap();
    let Document::Object(o) = &doc else {
        panic!("{doc:?}")
    };
    let Document::Array(a) = &o["a"] else {
        panic!()
    };
    assert_eq!(a[0], Document::Number(Number::PosInt(1)));
    assert_eq!(a[1], Document::Number(Number::NegInt(-2)));
    assert_eq!(a[2], Document::Number(Number::Float(3.5)));
    assert_eq!(a[3], Document::Number(Number::Float(100.0)));
    assert_eq!(
        a[4],
        Document::Number(Number::Float(18446744073709551616.0))
    );
    assert_eq!(a[5], Document::Bool(true));
    assert_eq!(a[6], Document::Null);
    assert_eq!(a[7], Document::from("s"));
    assert_eq!(a[8], Document::Object(BTreeMap::new()));
    assert_eq!(
        json_of(&doc),
        r#"{"a":[1,-2,3.5,100.0,1.8446744073709552e19,true,null,"s",{}],"b":{"c":{"d":[]}}}"#
    );
    let again: Document = from_slice(&to_vec(&doc)).unwrap();
    assert_eq!(again, doc);
    // Documents keep nulls inside collections.
    let docs: Vec<Document> = from_slice(b"[null, 1]").unwrap();
    assert_eq!(docs, vec![Document::Null, Document::from(1i64)]);
    assert_eq!(from_slice::<Document>(b"null").unwrap(), Document::Null);
    assert_eq!(json_of(&Document::from(f64::NAN)), "\"NaN\"");
}

#[test]
fn skip_unknown_nested_values() {
    let text = br#"{"unknown": {"x": [1, {"y": "}]\"{["}, [], [[null]], -1.5e-3, false], "z": {}}, "s": "kept", "u2": "\u00e9", "u3": true}"#;
    let v: Everything = from_slice(text).unwrap();
    assert_eq!(v.s.as_deref(), Some("kept"));
    // Skipping still validates.
    assert!(from_slice::<Everything>(br#"{"unknown": [1 2], "s": "x"}"#).is_err());
    assert!(from_slice::<Everything>(br#"{"unknown": {"a" 1}}"#).is_err());
    assert!(from_slice::<Everything>(br#"{"unknown": tru}"#).is_err());
    assert!(from_slice::<Everything>(br#"{"unknown": [1,]}"#).is_err());
    assert!(from_slice::<Everything>(br#"{"unknown": {"a":1,}}"#).is_err());
}

#[test]
fn depth_limit() {
    let deep = |n: usize| {
        let mut s = "[".repeat(n);
        s.push_str(&"]".repeat(n));
        s
    };
    // 128 levels are fine, 129 are not.
    assert!(from_slice::<Document>(deep(128).as_bytes()).is_ok());
    let err = from_slice::<Document>(deep(129).as_bytes()).unwrap_err();
    assert!(err.to_string().contains("nesting"), "{err}");
    assert_eq!(err.offset(), Some(128));
    // Very deep input: no stack overflow, for every entry point.
    let huge = "[".repeat(100_000);
    assert!(from_slice::<Document>(huge.as_bytes()).is_err());
    assert!(JsonReader::new(huge.as_bytes()).skip_value().is_err());
    let obj = r#"{"a":"#.repeat(100_000);
    assert!(from_slice::<Document>(obj.as_bytes()).is_err());
    let in_struct = format!(r#"{{"unknown": {huge}"#);
    assert!(from_slice::<Everything>(in_struct.as_bytes()).is_err());
    let nested_structs = r#"{"nested":"#.repeat(100_000);
    assert!(from_slice::<Everything>(nested_structs.as_bytes()).is_err());
    assert!(from_slice::<Vec<Vec<Vec<Document>>>>(huge.as_bytes()).is_err());
    // Depth is released after each container, so long flat sequences are fine.
    let wide = format!("[{}[]]", "[],".repeat(10_000));
    assert!(from_slice::<Document>(wide.as_bytes()).is_ok());
}

#[test]
fn truncated_input_never_panics() {
    let text = to_vec(&sample());
    for len in 1..text.len() {
        let prefix = &text[..len];
        assert!(
            from_slice::<Everything>(prefix).is_err(),
            "prefix {len} parsed"
        );
        assert!(
            from_slice::<Document>(prefix).is_err(),
            "prefix {len} parsed as document"
        );
        assert!(
            JsonReader::new(prefix).skip_value().is_err(),
            "prefix {len} skipped"
        );
    }
    assert_eq!(from_slice::<Everything>(&text).unwrap(), sample());
}

#[test]
fn wrong_types_are_errors() {
    let err = from_slice::<Everything>(br#"{"s": 17}"#).unwrap_err();
    assert_eq!(err.to_string(), "expected string at byte 6, found number");
    assert_eq!(err.offset(), Some(6));
    assert_eq!(err.message(), "expected string");
    let cases: &[&[u8]] = &[
        br#"{"b": "true"}"#,
        br#"{"i32": "1"}"#,
        br#"{"list": "a"}"#,
        br#"{"list": [1]}"#,
        br#"{"map": []}"#,
        br#"{"map": {"a": "b"}}"#,
        br#"{"nested": 1}"#,
        br#"{"blob": 1}"#,
        br#"{"tsIso": false}"#,
        br#"{"f64": {}}"#,
        br#"[]"#,
        br#""x""#,
        br#"{"s" "x"}"#,
        br#"{s: "x"}"#,
        br#"{"s": "x",}"#,
        br#"{"s": "x" "b": true}"#,
        br#"{"s": nul}"#,
    ];
    for case in cases {
        assert!(
            from_slice::<Everything>(case).is_err(),
            "{}",
            String::from_utf8_lossy(case)
        );
    }
}

#[test]
fn body_handling() {
    assert_eq!(
        from_slice::<Everything>(b"").unwrap(),
        Everything::default()
    );
    assert_eq!(
        from_slice::<Everything>(b" \r\n\t").unwrap(),
        Everything::default()
    );
    assert_eq!(
        from_slice::<HashMap<String, String>>(b"").unwrap(),
        HashMap::new()
    );
    assert_eq!(
        from_slice::<Everything>(b"\xEF\xBB\xBF{\"b\":false}")
            .unwrap()
            .b,
        Some(false)
    );
    assert!(from_slice::<String>(b"").is_err());
    assert!(from_slice::<Everything>(b"{} x").is_err());
    assert!(from_slice::<Everything>(b"{}}").is_err());
    assert!(from_slice::<Everything>(b"{}{}").is_err());
    let err = from_slice::<Everything>(b"{} 1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected end of input at byte 3, found number"
    );
    assert!(from_slice::<Everything>(b"null").is_err());
}

#[test]
fn null_handling_sparse_and_dense() {
    let v: Everything = from_slice(
        br#"{"s": null, "list": ["a", null, "b"], "sparse": [null, 2, null],
            "map": {"a": 1, "b": null}, "sparseMap": {"a": null, "b": "x"}, "nested": null}"#,
    )
    .unwrap();
    assert_eq!(v.s, None);
    assert_eq!(v.list, Some(vec!["a".to_owned(), "b".to_owned()]));
    assert_eq!(v.sparse, Some(vec![None, Some(2), None]));
    assert_eq!(v.map, Some(HashMap::from([("a".to_owned(), 1)])));
    assert_eq!(
        v.sparse_map,
        Some(BTreeMap::from([
            ("a".to_owned(), None),
            ("b".to_owned(), Some("x".to_owned()))
        ]))
    );
    assert_eq!(v.nested, None);

    assert_eq!(
        from_slice::<Vec<i32>>(b"[null]").unwrap(),
        Vec::<i32>::new()
    );
    assert_eq!(
        from_slice::<Vec<Option<i32>>>(b"[null]").unwrap(),
        vec![None]
    );
    assert_eq!(from_slice::<Option<i32>>(b"null").unwrap(), None);
    assert_eq!(from_slice::<Option<i32>>(b"5").unwrap(), Some(5));
    assert_eq!(from_slice::<Box<i32>>(b"5").unwrap(), Box::new(5));
    assert_eq!(
        from_slice::<Vec<Box<i32>>>(b"[null,5]").unwrap(),
        vec![Box::new(5)]
    );
    assert!(from_slice::<i32>(b"null").is_err());

    let mut r = JsonReader::new(b" null");
    assert!(r.next_is_null().unwrap());
    assert_eq!(r.read::<String>().unwrap(), None);
    r.finish().unwrap();
    let mut r = JsonReader::new(b"\"x\"");
    assert!(!r.next_is_null().unwrap());
    assert_eq!(r.read::<String>().unwrap().as_deref(), Some("x"));

    let err = from_slice::<Required>(br#"{"name": null}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected non-null value at byte 9, found null"
    );
    assert_eq!(
        from_slice::<Required>(br#"{"name": "n"}"#).unwrap(),
        Required {
            name: "n".to_owned()
        }
    );
    let err = from_slice::<Required>(b"{}").unwrap_err();
    assert_eq!(err.message(), "missing required member `name`");
}

#[test]
fn object_keys_and_duplicates() {
    let m: BTreeMap<String, i32> =
        from_slice(br#"{"a\"b": 1, "\u00e9": 2, "a\"b": 3, "": 4}"#).unwrap();
    assert_eq!(
        m,
        BTreeMap::from([
            ("a\"b".to_owned(), 3),
            ("é".to_owned(), 2),
            (String::new(), 4)
        ])
    );
    assert_eq!(json_of(&m), r#"{"":4,"a\"b":3,"é":2}"#);
    let mut seen = Vec::new();
    JsonReader::new(br#"{"x":1,"y":[2]}"#)
        .read_object(|r, k| {
            seen.push(k.to_owned());
            r.skip_value()
        })
        .unwrap();
    assert_eq!(seen, ["x", "y"]);
    // A callback that forgets to consume the value produces an error, not a hang or panic.
    let res = JsonReader::new(br#"{"x":1}"#).read_object(|_, _| Ok(()));
    assert!(res.is_err());
}

#[test]
fn writer_guards() {
    let mut w = JsonWriter::new();
    {
        let mut o = w.object();
        o.member("a", &1i32);
        o.member("b", "x");
        o.key("c").array().element().bool(true); // array guard dropped: closes `]`
        o.opt_member::<i32>("skipped", &None);
        o.opt_timestamp("t", &None, TimestampFormat::DateTime);
        o.timestamp("u", &DateTime::from_secs(0), TimestampFormat::HttpDate);
        // `o` dropped without `end()`: still closed exactly once.
    }
    assert_eq!(
        w.as_str(),
        r#"{"a":1,"b":"x","c":[true],"u":"Thu, 01 Jan 1970 00:00:00 GMT"}"#
    );
    let mut w = JsonWriter::default();
    let mut a = w.array();
    a.value(&1u8);
    a.element().null();
    a.value(&Some(2i16));
    a.value(&None::<i16>);
    a.element().object().end();
    a.end();
    assert_eq!(w.into_string(), "[1,null,2,null,{}]");
    assert_eq!(json_of(&Vec::<i32>::new()), "[]");
    assert_eq!(json_of(&[1i8, 2][..]), "[1,2]");
    assert_eq!(json_of(&HashMap::<String, i32>::new()), "{}");
    assert_eq!(to_vec(&true), b"true");
    let boxed: Box<str> = "b".into();
    assert_eq!(json_of(&boxed), "\"b\"");
}

#[test]
fn errors_api() {
    let e = DeserializeError::custom("boom");
    assert_eq!(e.to_string(), "boom");
    assert_eq!(e.offset(), None);
    assert_eq!(e.clone(), e);
    let e = DeserializeError::at("bad", 4);
    assert_eq!(e.to_string(), "bad at byte 4");
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert_eq!(boxed.to_string(), "bad at byte 4");
    let err = from_slice::<Everything>(b"{\"s\":").unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected string at byte 5, found end of input"
    );
}

/// Deterministic mutation fuzzing: malformed input must produce `Err`, never a panic, and
/// anything accepted must re-serialize to something accepted again.
#[test]
fn fuzz_mutations_never_panic() {
    let base = to_vec(&sample());
    let interesting = b"{}[]\":,\\ntfu0123456789.-+eE \xff\xc3";
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let (mut ok, mut err) = (0, 0);
    for _ in 0..10_000 {
        let mut input = base.clone();
        for _ in 0..rng.usize(1..4) {
            if input.is_empty() {
                break;
            }
            let at = rng.usize(..input.len());
            match rng.u8(..5) {
                0 => input[at] = interesting[rng.usize(..interesting.len())],
                1 => {
                    input.remove(at);
                }
                2 => input.insert(at, interesting[rng.usize(..interesting.len())]),
                3 => input.truncate(at),
                _ => {
                    let end = rng.usize(at..input.len());
                    let chunk = input[at..end].to_vec();
                    let tail = input.split_off(rng.usize(..=input.len()));
                    input.extend(chunk);
                    input.extend(tail);
                }
            }
        }
        match from_slice::<Everything>(&input) {
            Ok(v) => {
                ok += 1;
                let again = to_vec(&v);
                assert!(from_slice::<Everything>(&again).is_ok());
            }
            Err(e) => {
                err += 1;
                assert!(!e.to_string().is_empty());
            }
        }
        if let Ok(d) = from_slice::<Document>(&input) {
            assert!(from_slice::<Document>(&to_vec(&d)).is_ok());
        }
        let _ = JsonReader::new(&input).skip_value();
    }
    assert!(ok > 0 && err > 0, "ok={ok} err={err}");
}
