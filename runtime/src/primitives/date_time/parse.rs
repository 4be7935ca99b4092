//! Parsers for the three timestamp formats, reached through [`DateTime::parse`]: exact (no
//! floating point for epoch seconds), never panicking on any input.

use super::{
    days_from_civil, days_in_month, DateTime, MONTHS, NANOS_PER_SEC, SECS_PER_DAY, WEEKDAYS,
};

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

pub(super) fn parse_rfc3339(s: &[u8]) -> PResult<DateTime> {
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

pub(super) fn parse_http_date(s: &[u8]) -> PResult<DateTime> {
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
pub(super) fn parse_epoch_seconds(s: &[u8]) -> PResult<DateTime> {
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
