//! Smithy primitive types that have no direct Rust equivalent: timestamps, blobs, byte streams,
//! documents and arbitrary-precision numbers.

pub use crate::body::{ByteStream, ByteStreamError};

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;

// ---------------------------------------------------------------------------------------------
// DateTime
// ---------------------------------------------------------------------------------------------

/// A point in time with nanosecond precision, stored as seconds since the Unix epoch
/// (`1970-01-01T00:00:00Z`) plus a non-negative sub-second part.
///
/// Instants before the epoch have negative `secs` and a `subsec_nanos` that counts *forward* from
/// that second, so `-0.5` seconds is `secs = -1, subsec_nanos = 500_000_000`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DateTime {
    seconds: i64,
    subsec_nanos: u32,
}

/// The wire representations of a Smithy `timestamp` (the `@timestampFormat` trait values).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// RFC 3339 date-time, e.g. `1985-04-12T23:20:50.52Z`.
    DateTime,
    /// IMF-fixdate (RFC 7231), e.g. `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
    /// Seconds since the Unix epoch with optional fraction, e.g. `1515531081.123`.
    EpochSeconds,
}

/// Error returned when a timestamp string cannot be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeParseError {
    message: String,
}

impl DateTimeParseError {
    fn new(format: TimestampFormat, input: &str, reason: &str) -> Self {
        let kind = match format {
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
            TimestampFormat::EpochSeconds => "epoch-seconds",
        };
        // Keep error messages bounded even for huge inputs.
        let shown: String = input.chars().take(64).collect();
        let ellipsis = if shown.len() < input.len() { "..." } else { "" };
        DateTimeParseError {
            message: format!("invalid {kind} timestamp `{shown}{ellipsis}`: {reason}"),
        }
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateTimeParseError {}

/// Error returned when a [`DateTime`] cannot be represented in the requested format
/// (the year is outside `0000..=9999`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeFormatError {
    message: String,
}

impl fmt::Display for DateTimeFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateTimeFormatError {}

/// Error returned when a [`DateTime`] is outside the range of [`SystemTime`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemTimeRangeError {
    value: DateTime,
}

impl fmt::Display for SystemTimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "timestamp {}.{:09} (epoch seconds) is out of range for SystemTime",
            self.value.seconds, self.value.subsec_nanos
        )
    }
}

impl std::error::Error for SystemTimeRangeError {}

impl DateTime {
    /// The Unix epoch, `1970-01-01T00:00:00Z`.
    pub const UNIX_EPOCH: DateTime = DateTime {
        seconds: 0,
        subsec_nanos: 0,
    };

    /// Creates a timestamp from whole seconds since the Unix epoch.
    pub const fn from_secs(secs: i64) -> Self {
        DateTime {
            seconds: secs,
            subsec_nanos: 0,
        }
    }

    /// Creates a timestamp from seconds since the epoch plus a sub-second part.
    ///
    /// `nanos` values of one second or more are carried into `secs` (saturating at the `i64`
    /// range).
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        let carry = (nanos / NANOS_PER_SEC) as i64;
        let nanos = nanos % NANOS_PER_SEC;
        match secs.checked_add(carry) {
            Some(seconds) => DateTime {
                seconds,
                subsec_nanos: nanos,
            },
            None => DateTime {
                seconds: i64::MAX,
                subsec_nanos: NANOS_PER_SEC - 1,
            },
        }
    }

    /// Creates a timestamp from fractional seconds since the epoch, rounded to the nearest
    /// nanosecond (within `f64` precision).
    ///
    /// Values outside the `i64` seconds range saturate; `NaN` maps to the epoch.
    pub fn from_secs_f64(secs: f64) -> Self {
        if secs.is_nan() {
            return DateTime::UNIX_EPOCH;
        }
        let whole = secs.floor();
        if whole >= i64::MAX as f64 {
            return DateTime::from_secs(i64::MAX);
        }
        if whole < i64::MIN as f64 {
            return DateTime::from_secs(i64::MIN);
        }
        let mut seconds = whole as i64;
        let mut nanos = ((secs - whole) * f64::from(NANOS_PER_SEC)).round() as u32;
        if nanos >= NANOS_PER_SEC {
            nanos = 0;
            seconds = seconds.saturating_add(1);
        }
        DateTime {
            seconds,
            subsec_nanos: nanos,
        }
    }

    /// Creates a timestamp from milliseconds since the epoch.
    pub const fn from_millis(millis: i64) -> Self {
        DateTime {
            seconds: millis.div_euclid(1000),
            subsec_nanos: (millis.rem_euclid(1000) as u32) * 1_000_000,
        }
    }

    /// Creates a timestamp from a [`SystemTime`] (saturating at the `i64` seconds range).
    pub fn from_system_time(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => {
                let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                DateTime::from_secs_and_nanos(secs, d.subsec_nanos())
            }
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                let nanos = d.subsec_nanos();
                if nanos == 0 {
                    DateTime::from_secs(-secs)
                } else {
                    // -(secs + nanos) == -(secs + 1) + (1e9 - nanos)
                    match secs.checked_add(1) {
                        Some(s) => DateTime {
                            seconds: -s,
                            subsec_nanos: NANOS_PER_SEC - nanos,
                        },
                        None => DateTime::from_secs(i64::MIN),
                    }
                }
            }
        }
    }

    /// Whole seconds since the epoch (rounded towards negative infinity).
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs), always in `0..1_000_000_000`.
    pub const fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// Seconds since the epoch as a floating-point number (lossy for large values).
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.subsec_nanos) / f64::from(NANOS_PER_SEC)
    }

    /// Milliseconds since the epoch (rounded towards negative infinity), or `None` on overflow.
    pub fn to_millis(&self) -> Option<i64> {
        self.seconds
            .checked_mul(1000)?
            .checked_add(i64::from(self.subsec_nanos / 1_000_000))
    }

    /// Parses a timestamp in the given wire format.
    ///
    /// * `DateTime`: RFC 3339 (`T`/`t`/space separator, `Z`/`z` or `±HH:MM` offset, fractional
    ///   seconds of any length; digits past nanoseconds are truncated).
    /// * `HttpDate`: IMF-fixdate, optionally with fractional seconds.
    /// * `EpochSeconds`: integer, decimal or exponent notation (`1515531081`, `1515531081.123`,
    ///   `1.5e9`), parsed exactly (no floating-point rounding).
    pub fn parse(s: &str, format: TimestampFormat) -> Result<DateTime, DateTimeParseError> {
        let result = match format {
            TimestampFormat::DateTime => parse_rfc3339(s.as_bytes()),
            TimestampFormat::HttpDate => parse_http_date(s.as_bytes()),
            TimestampFormat::EpochSeconds => parse_epoch_seconds(s.as_bytes()),
        };
        result.map_err(|reason| DateTimeParseError::new(format, s, reason))
    }

    /// Formats the timestamp in the given wire format.
    ///
    /// Fails only for `DateTime`/`HttpDate` when the year is outside `0000..=9999`;
    /// `EpochSeconds` always succeeds. Fractional seconds are written only when non-zero, without
    /// trailing zeros (HTTP dates always use whole seconds).
    pub fn fmt(&self, format: TimestampFormat) -> Result<String, DateTimeFormatError> {
        let mut out = String::new();
        match format {
            TimestampFormat::EpochSeconds => self.write_epoch_seconds(&mut out),
            TimestampFormat::DateTime => self.write_rfc3339(&mut out)?,
            TimestampFormat::HttpDate => self.write_http_date(&mut out)?,
        }
        Ok(out)
    }

    /// Appends the epoch-seconds representation (never fails).
    pub(crate) fn write_epoch_seconds(&self, out: &mut String) {
        use fmt::Write;
        if self.subsec_nanos == 0 {
            let _ = write!(out, "{}", self.seconds);
            return;
        }
        if self.seconds < 0 {
            // Value = -((-seconds - 1) + (1e9 - nanos) / 1e9)
            let int = (-(self.seconds + 1)) as u64;
            let frac = NANOS_PER_SEC - self.subsec_nanos;
            let _ = write!(out, "-{int}");
            push_fraction(out, frac);
        } else {
            let _ = write!(out, "{}", self.seconds);
            push_fraction(out, self.subsec_nanos);
        }
    }

    fn civil(&self) -> Result<Civil, DateTimeFormatError> {
        let days = self.seconds.div_euclid(SECS_PER_DAY);
        let sod = self.seconds.rem_euclid(SECS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        if !(0..=9999).contains(&year) {
            return Err(DateTimeFormatError {
                message: format!(
                    "timestamp {} (epoch seconds) has year {year}, outside the formattable range 0000..=9999",
                    self.seconds
                ),
            });
        }
        Ok(Civil {
            year: year as u32,
            month,
            day,
            hour: (sod / 3600) as u32,
            minute: (sod / 60 % 60) as u32,
            second: (sod % 60) as u32,
            weekday: (days + 4).rem_euclid(7) as usize,
        })
    }

    fn write_rfc3339(&self, out: &mut String) -> Result<(), DateTimeFormatError> {
        use fmt::Write;
        let c = self.civil()?;
        let _ = write!(
            out,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        );
        if self.subsec_nanos != 0 {
            push_fraction(out, self.subsec_nanos);
        }
        out.push('Z');
        Ok(())
    }

    fn write_http_date(&self, out: &mut String) -> Result<(), DateTimeFormatError> {
        use fmt::Write;
        let c = self.civil()?;
        let _ = write!(
            out,
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            WEEKDAYS[c.weekday],
            c.day,
            MONTHS[(c.month - 1) as usize],
            c.year,
            c.hour,
            c.minute,
            c.second
        );
        Ok(())
    }
}

/// Writes `.ddddddddd` for a non-zero nanosecond count, trimming trailing zeros.
fn push_fraction(out: &mut String, nanos: u32) {
    let digits = format!("{nanos:09}");
    let trimmed = digits.trim_end_matches('0');
    if !trimmed.is_empty() {
        out.push('.');
        out.push_str(trimmed);
    }
}

struct Civil {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: usize,
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl fmt::Display for DateTime {
    /// RFC 3339 (`2019-12-16T23:48:18.52Z`); timestamps whose year is outside `0000..=9999` are
    /// shown as epoch seconds instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        if self.write_rfc3339(&mut out).is_err() {
            out.clear();
            self.write_epoch_seconds(&mut out);
        }
        f.write_str(&out)
    }
}

impl From<SystemTime> for DateTime {
    fn from(t: SystemTime) -> Self {
        DateTime::from_system_time(t)
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = SystemTimeRangeError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let err = SystemTimeRangeError { value };
        if value.seconds >= 0 {
            let d = Duration::new(value.seconds as u64, value.subsec_nanos);
            UNIX_EPOCH.checked_add(d).ok_or(err)
        } else {
            let back = Duration::from_secs(value.seconds.unsigned_abs());
            UNIX_EPOCH
                .checked_sub(back)
                .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(value.subsec_nanos))))
                .ok_or(err)
        }
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (month 1..=12, day 1..=31).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// Minimal byte cursor used by the timestamp parsers.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

type PResult<T> = Result<T, &'static str>;

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8, what: &'static str) -> PResult<()> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(what)
        }
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize, what: &'static str) -> PResult<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    v = v * 10 + u32::from(b - b'0');
                    self.pos += 1;
                }
                _ => return Err(what),
            }
        }
        Ok(v)
    }

    /// One or more digits, returned as a slice.
    fn digit_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        &self.s[start..self.pos]
    }

    /// Optional `.digits` fraction (also accepts `,` as ISO 8601 allows); returns nanoseconds,
    /// truncating digits beyond the ninth.
    fn fraction(&mut self) -> PResult<u32> {
        if !(self.eat(b'.') || self.eat(b',')) {
            return Ok(0);
        }
        let digits = self.digit_run();
        if digits.is_empty() {
            return Err("expected digits after decimal point");
        }
        Ok(nanos_from_digits(digits))
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }
}

/// Interprets up to the first nine digits as a fraction of a second.
fn nanos_from_digits(digits: &[u8]) -> u32 {
    let mut nanos = 0u32;
    for i in 0..9 {
        let d = digits.get(i).map_or(0, |b| u32::from(b - b'0'));
        nanos = nanos * 10 + d;
    }
    nanos
}

fn time_of_day(c: &mut Cursor<'_>) -> PResult<(i64, u32)> {
    let hour = c.digits(2, "expected two-digit hour")?;
    c.expect(b':', "expected `:` after hour")?;
    let minute = c.digits(2, "expected two-digit minute")?;
    c.expect(b':', "expected `:` after minute")?;
    let second = c.digits(2, "expected two-digit second")?;
    let nanos = c.fraction()?;
    if hour > 23 || minute > 59 || second > 60 {
        return Err("time of day out of range");
    }
    Ok((
        i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second),
        nanos,
    ))
}

fn checked_date(year: u32, month: u32, day: u32) -> PResult<i64> {
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    if day == 0 || day > days_in_month(i64::from(year), month) {
        return Err("day out of range");
    }
    Ok(days_from_civil(i64::from(year), month, day))
}

fn parse_rfc3339(s: &[u8]) -> PResult<DateTime> {
    let mut c = Cursor { s, pos: 0 };
    let year = c.digits(4, "expected four-digit year")?;
    c.expect(b'-', "expected `-` after year")?;
    let month = c.digits(2, "expected two-digit month")?;
    c.expect(b'-', "expected `-` after month")?;
    let day = c.digits(2, "expected two-digit day")?;
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return Err("expected `T` between date and time");
    }
    let days = checked_date(year, month, day)?;
    let (sod, nanos) = time_of_day(&mut c)?;
    let offset = match c.peek() {
        Some(b'Z' | b'z') => {
            c.pos += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let h = c.digits(2, "expected two-digit offset hour")?;
            c.eat(b':');
            let m = c.digits(2, "expected two-digit offset minute")?;
            if h > 23 || m > 59 {
                return Err("offset out of range");
            }
            let off = i64::from(h) * 3600 + i64::from(m) * 60;
            if sign == b'+' {
                off
            } else {
                -off
            }
        }
        _ => return Err("expected `Z` or a numeric offset"),
    };
    if !c.at_end() {
        return Err("unexpected trailing characters");
    }
    Ok(DateTime {
        seconds: days * SECS_PER_DAY + sod - offset,
        subsec_nanos: nanos,
    })
}

fn parse_http_date(s: &[u8]) -> PResult<DateTime> {
    let mut c = Cursor { s, pos: 0 };
    let wd = s.get(0..3).ok_or("expected day name")?;
    if !WEEKDAYS
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(wd))
    {
        return Err("expected day name");
    }
    c.pos = 3;
    c.expect(b',', "expected `,` after day name")?;
    c.expect(b' ', "expected space after day name")?;
    let day = match c.digits(2, "expected two-digit day") {
        Ok(d) => d,
        Err(_) => c.digits(1, "expected day of month")?,
    };
    c.expect(b' ', "expected space after day")?;
    let mon = s.get(c.pos..c.pos + 3).ok_or("expected month name")?;
    let month = MONTHS
        .iter()
        .position(|m| m.as_bytes().eq_ignore_ascii_case(mon))
        .ok_or("expected month name")? as u32
        + 1;
    c.pos += 3;
    c.expect(b' ', "expected space after month")?;
    let year = c.digits(4, "expected four-digit year")?;
    c.expect(b' ', "expected space after year")?;
    let days = checked_date(year, month, day)?;
    let (sod, nanos) = time_of_day(&mut c)?;
    c.expect(b' ', "expected ` GMT`")?;
    let tz = s.get(c.pos..).unwrap_or_default();
    if !tz.eq_ignore_ascii_case(b"GMT") {
        return Err("expected ` GMT`");
    }
    Ok(DateTime {
        seconds: days * SECS_PER_DAY + sod,
        subsec_nanos: nanos,
    })
}

/// Exact decimal parser for epoch seconds: `[+-]digits[.digits][(e|E)[+-]digits]`.
fn parse_epoch_seconds(s: &[u8]) -> PResult<DateTime> {
    let mut c = Cursor { s, pos: 0 };
    let negative = if c.eat(b'-') {
        true
    } else {
        c.eat(b'+');
        false
    };
    let int = c.digit_run();
    let frac = if c.eat(b'.') { c.digit_run() } else { &[] };
    if int.is_empty() && frac.is_empty() {
        return Err("expected a number");
    }
    let mut exp: i64 = 0;
    if c.eat(b'e') || c.eat(b'E') {
        let neg_exp = if c.eat(b'-') {
            true
        } else {
            c.eat(b'+');
            false
        };
        let digits = c.digit_run();
        if digits.is_empty() {
            return Err("expected exponent digits");
        }
        for &d in digits {
            // Saturate: anything this large is out of range (or zero) anyway.
            exp = (exp * 10 + i64::from(d - b'0')).min(1_000_000);
        }
        if neg_exp {
            exp = -exp;
        }
    }
    if !c.at_end() {
        return Err("unexpected characters in number");
    }

    // All significant digits in one sequence, with the decimal point at `point`.
    let all: Vec<u8> = int.iter().chain(frac.iter()).copied().collect();
    let leading_zeros = all.iter().take_while(|&&d| d == b'0').count();
    let digits = &all[leading_zeros..];
    if digits.is_empty() {
        return Ok(DateTime::UNIX_EPOCH);
    }
    let point = int.len() as i64 - leading_zeros as i64 + exp;
    if point > 19 {
        return Err("value out of range");
    }
    let mut whole: u64 = 0;
    for i in 0..point.max(0) {
        let d = digits.get(i as usize).map_or(0, |b| u64::from(b - b'0'));
        whole = whole
            .checked_mul(10)
            .and_then(|w| w.checked_add(d))
            .ok_or("value out of range")?;
    }
    // Nanoseconds: digits after the point, preceded by -point zeros when point < 0.
    let mut nanos = 0u32;
    for i in 0..9i64 {
        let idx = point + i;
        let d = if idx < 0 {
            0
        } else {
            digits.get(idx as usize).map_or(0, |b| u32::from(b - b'0'))
        };
        nanos = nanos * 10 + d;
    }
    if !negative {
        let seconds = i64::try_from(whole).map_err(|_| "value out of range")?;
        Ok(DateTime {
            seconds,
            subsec_nanos: nanos,
        })
    } else if nanos == 0 {
        let seconds = 0i64
            .checked_sub_unsigned(whole)
            .ok_or("value out of range")?;
        Ok(DateTime::from_secs(seconds))
    } else {
        let seconds = (-1i64)
            .checked_sub_unsigned(whole)
            .ok_or("value out of range")?;
        Ok(DateTime {
            seconds,
            subsec_nanos: NANOS_PER_SEC - nanos,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Blob
// ---------------------------------------------------------------------------------------------

/// Opaque binary data (a Smithy `blob`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps the given bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    /// Returns the bytes as a slice.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    /// Returns the owned bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the blob is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(v: &str) -> Self {
        Blob(v.as_bytes().to_vec())
    }
}

impl From<String> for Blob {
    fn from(v: String) -> Self {
        Blob(v.into_bytes())
    }
}

impl From<Blob> for Vec<u8> {
    fn from(b: Blob) -> Self {
        b.0
    }
}

// ---------------------------------------------------------------------------------------------
// Document
// ---------------------------------------------------------------------------------------------

/// An untyped, JSON-like value (a Smithy `document`).
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Document {
    /// `null`.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An ordered list of documents.
    Array(Vec<Document>),
    /// A map from string keys to documents.
    Object(BTreeMap<String, Document>),
}

/// A document number. Integers that fit `u64`/`i64` are kept exact.
///
/// Equality compares integer values across `PosInt`/`NegInt` (so `NegInt(5) == PosInt(5)`);
/// floats only equal floats.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer (constructors normalise non-negative values to `PosInt`).
    NegInt(i64),
    /// A floating-point number.
    Float(f64),
}

impl Number {
    /// The value as `f64` (lossy for integers above 2^53).
    pub fn as_f64(&self) -> f64 {
        match *self {
            Number::PosInt(v) => v as f64,
            Number::NegInt(v) => v as f64,
            Number::Float(v) => v,
        }
    }

    /// The value as `i64` if it is an integer (or an integral float) within range.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::PosInt(v) => i64::try_from(v).ok(),
            Number::NegInt(v) => Some(v),
            Number::Float(v) => {
                // 2^63 is exactly representable; the range check is exclusive above.
                if v.fract() == 0.0
                    && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&v)
                {
                    Some(v as i64)
                } else {
                    None
                }
            }
        }
    }

    /// The value as `u64` if it is a non-negative integer (or integral float) within range.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::PosInt(v) => Some(v),
            Number::NegInt(v) => u64::try_from(v).ok(),
            Number::Float(v) => {
                if v.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&v) {
                    Some(v as u64)
                } else {
                    None
                }
            }
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (*self, *other) {
            (Number::Float(a), Number::Float(b)) => a == b,
            (Number::Float(_), _) | (_, Number::Float(_)) => false,
            (a, b) => match (a.as_i64(), b.as_i64()) {
                (Some(x), Some(y)) => x == y,
                (None, None) => a.as_u64() == b.as_u64(),
                _ => false,
            },
        }
    }
}

impl From<i64> for Number {
    fn from(v: i64) -> Self {
        if v >= 0 {
            Number::PosInt(v as u64)
        } else {
            Number::NegInt(v)
        }
    }
}

impl From<i32> for Number {
    fn from(v: i32) -> Self {
        Number::from(i64::from(v))
    }
}

impl From<u64> for Number {
    fn from(v: u64) -> Self {
        Number::PosInt(v)
    }
}

impl From<u32> for Number {
    fn from(v: u32) -> Self {
        Number::PosInt(u64::from(v))
    }
}

impl From<f64> for Number {
    fn from(v: f64) -> Self {
        Number::Float(v)
    }
}

impl From<bool> for Document {
    fn from(v: bool) -> Self {
        Document::Bool(v)
    }
}

impl From<i64> for Document {
    fn from(v: i64) -> Self {
        Document::Number(v.into())
    }
}

impl From<i32> for Document {
    fn from(v: i32) -> Self {
        Document::Number(v.into())
    }
}

impl From<u64> for Document {
    fn from(v: u64) -> Self {
        Document::Number(v.into())
    }
}

impl From<u32> for Document {
    fn from(v: u32) -> Self {
        Document::Number(v.into())
    }
}

impl From<f64> for Document {
    fn from(v: f64) -> Self {
        Document::Number(v.into())
    }
}

impl From<Number> for Document {
    fn from(v: Number) -> Self {
        Document::Number(v)
    }
}

impl From<String> for Document {
    fn from(v: String) -> Self {
        Document::String(v)
    }
}

impl From<&str> for Document {
    fn from(v: &str) -> Self {
        Document::String(v.to_owned())
    }
}

impl From<Vec<Document>> for Document {
    fn from(v: Vec<Document>) -> Self {
        Document::Array(v)
    }
}

impl From<BTreeMap<String, Document>> for Document {
    fn from(v: BTreeMap<String, Document>) -> Self {
        Document::Object(v)
    }
}

// ---------------------------------------------------------------------------------------------
// BigInteger / BigDecimal
// ---------------------------------------------------------------------------------------------

/// Error returned when a string is not a valid [`BigInteger`] or [`BigDecimal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigNumberParseError {
    message: String,
}

impl fmt::Display for BigNumberParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BigNumberParseError {}

fn big_error(kind: &str, input: &str) -> BigNumberParseError {
    let shown: String = input.chars().take(64).collect();
    BigNumberParseError {
        message: format!("invalid {kind} `{shown}`"),
    }
}

/// An arbitrary-precision integer (a Smithy `bigInteger`), stored as its normalised decimal text.
///
/// The text is always a valid JSON number: an optional `-` followed by digits without
/// superfluous leading zeros.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

impl Default for BigInteger {
    fn default() -> Self {
        BigInteger("0".to_owned())
    }
}

impl BigInteger {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value, returning its decimal text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl FromStr for BigInteger {
    type Err = BigNumberParseError;

    /// Accepts an optional sign (`+` or `-`) followed by one or more ASCII digits.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (neg, digits) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(big_error("big integer", s));
        }
        let trimmed = digits.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
        let mut out = String::with_capacity(trimmed.len() + 1);
        if neg {
            out.push('-');
        }
        out.push_str(trimmed);
        Ok(BigInteger(out))
    }
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<i64> for BigInteger {
    fn from(v: i64) -> Self {
        BigInteger(v.to_string())
    }
}

impl From<u64> for BigInteger {
    fn from(v: u64) -> Self {
        BigInteger(v.to_string())
    }
}

/// An arbitrary-precision decimal (a Smithy `bigDecimal`), stored as its decimal text.
///
/// The text is always a valid JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

impl Default for BigDecimal {
    fn default() -> Self {
        BigDecimal("0".to_owned())
    }
}

impl BigDecimal {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value, returning its decimal text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl FromStr for BigDecimal {
    type Err = BigNumberParseError;

    /// Accepts JSON number syntax, plus an optional leading `+` (which is dropped).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let body = s.strip_prefix('+').unwrap_or(s);
        if body.starts_with('-') && s.starts_with('+') {
            return Err(big_error("big decimal", s));
        }
        if is_json_number(body) {
            Ok(BigDecimal(body.to_owned()))
        } else {
            Err(big_error("big decimal", s))
        }
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `s` is exactly one JSON number literal.
pub(crate) fn is_json_number(s: &str) -> bool {
    json_number_len(s.as_bytes()) == Some(s.len())
}

/// Length of the JSON number literal at the start of `b`, or `None` if there is none.
pub(crate) fn json_number_len(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while digit(i) {
                i += 1;
            }
        }
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digit(i) {
            return None;
        }
        while digit(i) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digit(i) {
            return None;
        }
        while digit(i) {
            i += 1;
        }
    }
    Some(i)
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn blob() {
        let b = Blob::new(vec![1u8, 2, 3]);
        assert_eq!(b.as_ref(), &[1, 2, 3]);
        assert_eq!(Blob::from("ab"), Blob::from(&b"ab"[..]));
        assert_eq!(Blob::from(String::from("ab")).into_inner(), b"ab".to_vec());
        assert_eq!(Blob::default().len(), 0);
    }

    #[test]
    fn document_and_number() {
        assert_eq!(Document::default(), Document::Null);
        assert_eq!(Document::from(5i64), Document::Number(Number::PosInt(5)));
        assert_eq!(Document::from(-5i64), Document::Number(Number::NegInt(-5)));
        assert_eq!(Number::NegInt(5), Number::PosInt(5));
        assert_ne!(Number::Float(5.0), Number::PosInt(5));
        assert_eq!(Number::Float(5.0).as_i64(), Some(5));
        assert_eq!(Number::Float(5.5).as_i64(), None);
        assert_eq!(Number::Float(9.3e18).as_i64(), None);
        assert_eq!(Number::Float(-1.0).as_u64(), None);
        assert_eq!(Number::PosInt(u64::MAX).as_i64(), None);
        assert_eq!(Number::PosInt(u64::MAX).as_u64(), Some(u64::MAX));
        assert_eq!(Number::NegInt(-3).as_u64(), None);
        assert_eq!(Number::NegInt(-3).as_f64(), -3.0);
        let mut m = BTreeMap::new();
        m.insert(
            "a".to_owned(),
            Document::from(vec![Document::from(true), "x".into()]),
        );
        assert!(matches!(Document::from(m), Document::Object(ref o) if o.len() == 1));
    }

    #[test]
    fn big_numbers() {
        let i: BigInteger = "-000123".parse().unwrap();
        assert_eq!(i.as_str(), "-123");
        assert_eq!("+42".parse::<BigInteger>().unwrap().to_string(), "42");
        assert_eq!("000".parse::<BigInteger>().unwrap().as_str(), "0");
        let huge = "123456789012345678901234567890123456789";
        assert_eq!(huge.parse::<BigInteger>().unwrap().as_str(), huge);
        for bad in ["", "-", "+", "1.0", "1e3", " 1", "0x10", "--1"] {
            assert!(bad.parse::<BigInteger>().is_err(), "{bad:?}");
        }
        for good in [
            "0",
            "-0",
            "1.5",
            "-1.5e-300",
            "12345678901234567890.123456789E+99",
        ] {
            assert_eq!(good.parse::<BigDecimal>().unwrap().as_str(), good);
        }
        assert_eq!("+1.5".parse::<BigDecimal>().unwrap().as_str(), "1.5");
        for bad in [
            "", ".5", "5.", "01", "1e", "1e+", "+-1", "NaN", "1.5 ", "--1",
        ] {
            assert!(bad.parse::<BigDecimal>().is_err(), "{bad:?}");
        }
    }
}
