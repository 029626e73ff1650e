//! Retry schedules: `retries="5s, 5m, 30m, 2h"`, the delay before each
//! retry after a failed delivery (Standard Webhooks 1.0, "Retry
//! schedule", gives one such list as its example).

use std::ops::Range;

/// One retry of a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    /// The delay after the previous attempt, in seconds.
    pub delay: u64,
    /// Where it is written in the schedule's text (bytes).
    pub span: Range<usize>,
}

/// The most retries a schedule may list.
const MAX: usize = 100;

/// Reads a schedule: delays separated by commas, each a whole number and
/// a unit (`s`, `m`, `h`, `d`; `0s` retries at once). `Err`: the byte
/// range of the first wrong item and what is wrong.
pub fn parse_retries(text: &str) -> Result<Vec<Retry>, (Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for item in text.split(',') {
        let lead = item.len() - item.trim_start().len();
        let span = start + lead..start + item.trim_end().len();
        start += item.len() + 1;
        let word = item.trim();
        if word.is_empty() {
            return Err((span, "an empty delay in the retry schedule".into()));
        }
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let unit = word[digits..].trim();
        let factor = match unit {
            "s" => 1,
            "m" | "min" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => {
                return Err((
                    span,
                    format!(
                        "`{word}` is not a delay: write a whole number and a unit, s, m, h or d (`30s`, `5m`, `2h`)"
                    ),
                ));
            }
        };
        let Some(delay) = word[..digits]
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(factor))
            .filter(|_| digits > 0)
        else {
            return Err((
                span,
                format!(
                    "`{word}` is not a delay: write a whole number and a unit (`30s`, `5m`, `2h`)"
                ),
            ));
        };
        out.push(Retry { delay, span });
        if out.len() > MAX {
            return Err((0..text.len(), format!("more than {MAX} retries")));
        }
    }
    Ok(out)
}

/// A duration in words: `5 seconds`, `1 minute`, `2 h 35 min 5 s` (units
/// joined when it is not a whole number of one unit).
pub fn duration(seconds: u64) -> String {
    let units = [
        (86_400, "day", "d"),
        (3600, "hour", "h"),
        (60, "minute", "min"),
        (1, "second", "s"),
    ];
    if seconds == 0 {
        return "immediately".into();
    }
    // The largest unit it has: a whole number of it is said in words.
    if let Some((size, name, _)) = units.iter().find(|(size, _, _)| seconds >= *size)
        && seconds.is_multiple_of(*size)
    {
        let n = seconds / size;
        return format!("{n} {name}{}", if n == 1 { "" } else { "s" });
    }
    let mut rest = seconds;
    let mut parts = Vec::new();
    for (size, _, short) in units {
        if rest >= size {
            parts.push(format!("{} {short}", rest / size));
            rest %= size;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_and_their_errors() {
        let r = parse_retries("5s, 5m,30m , 2h").unwrap();
        let delays: Vec<u64> = r.iter().map(|r| r.delay).collect();
        assert_eq!(delays, vec![5, 300, 1800, 7200]);
        assert_eq!(r[2].span, 7..10);
        let (span, m) = parse_retries("5s, 5 minutes").unwrap_err();
        assert_eq!(span, 4..13);
        assert!(m.starts_with("`5 minutes` is not a delay"), "{m}");
        assert_eq!(parse_retries("5s,,1m").unwrap_err().0, 3..3);
        assert!(parse_retries("m").is_err());
        assert!(parse_retries("99999999999999999999h").is_err());
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(duration(5), "5 seconds");
        assert_eq!(duration(60), "1 minute");
        assert_eq!(duration(7200), "2 hours");
        assert_eq!(duration(9305), "2 h 35 min 5 s");
        assert_eq!(duration(0), "immediately");
    }
}
