//! Timestamps: [`DateTime`] (seconds and nanoseconds since the Unix epoch), the wire formats of
//! the `@timestampFormat` trait ([`TimestampFormat`]), and formatting in each of them.
//!
//! Owns the calendar arithmetic and the three text forms (RFC 3339 `date-time`, IMF-fixdate
//! `http-date`, `epoch-seconds`); the parsers live in [`parse`](self). Knows nothing of wire
//! codecs, HTTP or clients: those call [`DateTime::parse`], [`DateTime::fmt`] and
//! [`format_timestamp`].

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod parse;
#[cfg(test)]
mod tests;

use parse::{parse_epoch_seconds, parse_http_date, parse_rfc3339};

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

/// A timestamp as text for a label, query value, header or XML/query body. Out-of-range values
/// (beyond year 9999) fall back to epoch seconds rather than failing.
pub fn format_timestamp(v: &DateTime, format: TimestampFormat) -> String {
    v.fmt(format)
        .or_else(|_| v.fmt(TimestampFormat::EpochSeconds))
        .unwrap_or_else(|_| v.secs().to_string())
}
