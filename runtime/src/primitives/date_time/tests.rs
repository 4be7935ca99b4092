//! Tests of [`DateTime`]: the calendar, parsing and formatting in the three formats, and the
//! conversions.

use super::*;

fn dt(s: &str) -> DateTime {
    DateTime::parse(s, TimestampFormat::DateTime).expect(s)
}

#[test]
fn civil_round_trip_over_wide_range() {
    for days in (-800_000i64..800_000).step_by(97) {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        assert!(d >= 1 && d <= days_in_month(y, m));
    }
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
}

#[test]
fn rfc3339_parse() {
    assert_eq!(dt("1970-01-01T00:00:00Z"), DateTime::from_secs(0));
    assert_eq!(
        dt("1985-04-12T23:20:50.52Z"),
        DateTime::from_secs_and_nanos(482_196_050, 520_000_000)
    );
    assert_eq!(dt("1985-04-12t23:20:50.52z"), dt("1985-04-12T23:20:50.52Z"));
    assert_eq!(
        dt("1985-04-12T23:20:50+01:00"),
        DateTime::from_secs(482_192_450)
    );
    assert_eq!(dt("1996-12-19T16:39:57-08:00"), dt("1996-12-20T00:39:57Z"));
    assert_eq!(dt("1996-12-19T16:39:57-0800"), dt("1996-12-20T00:39:57Z"));
    assert_eq!(
        dt("2019-12-16T23:48:18.123456789123Z"),
        DateTime::from_secs_and_nanos(1_576_540_098, 123_456_789)
    );
    assert_eq!(dt("2000-02-29T00:00:00Z"), DateTime::from_secs(951_782_400));
    assert_eq!(
        dt("1969-12-31T23:59:59.5Z"),
        DateTime::from_secs_and_nanos(-1, 500_000_000)
    );
    assert_eq!(dt("0000-01-01T00:00:00Z").secs(), -62_167_219_200);
}

#[test]
fn rfc3339_parse_errors() {
    for bad in [
        "",
        "1985-04-12",
        "1985-04-12T23:20:50",
        "1985-04-12T23:20:50.Z",
        "1985-13-12T23:20:50Z",
        "1985-02-29T23:20:50Z",
        "1900-02-29T00:00:00Z",
        "1985-04-12T24:20:50Z",
        "1985-04-12T23:60:50Z",
        "1985-04-12T23:20:50Zjunk",
        "1985-04-12T23:20:50+25:00",
        "85-04-12T23:20:50Z",
        "1985-04-12T23:20:50+01",
        "１９８５-04-12T23:20:50Z",
    ] {
        let e = DateTime::parse(bad, TimestampFormat::DateTime);
        assert!(e.is_err(), "{bad:?} parsed as {e:?}");
    }
    let msg = DateTime::parse("nope", TimestampFormat::DateTime)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("nope") && msg.contains("date-time"), "{msg}");
}

#[test]
fn rfc3339_format() {
    let f = |d: DateTime| d.fmt(TimestampFormat::DateTime).unwrap();
    assert_eq!(f(DateTime::from_secs(0)), "1970-01-01T00:00:00Z");
    assert_eq!(
        f(DateTime::from_secs_and_nanos(482_196_050, 520_000_000)),
        "1985-04-12T23:20:50.52Z"
    );
    assert_eq!(
        f(DateTime::from_secs_and_nanos(1_576_540_098, 123_000_000)),
        "2019-12-16T23:48:18.123Z"
    );
    assert_eq!(
        f(DateTime::from_secs_and_nanos(1_576_540_098, 123_456_780)),
        "2019-12-16T23:48:18.12345678Z"
    );
    assert_eq!(
        f(DateTime::from_secs_and_nanos(-1, 999_999_999)),
        "1969-12-31T23:59:59.999999999Z"
    );
    assert_eq!(
        f(DateTime::from_secs(253_402_300_799)),
        "9999-12-31T23:59:59Z"
    );
    assert!(DateTime::from_secs(253_402_300_800)
        .fmt(TimestampFormat::DateTime)
        .is_err());
    assert!(DateTime::from_secs(i64::MIN)
        .fmt(TimestampFormat::HttpDate)
        .is_err());
    assert!(DateTime::from_secs(i64::MAX)
        .fmt(TimestampFormat::DateTime)
        .is_err());
    assert_eq!(
        DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000).to_string(),
        "2019-12-16T23:48:18.52Z"
    );
    assert_eq!(
        DateTime::from_secs(i64::MAX).to_string(),
        i64::MAX.to_string()
    );
}

#[test]
fn http_date() {
    let p = |s: &str| DateTime::parse(s, TimestampFormat::HttpDate);
    assert_eq!(
        p("Tue, 29 Apr 2014 18:30:38 GMT").unwrap(),
        DateTime::from_secs(1_398_796_238)
    );
    assert_eq!(
        p("Mon, 16 Dec 2019 23:48:18.52 GMT").unwrap(),
        DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000)
    );
    assert_eq!(
        DateTime::from_secs(1_398_796_238)
            .fmt(TimestampFormat::HttpDate)
            .unwrap(),
        "Tue, 29 Apr 2014 18:30:38 GMT"
    );
    assert_eq!(
        DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000)
            .fmt(TimestampFormat::HttpDate)
            .unwrap(),
        "Mon, 16 Dec 2019 23:48:18 GMT"
    );
    assert_eq!(
        DateTime::from_secs(0)
            .fmt(TimestampFormat::HttpDate)
            .unwrap(),
        "Thu, 01 Jan 1970 00:00:00 GMT"
    );
    for bad in [
        "",
        "Tue, 29 Apr 2014 18:30:38",
        "Tue, 29 Apr 2014 18:30:38 UTC",
        "Tue 29 Apr 2014 18:30:38 GMT",
        "Xyz, 29 Apr 2014 18:30:38 GMT",
        "Tue, 31 Apr 2014 18:30:38 GMT",
        "Tue, 29 Foo 2014 18:30:38 GMT",
        "Tue, 29 Apr 2014 18:30:38 GMTX",
        "Tu",
        "Tue, 29 Ap",
    ] {
        assert!(p(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn epoch_seconds() {
    let p = |s: &str| DateTime::parse(s, TimestampFormat::EpochSeconds);
    assert_eq!(p("1515531081").unwrap(), DateTime::from_secs(1_515_531_081));
    assert_eq!(
        p("1515531081.123").unwrap(),
        DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000)
    );
    assert_eq!(p("1.5e9").unwrap(), DateTime::from_secs(1_500_000_000));
    assert_eq!(
        p("15E-1").unwrap(),
        DateTime::from_secs_and_nanos(1, 500_000_000)
    );
    assert_eq!(
        p("1.2345e-5").unwrap(),
        DateTime::from_secs_and_nanos(0, 12_345)
    );
    assert_eq!(
        p("-1.5").unwrap(),
        DateTime::from_secs_and_nanos(-2, 500_000_000)
    );
    assert_eq!(p("-2").unwrap(), DateTime::from_secs(-2));
    assert_eq!(p("0.000").unwrap(), DateTime::from_secs(0));
    assert_eq!(p("0e999999999999").unwrap(), DateTime::from_secs(0));
    assert_eq!(p("1e-999999999999").unwrap(), DateTime::from_secs(0));
    assert_eq!(
        p("9223372036854775807").unwrap(),
        DateTime::from_secs(i64::MAX)
    );
    assert_eq!(
        p("-9223372036854775808").unwrap(),
        DateTime::from_secs(i64::MIN)
    );
    for bad in [
        "",
        "-",
        ".",
        "1e",
        "abc",
        "1.5x",
        "9223372036854775808",
        "1e19",
        "1e999999",
        "NaN",
    ] {
        assert!(p(bad).is_err(), "{bad:?}");
    }
    let f = |d: DateTime| d.fmt(TimestampFormat::EpochSeconds).unwrap();
    assert_eq!(f(DateTime::from_secs(1_515_531_081)), "1515531081");
    assert_eq!(
        f(DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000)),
        "1515531081.123"
    );
    assert_eq!(f(DateTime::from_secs_and_nanos(1, 500_000_000)), "1.5");
    assert_eq!(f(DateTime::from_secs_and_nanos(-1, 500_000_000)), "-0.5");
    assert_eq!(f(DateTime::from_secs_and_nanos(-2, 250_000_000)), "-1.75");
    assert_eq!(f(DateTime::from_secs_and_nanos(0, 1)), "0.000000001");
    assert_eq!(f(DateTime::from_secs(i64::MIN)), "-9223372036854775808");
    for d in [
        DateTime::from_secs_and_nanos(i64::MIN, 1),
        DateTime::from_secs_and_nanos(-7, 999_999_999),
        DateTime::from_secs_and_nanos(i64::MAX, 999_999_999),
    ] {
        assert_eq!(p(&f(d)).unwrap(), d);
    }
}

#[test]
fn constructors_and_conversions() {
    assert_eq!(
        DateTime::from_millis(-1),
        DateTime::from_secs_and_nanos(-1, 999_000_000)
    );
    assert_eq!(
        DateTime::from_millis(1_500),
        DateTime::from_secs_and_nanos(1, 500_000_000)
    );
    assert_eq!(
        DateTime::from_secs_and_nanos(1, 2_500_000_000),
        DateTime::from_secs_and_nanos(3, 500_000_000)
    );
    assert_eq!(
        DateTime::from_secs_and_nanos(i64::MAX, 1_000_000_000).secs(),
        i64::MAX
    );
    assert_eq!(
        DateTime::from_secs_f64(1.5),
        DateTime::from_secs_and_nanos(1, 500_000_000)
    );
    assert_eq!(
        DateTime::from_secs_f64(-0.25),
        DateTime::from_secs_and_nanos(-1, 750_000_000)
    );
    assert_eq!(DateTime::from_secs_f64(f64::NAN), DateTime::UNIX_EPOCH);
    assert_eq!(DateTime::from_secs_f64(f64::INFINITY).secs(), i64::MAX);
    assert_eq!(DateTime::from_secs_f64(-1e300).secs(), i64::MIN);
    assert_eq!(
        DateTime::from_secs_and_nanos(-1, 750_000_000).as_secs_f64(),
        -0.25
    );
    assert_eq!(
        DateTime::from_secs_and_nanos(2, 1_000_000).to_millis(),
        Some(2001)
    );
    assert_eq!(DateTime::from_secs_and_nanos(2, 1_000_000).secs(), 2);
    assert_eq!(
        DateTime::from_secs_and_nanos(2, 1_000_000).subsec_nanos(),
        1_000_000
    );

    let t = UNIX_EPOCH + Duration::new(1_515_531_081, 123);
    let d = DateTime::from(t);
    assert_eq!(d, DateTime::from_secs_and_nanos(1_515_531_081, 123));
    assert_eq!(SystemTime::try_from(d).unwrap(), t);
    let before = UNIX_EPOCH - Duration::new(5, 250_000_000);
    let d = DateTime::from_system_time(before);
    assert_eq!(d, DateTime::from_secs_and_nanos(-6, 750_000_000));
    assert_eq!(SystemTime::try_from(d).unwrap(), before);
    assert!(DateTime::from_secs(i64::MAX).as_secs_f64().is_finite());
    assert!(DateTime::from_secs_and_nanos(1, 0) < DateTime::from_secs_and_nanos(1, 1));
    assert!(DateTime::from_secs_and_nanos(-1, 999_999_999) < DateTime::from_secs(0));
}
