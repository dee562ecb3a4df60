//! Number formats, one place for every output: short numbers for the
//! interactive view, seven significant digits for step breakdowns, and the
//! fuller numbers of headless tables.

/// A number in at most about seven characters: 0.001, 1.5e-7, 12.346, 0.9.
pub fn short(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return special(v);
    }
    let a = v.abs();
    if (1e-3..1e5).contains(&a) {
        let digits = if a >= 100.0 {
            1
        } else if a >= 1.0 {
            3
        } else {
            4
        };
        trim_zeros(&format!("{v:.digits$}"))
    } else {
        exponent(v, 2)
    }
}

/// A measured number (a loss, a gradient's length) in at most `width`
/// columns: [`short`] when it fits, else with fewer digits, each form
/// correctly rounded from the double; never cut, so never a different
/// number. `…` when not even one digit fits.
pub fn short_in(v: f64, width: usize) -> String {
    let full = short(v);
    if full.chars().count() <= width {
        return full;
    }
    if !v.is_finite() {
        return "…".into();
    }
    let plain = (0..=4).rev().map(|d| trim_zeros(&format!("{v:.d$}")));
    let exp = (0..=2).rev().map(|d| exponent(v, d));
    // A plain form that rounds a non-zero value to 0 says nothing: leave it to the exponent.
    let candidates: Vec<String> =
        if (1e-3..1e15).contains(&v.abs()) { plain.chain(exp).collect() } else { exp.collect() };
    // The most digits that fit; of equals, the plain form.
    candidates
        .into_iter()
        .filter(|t| t.chars().count() <= width && t.trim_start_matches('-') != "0")
        .fold(None, |best: Option<String>, t| match best {
            Some(b) if significant_digits(&b) >= significant_digits(&t) => Some(b),
            _ => Some(t),
        })
        .unwrap_or_else(|| "…".into())
}

/// A value someone set (a learning rate, a momentum) in at most `width`
/// columns: its own digits (the shortest decimal that reads back as it, to
/// 1e-12, so that 0.1·3 reads 0.3) and `true` when they fit; else the most
/// digits that fit, correctly rounded, and `false`, so that the caller marks
/// it `≈`: a setting of 0.445 is never shown as a setting of 0.44, nor 0.45.
pub fn setting_in(v: f64, width: usize) -> (String, bool) {
    if v == 0.0 || !v.is_finite() {
        return (special(v), true);
    }
    let exact =
        (1..=15).map(|d| significant(v, d)).find(|t| t.parse::<f64>().is_ok_and(|r| (r - v).abs() <= 1e-12 * v.abs()));
    if let Some(t) = exact.filter(|t| t.chars().count() <= width) {
        return (t, true);
    }
    let rounded = (1..=15).rev().map(|d| significant(v, d)).find(|t| t.chars().count() <= width);
    (rounded.unwrap_or_else(|| "…".into()), false)
}

/// v to `digits` significant digits, correctly rounded (see `significant`).
pub fn significant_digits_of(v: f64, digits: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return special(v);
    }
    significant(v, digits.max(1))
}

/// v to `digits` significant digits, correctly rounded: plain between 1e-3
/// and 1e5 as [`short`] writes numbers, in exponent form beyond.
fn significant(v: f64, digits: usize) -> String {
    let e = format!("{v:.prec$e}", prec = digits - 1);
    let magnitude: i32 = e.split_once('e').and_then(|(_, x)| x.parse().ok()).unwrap_or(0);
    if (-3..5).contains(&magnitude) {
        let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
        trim_zeros(&format!("{v:.decimals$}"))
    } else {
        exponent(v, digits - 1)
    }
}

/// How many significant digits a number's text carries.
fn significant_digits(text: &str) -> usize {
    let mantissa = text.split('e').next().unwrap_or("");
    mantissa.chars().filter(|c| c.is_ascii_digit()).collect::<String>().trim_start_matches('0').len()
}

/// A number to seven significant digits: enough to compare with torch.
pub fn precise(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return special(v);
    }
    let magnitude = v.abs().log10().floor() as i32;
    if (-4..6).contains(&magnitude) {
        let decimals = (6 - magnitude).max(0) as usize;
        trim_zeros(&format!("{v:.decimals$}"))
    } else {
        exponent(v, 6)
    }
}

/// A component smaller than this fraction of its vector's length is shown
/// as 0: it is below what the arithmetic that made the vector can tell
/// apart from 0 (f64 keeps 16 digits, and rotations, eigenvectors and sums
/// spend a few of them), as in an eigenvector (−1, 6.1e-17).
pub const VECTOR_NOISE: f64 = 1e-12;

/// A vector's components with float noise below its precision set to 0
/// (see [`VECTOR_NOISE`]).
pub fn denoised(v: [f64; 2]) -> [f64; 2] {
    let length = v[0].hypot(v[1]);
    if !length.is_finite() {
        return v;
    }
    v.map(|c| if c.abs() < VECTOR_NOISE * length { 0.0 } else { c })
}

/// A vector to seven significant digits a component, float noise shown as 0.
pub fn precise_vector(v: [f64; 2]) -> String {
    let [x, y] = denoised(v);
    format!("({}, {})", precise(x), precise(y))
}

/// A number as headless tables print it: six decimals, or four in an exponent.
pub fn table(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if !v.is_finite() {
        format!("{v}")
    } else if (1e-3..1e5).contains(&v.abs()) {
        trim_zeros(&format!("{v:.6}"))
    } else {
        format!("{v:.4e}")
    }
}

fn special(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.is_nan() {
        "NaN".into()
    } else if v > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s.to_string() }
}

/// `v` in exponent form with at most `digits` decimals, trailing zeros dropped: 1.5e-7.
fn exponent(v: f64, digits: usize) -> String {
    let s = format!("{v:.digits$e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => format!("{}e{exp}", trim_zeros(mantissa)),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers() {
        assert_eq!(short(0.001), "0.001");
        assert_eq!(short(0.0005), "5e-4");
        assert_eq!(short(1.5e-7), "1.5e-7");
        assert_eq!(short(12.3456), "12.346");
        assert_eq!(short(0.9), "0.9");
        assert_eq!(short(2509.0), "2509");
        assert_eq!(short(-0.25), "-0.25");
        assert_eq!(short(f64::NAN), "NaN");
        assert_eq!(short(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn seven_significant_digits() {
        assert_eq!(precise(-1.4500000000032258), "-1.45");
        assert_eq!(precise(0.09999999999999998), "0.1");
        assert_eq!(precise(24025.000000000004), "24025");
        assert_eq!(precise(1.2345678e-7), "1.234568e-7");
        assert_eq!(precise(162.86497474902), "162.865");
    }

    #[test]
    fn digits_are_the_doubles_correctly_rounded() {
        // 0.445 is 0.4450000000000000066…: two decimals round it up.
        assert_eq!(short_in(0.445, 4), "0.45");
        // 2.675 is 2.67499999999999982…: down.
        assert_eq!(short_in(2.675, 4), "2.67");
        // 0.125 is exact: a tie, to even.
        assert_eq!(short_in(0.125, 4), "0.12");
        assert_eq!(short(0.445), "0.445");
    }

    #[test]
    fn a_number_that_does_not_fit_loses_digits_never_characters() {
        assert_eq!(short(-2.3456e-10), "-2.35e-10");
        assert_eq!(short_in(-2.3456e-10, 8), "-2.3e-10");
        assert_eq!(short_in(-2.3456e-10, 6), "-2e-10");
        assert_eq!(short_in(-2.3456e-10, 5), "…");
        assert_eq!(short_in(12345.67, 5), "12346");
        assert_eq!(short_in(12345.67, 4), "1e4");
        assert_eq!(short_in(0.0012345, 5), "0.001");
        assert_eq!(short_in(0.0012345, 6), "0.0012");
        assert_eq!(short_in(0.5, 8), "0.5");
        assert_eq!(short_in(f64::NAN, 2), "…");
    }

    #[test]
    fn a_setting_is_its_own_digits_or_marked_as_rounded() {
        assert_eq!(setting_in(0.445, 5), ("0.445".into(), true));
        assert_eq!(setting_in(0.445, 4), ("0.45".into(), false));
        assert_eq!(setting_in(0.9, 4), ("0.9".into(), true));
        // 0.1·3 = 0.30000000000000004: the arithmetic's noise, not a digit.
        assert_eq!(setting_in(0.1 * 3.0, 4), ("0.3".into(), true));
        assert_eq!(setting_in(0.00125, 8), ("0.00125".into(), true));
        assert_eq!(setting_in(0.00125, 6), ("0.0013".into(), false));
        assert_eq!(setting_in(1.25e-7, 7), ("1.25e-7".into(), true));
        assert_eq!(setting_in(1.25e-7, 5), ("1e-7".into(), false));
        assert_eq!(setting_in(0.01771561, 10), ("0.01771561".into(), true));
        assert_eq!(setting_in(0.01771561, 6), ("0.0177".into(), false));
    }

    #[test]
    fn float_noise_in_a_vector_is_0_and_small_real_parts_stay() {
        // cos(π/2) computed: 6.123233995736766e-17 beside a unit component.
        let direction = [-1.0, std::f64::consts::FRAC_PI_2.cos()];
        assert_eq!(precise_vector(direction), "(-1, 0)");
        assert_eq!(precise_vector([6.123233995736766e-17, 1.0]), "(0, 1)");
        // 1e-9 of the length is far above the noise: it stays.
        assert_eq!(precise_vector([1e-9, 1.0]), "(1e-9, 1)");
        // A short vector's small parts are not noise by absolute size.
        assert_eq!(precise_vector([3e-20, 4e-20]), "(3e-20, 4e-20)");
        assert_eq!(denoised([0.0, 0.0]), [0.0, 0.0]);
        assert_eq!(denoised([f64::INFINITY, 1.0]), [f64::INFINITY, 1.0]);
    }

    #[test]
    fn table_numbers() {
        assert_eq!(table(0.1234567), "0.123457");
        assert_eq!(table(1.1296e20), "1.1296e20");
        assert_eq!(table(-0.25), "-0.25");
    }
}
