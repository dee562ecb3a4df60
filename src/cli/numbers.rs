//! The numbers the flags take, each read with a message that says its range
//! (`--lr-min -1`: "must be a positive number"), never a parser's own words.

/// A whole number from `min` to `max` (no upper bound when `max` is `u64::MAX`).
pub fn whole<T: TryFrom<u64>>(min: u64, max: u64) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync {
    move |text| {
        let range = if max == u64::MAX {
            format!("a whole number, {min} or more")
        } else {
            format!("a whole number from {min} to {max}")
        };
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|v| (min..=max).contains(v))
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| format!("must be {range}"))
    }
}

fn finite(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A number above 0.
pub fn positive(text: &str) -> Result<f64, String> {
    finite(text).filter(|v| *v > 0.0).ok_or_else(|| "must be a positive number".into())
}

/// A number from 0 up to, not including, 1.
pub fn fraction(text: &str) -> Result<f64, String> {
    finite(text)
        .filter(|v| (0.0..1.0).contains(v))
        .ok_or_else(|| "must be a number from 0 up to (not including) 1".into())
}

/// A playback speed: steps a second, in the range a scenario's `speed` takes.
pub fn speed(text: &str) -> Result<f64, String> {
    let (lo, hi) = crate::config::SPEED_RANGE;
    finite(text)
        .filter(|v| (lo..=hi).contains(v))
        .ok_or_else(|| format!("must be a number of steps a second from {lo} to {hi}"))
}

/// Any number (of degrees).
pub fn degrees(text: &str) -> Result<f64, String> {
    finite(text).ok_or_else(|| "must be a number of degrees".into())
}

/// Every option that takes a value may be given a negative number: the
/// value's own parser then says what range it takes, where the command-line
/// parser would take `-1` for a flag and suggest `-- -1`.
pub fn negative_values_allowed(command: clap::Command) -> clap::Command {
    fn allow(arg: clap::Arg) -> clap::Arg {
        if arg.get_long().is_some() && arg.get_action().takes_values() { arg.allow_negative_numbers(true) } else { arg }
    }
    command.mut_args(allow).mut_subcommands(|sub| sub.mut_args(allow))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_number_says_its_range() {
        assert_eq!(whole::<u64>(1, 10)("3"), Ok(3));
        assert_eq!(whole::<u64>(1, 10)("-1"), Err("must be a whole number from 1 to 10".into()));
        assert_eq!(whole::<usize>(0, u64::MAX)("1.5"), Err("must be a whole number, 0 or more".into()));
        assert_eq!(whole::<u16>(1, 12)("12"), Ok(12));
        assert_eq!(positive("1e-3"), Ok(1e-3));
        assert_eq!(positive("-1"), Err("must be a positive number".into()));
        assert!(positive("inf").is_err() && positive("nan").is_err());
        assert!(fraction("0.99").is_ok() && fraction("1").is_err() && fraction("-0.1").is_err());
        assert_eq!(degrees("-30"), Ok(-30.0));
    }
}
