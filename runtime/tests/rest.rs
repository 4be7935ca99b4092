//! Tests for `smelt_runtime::rest` (HTTP binding helpers).

use smelt_runtime::rest::{
    base64_decode, base64_encode, encode_greedy_label, encode_label, encode_query, format_f64,
    header_list, parse_f64, parse_header, split_header_list, split_http_date_list, ParseError,
    QueryWriter,
};
use smelt_runtime::types::DateTime;

#[test]
fn labels() {
    assert_eq!(
        encode_label("arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc/def"),
        "arn%3Aaws%3Adocdb-elastic%3Aus-east-1%3A123456789012%3Acluster-snapshot%2Fabc%2Fdef"
    );
    assert_eq!(encode_label("a b+c"), "a%20b%2Bc");
    assert_eq!(encode_label("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(
        encode_label("%?#[]@!$&'()*,;="),
        "%25%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2C%3B%3D"
    );
    assert_eq!(encode_label("é😀"), "%C3%A9%F0%9F%98%80");
    assert_eq!(encode_label(""), "");
    assert_eq!(encode_greedy_label("a/b c/d:e"), "a/b%20c/d%3Ae");
    assert_eq!(
        encode_greedy_label("/leading//double/"),
        "/leading//double/"
    );
}

#[test]
fn query_encoding() {
    assert_eq!(encode_query("a b&c=d+e/f?"), "a%20b%26c%3Dd%2Be%2Ff%3F");
    assert_eq!(encode_query("~._-"), "~._-");
    assert_eq!(encode_query("ü"), "%C3%BC");
}

#[test]
fn query_writer() {
    assert_eq!(QueryWriter::new("/path").finish(), "/path");
    assert_eq!(
        QueryWriter::new("/x?list-type=2").finish(),
        "/x?list-type=2"
    );

    let mut q = QueryWriter::new("/path");
    q.push("k", "v 1");
    q.push("a&b", "c=d");
    q.push("empty", "");
    q.push_key("flag");
    assert_eq!(q.finish(), "/path?k=v%201&a%26b=c%3Dd&empty=&flag");

    let mut q = QueryWriter::new("/x?list-type=2");
    q.push("prefix", "a/b");
    assert_eq!(q.finish(), "/x?list-type=2&prefix=a%2Fb");

    let mut q = QueryWriter::new("/x?");
    q.push("a", "1");
    assert_eq!(q.finish(), "/x?a=1");

    let mut q = QueryWriter::new("/x?tagging");
    q.push("a", "1");
    assert_eq!(q.finish(), "/x?tagging&a=1");

    let mut q = QueryWriter::new("/x?a=1&");
    q.push_key("b");
    assert_eq!(q.finish(), "/x?a=1&b");
}

#[test]
fn header_lists() {
    assert_eq!(header_list(["a", "b", "c"]), "a, b, c");
    assert_eq!(header_list(Vec::<String>::new()), "");
    assert_eq!(
        header_list(vec!["a,b".to_owned(), "c".to_owned()]),
        "\"a,b\", c"
    );
    assert_eq!(header_list(["say \"hi\""]), r#""say \"hi\"""#);
    assert_eq!(header_list([" padded", ""]), r#"" padded", """#);
    assert_eq!(header_list([r#"back\slash"#]), r#"back\slash"#);
    assert_eq!(header_list([r#"q"\"#]), r#""q\"\\""#);

    assert_eq!(split_header_list("a, b,c").unwrap(), ["a", "b", "c"]);
    assert_eq!(split_header_list("  a  ,\tb\t").unwrap(), ["a", "b"]);
    assert_eq!(split_header_list("").unwrap(), Vec::<String>::new());
    assert_eq!(split_header_list(" , ,").unwrap(), Vec::<String>::new());
    assert_eq!(split_header_list("a,,b,").unwrap(), ["a", "b"]);
    assert_eq!(split_header_list(r#""a,b", c"#).unwrap(), ["a,b", "c"]);
    assert_eq!(
        split_header_list(r#""say \"hi\"" , "x""#).unwrap(),
        ["say \"hi\"", "x"]
    );
    assert_eq!(split_header_list(r#""""#).unwrap(), [""]);
    assert_eq!(split_header_list("1 2, é").unwrap(), ["1 2", "é"]);

    for bad in [r#""open"#, r#""a" b"#, r#""esc\"#] {
        let err: ParseError = split_header_list(bad).unwrap_err();
        assert!(!err.to_string().is_empty());
    }

    // Round trip of awkward values.
    let values = vec![
        "plain".to_owned(),
        "with, comma".to_owned(),
        "\"quoted\"".to_owned(),
        " spaces ".to_owned(),
        String::new(),
        "back\\slash\"".to_owned(),
        "ü,😀".to_owned(),
    ];
    assert_eq!(split_header_list(&header_list(&values)).unwrap(), values);
}

#[test]
fn http_date_lists() {
    let dates =
        split_http_date_list("Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT")
            .unwrap();
    assert_eq!(
        dates,
        [
            DateTime::from_secs(1_576_540_098),
            DateTime::from_secs(1_576_626_498)
        ]
    );
    assert_eq!(
        split_http_date_list("Mon, 16 Dec 2019 23:48:18 GMT").unwrap(),
        [DateTime::from_secs(1_576_540_098)]
    );
    assert_eq!(split_http_date_list("").unwrap(), []);
    assert_eq!(split_http_date_list("  ").unwrap(), []);
    assert!(split_http_date_list("Mon, 16 Dec 2019 23:48:18 GMT, Tue").is_err());
    assert!(split_http_date_list("Mon").is_err());
    assert!(split_http_date_list("16 Dec 2019 23:48:18 GMT, 17 Dec 2019 23:48:18 GMT").is_err());
    // Empty list elements are ignored, as for other header lists.
    assert_eq!(
        split_http_date_list("Mon, 16 Dec 2019 23:48:18 GMT,, ").unwrap(),
        [DateTime::from_secs(1_576_540_098)]
    );
}

#[test]
fn header_values() {
    assert_eq!(parse_header::<i32>("X-Int", " 42 ").unwrap(), 42);
    assert_eq!(
        parse_header::<i64>("X-Long", "-9223372036854775808").unwrap(),
        i64::MIN
    );
    assert!(parse_header::<bool>("X-Bool", "true").unwrap());
    assert_eq!(parse_header::<f64>("X-Double", "1.5").unwrap(), 1.5);
    let err = parse_header::<i32>("X-Int", "forty-two").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid value `forty-two` for header `X-Int`"
    );
    assert!(parse_header::<i8>("X-Byte", "300").is_err());
    assert!(parse_header::<bool>("X-Bool", "yes").is_err());

    assert!(parse_f64("X-D", "NaN").unwrap().is_nan());
    assert_eq!(parse_f64("X-D", "Infinity").unwrap(), f64::INFINITY);
    assert_eq!(parse_f64("X-D", " -Infinity").unwrap(), f64::NEG_INFINITY);
    assert_eq!(parse_f64("X-D", "1e3").unwrap(), 1000.0);
    assert!(parse_f64("X-D", "x")
        .unwrap_err()
        .to_string()
        .contains("X-D"));
}

#[test]
fn floats() {
    assert_eq!(format_f64(f64::NAN), "NaN");
    assert_eq!(format_f64(f64::INFINITY), "Infinity");
    assert_eq!(format_f64(f64::NEG_INFINITY), "-Infinity");
    assert_eq!(format_f64(1.1), "1.1");
    assert_eq!(format_f64(-0.5), "-0.5");
    assert_eq!(format_f64(1e300), "1e300");
    let mut rng = fastrand::Rng::with_seed(3);
    for _ in 0..2_000 {
        let v = f64::from_bits(rng.u64(..));
        if v.is_finite() {
            let back: f64 = format_f64(v).parse().unwrap();
            assert_eq!(back.to_bits(), v.to_bits());
        }
    }
}

#[test]
fn base64() {
    assert_eq!(base64_encode(b""), "");
    assert_eq!(base64_encode(b"f"), "Zg==");
    assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
    assert_eq!(base64_encode(&[0xfb, 0xff]), "+/8=");
    assert_eq!(base64_decode("Zg==").unwrap(), b"f");
    assert_eq!(base64_decode("Zg").unwrap(), b"f");
    assert_eq!(base64_decode("Zg=").unwrap(), b"f");
    assert_eq!(base64_decode(" Zm9vYmFy\n").unwrap(), b"foobar");
    assert_eq!(base64_decode("+/8=").unwrap(), [0xfb, 0xff]);
    for bad in ["Z", "Zg===", "-_8=", "Zm9v YmFy", "é"] {
        assert!(base64_decode(bad).is_err(), "{bad}");
    }
}
