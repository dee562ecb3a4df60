//! torch's strong-Wolfe line search for L-BFGS (`_strong_wolfe` and
//! `_cubic_interpolate` in torch/optim/lbfgs.py), operation for operation:
//! bracket a step length, then zoom in on it by cubic interpolation.

use super::{Trial, Wolfe, abs_max, along, py_max, py_min};
use crate::core::{Vector, dot};

/// The sufficient-decrease constant.
const C1: f64 = 1e-4;
/// The curvature constant.
const C2: f64 = 0.9;

/// What a line search found.
pub(super) struct Search {
    pub(super) loss: f64,
    pub(super) grad: Vector,
    pub(super) t: f64,
    pub(super) evals: u64,
    pub(super) trials: Vec<Trial>,
    pub(super) wolfe: Wolfe,
}

/// torch's `_cubic_interpolate`: the minimiser of the cubic through two
/// points with their slopes, clamped to the bounds (the points' span by
/// default); the middle of the bounds when the cubic has no minimum.
#[allow(clippy::too_many_arguments)]
fn cubic_interpolate(
    x1: f64,
    f1: f64,
    g1: f64,
    x2: f64,
    f2: f64,
    g2: f64,
    bounds: Option<(f64, f64)>,
    sqrt: &dyn Fn(f64) -> f64,
) -> f64 {
    let (lo, hi) = bounds.unwrap_or(if x1 <= x2 { (x1, x2) } else { (x2, x1) });
    let d1 = (g1 + g2) - 3.0 * (f1 - f2) / (x1 - x2);
    let d2_square = d1 * d1 - g1 * g2;
    if d2_square >= 0.0 {
        let d2 = sqrt(d2_square);
        let min_pos = if x1 <= x2 {
            x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2.0 * d2))
        } else {
            x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2.0 * d2))
        };
        py_min(py_max(min_pos, lo), hi)
    } else {
        (lo + hi) / 2.0
    }
}

/// torch's `_strong_wolfe`: bracket, then zoom. One case torch leaves
/// undefined (it raises IndexError there): a bracket of one point whose loss
/// is NaN while its slope meets the curvature condition, as `ln(x)` gives
/// past 0. That ends the search with the reason instead.
#[allow(clippy::too_many_arguments)]
pub(super) fn strong_wolfe(
    evaluate: &mut dyn FnMut(&[f64]) -> (f64, Vector),
    sqrt: &dyn Fn(f64) -> f64,
    x: &[f64],
    t: f64,
    d: &[f64],
    f: f64,
    g: &[f64],
    gtd: f64,
    tolerance_change: f64,
    max_ls: i64,
) -> Result<Search, String> {
    let d_norm = abs_max(d);
    let mut trials = Vec::new();
    let mut probe = |t: f64, trials: &mut Vec<Trial>| {
        let at = along(x, t, d);
        let (loss, grad) = evaluate(&at);
        trials.push(Trial { t, at, loss });
        (loss, grad)
    };
    let mut t = t;
    let (mut f_new, mut g_new) = probe(t, &mut trials);
    let mut evals = 1;
    let mut gtd_new = dot(&g_new, d);
    let (mut t_prev, mut f_prev, mut g_prev, mut gtd_prev) = (0.0, f, Vector::from_slice(g), gtd);
    let mut done = false;
    let mut ls_iter = 0;
    // The bracket: one point (done) or two, with their values and slopes.
    let mut bracket: Vec<f64> = Vec::new();
    let mut bracket_f: Vec<f64> = Vec::new();
    let mut bracket_g: Vec<Vector> = Vec::new();
    let mut bracket_gtd: Vec<f64> = Vec::new();
    while ls_iter < max_ls {
        if f_new > f + C1 * t * gtd || (ls_iter > 1 && f_new >= f_prev) {
            (bracket, bracket_f, bracket_g, bracket_gtd) =
                (vec![t_prev, t], vec![f_prev, f_new], vec![g_prev.clone(), g_new.clone()], vec![gtd_prev, gtd_new]);
            break;
        }
        if gtd_new.abs() <= -C2 * gtd {
            (bracket, bracket_f, bracket_g) = (vec![t], vec![f_new], vec![g_new.clone()]);
            done = true;
            break;
        }
        if gtd_new >= 0.0 {
            (bracket, bracket_f, bracket_g, bracket_gtd) =
                (vec![t_prev, t], vec![f_prev, f_new], vec![g_prev.clone(), g_new.clone()], vec![gtd_prev, gtd_new]);
            break;
        }
        let min_step = t + 0.01 * (t - t_prev);
        let max_step = t * 10.0;
        let tmp = t;
        t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, Some((min_step, max_step)), sqrt);
        (t_prev, f_prev, g_prev, gtd_prev) = (tmp, f_new, g_new, gtd_new);
        (f_new, g_new) = probe(t, &mut trials);
        evals += 1;
        gtd_new = dot(&g_new, d);
        ls_iter += 1;
    }
    if ls_iter == max_ls {
        (bracket, bracket_f, bracket_g) = (vec![0.0, t], vec![f, f_new], vec![Vector::from_slice(g), g_new.clone()]);
    }
    if bracket.len() == 1 && bracket_f[0].is_nan() {
        // torch compares bracket_f[0] <= bracket_f[-1], which NaN makes false,
        // and then reads bracket[1] of a one-point bracket.
        return Err(format!(
            "L-BFGS's line search reached a point where the loss is NaN (step length t = {t}, the gradient \
             finite there), which torch's strong-Wolfe search cannot go on from"
        ));
    }
    let mut insufficient_progress = false;
    let last = bracket_f.len() - 1;
    let (mut low, mut high) = if bracket_f[0] <= bracket_f[last] { (0, 1) } else { (1, 0) };
    while !done && ls_iter < max_ls {
        if (bracket[1] - bracket[0]).abs() * d_norm < tolerance_change {
            break;
        }
        t = cubic_interpolate(
            bracket[0],
            bracket_f[0],
            bracket_gtd[0],
            bracket[1],
            bracket_f[1],
            bracket_gtd[1],
            None,
            sqrt,
        );
        let (top, bottom) = (py_max(bracket[0], bracket[1]), py_min(bracket[0], bracket[1]));
        let eps = 0.1 * (top - bottom);
        if py_min(top - t, t - bottom) < eps {
            if insufficient_progress || t >= top || t <= bottom {
                t = if (t - top).abs() < (t - bottom).abs() { top - eps } else { bottom + eps };
                insufficient_progress = false;
            } else {
                insufficient_progress = true;
            }
        } else {
            insufficient_progress = false;
        }
        (f_new, g_new) = probe(t, &mut trials);
        evals += 1;
        gtd_new = dot(&g_new, d);
        ls_iter += 1;
        if f_new > f + C1 * t * gtd || f_new >= bracket_f[low] {
            bracket[high] = t;
            bracket_f[high] = f_new;
            bracket_g[high] = g_new.clone();
            bracket_gtd[high] = gtd_new;
            (low, high) = if bracket_f[0] <= bracket_f[1] { (0, 1) } else { (1, 0) };
        } else {
            if gtd_new.abs() <= -C2 * gtd {
                done = true;
            } else if gtd_new * (bracket[high] - bracket[low]) >= 0.0 {
                bracket[high] = bracket[low];
                bracket_f[high] = bracket_f[low];
                bracket_g[high] = bracket_g[low].clone();
                bracket_gtd[high] = bracket_gtd[low];
            }
            bracket[low] = t;
            bracket_f[low] = f_new;
            bracket_g[low] = g_new.clone();
            bracket_gtd[low] = gtd_new;
        }
    }
    let (t, loss, grad) = (bracket[low], bracket_f[low], bracket_g.swap_remove(low));
    let wolfe = Wolfe { sufficient_decrease: loss <= f + C1 * t * gtd, curvature: dot(&grad, d).abs() <= -C2 * gtd };
    Ok(Search { loss, grad, t, evals, trials, wolfe })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqrt(v: f64) -> f64 {
        v.sqrt()
    }

    #[test]
    fn the_cubic_through_a_parabola_finds_its_minimum() {
        // f(t) = (t − 1)²: f(0) = 1, f'(0) = −2, f(3) = 4, f'(3) = 4.
        let t = cubic_interpolate(0.0, 1.0, -2.0, 3.0, 4.0, 4.0, None, &sqrt);
        assert!((t - 1.0).abs() < 1e-15, "{t}");
        // Clamped to the bounds given.
        assert_eq!(cubic_interpolate(0.0, 1.0, -2.0, 3.0, 4.0, 4.0, Some((2.0, 5.0)), &sqrt), 2.0);
    }

    #[test]
    fn a_nan_loss_with_a_finite_gradient_ends_the_search_with_a_reason() {
        // f = ln(x) from x = 1 along d = −1 with t = 5: x = −4, where ln is NaN
        // and f' = 1/x = −0.25, so |g·d| = 0.25 ≤ 0.9·|gtd| and the bracket is
        // the one point; torch raises IndexError there.
        let mut evaluate = |p: &[f64]| (p[0].ln(), Vector::from([1.0 / p[0], 0.0]));
        let search =
            strong_wolfe(&mut evaluate, &sqrt, &[1.0, 0.0], 5.0, &[-1.0, 0.0], 0.0, &[1.0, 0.0], -1.0, 1e-9, 25);
        let reason = search.err().expect("no search result from a NaN loss");
        assert!(reason.contains("NaN") && reason.contains("t = 5"), "{reason}");
    }
}
