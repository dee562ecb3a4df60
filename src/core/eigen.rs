//! The eigenvalues of symmetric matrices: of the Hessians that step
//! breakdowns take apart, that stability limits and the rate map's theory
//! read, and that Newton's method explains its step with.

use super::{Mat2, Matrix, Vec2, Vector};

/// Up to this many parameters, a breakdown takes the full Hessian apart
/// (its eigenvalues, and the stable learning rate they give).
pub const MAX_EXPLAINED_HESSIAN: usize = 200;

/// The eigenvalues of a symmetric 2×2 matrix, ascending, each with its unit
/// eigenvector (in 1-D the only entry, along x).
pub fn eigen(h: Mat2, dim: usize) -> [(f64, Vec2); 2] {
    if dim == 1 {
        return [(h[0][0], [1.0, 0.0]), (h[0][0], [1.0, 0.0])];
    }
    let mean = (h[0][0] + h[1][1]) / 2.0;
    let half_gap = (h[0][0] - h[1][1]) / 2.0;
    let radius = half_gap.hypot(h[0][1]);
    let (low, high) = (mean - radius, mean + radius);
    // The eigenvector of the larger eigenvalue makes the angle θ with
    // tan 2θ = 2b / (a − c); the other is perpendicular.
    let angle = 0.5 * (2.0 * h[0][1]).atan2(h[0][0] - h[1][1]);
    let (s, c) = angle.sin_cos();
    [(low, [-s, c]), (high, [c, s])]
}

/// The eigenvalues of a symmetric matrix, ascending: in closed form for 1×1
/// and 2×2 (as [`eigen`]), by cyclic Jacobi rotations for larger ones (a
/// diagonal matrix gives its diagonal exactly). `None` beyond
/// [`MAX_EXPLAINED_HESSIAN`] rows, or when the rotations do not settle
/// (a matrix with entries that are not finite).
pub fn eigenvalues(h: &Matrix) -> Option<Vector> {
    let n = h.dim();
    match n {
        0 => return Some(Vector::zeros(0)),
        1 => return Some(Vector::from([h[0][0]])),
        2 => {
            let [(low, _), (high, _)] = eigen(h.mat2(), 2);
            return Some(Vector::from([low, high]));
        }
        _ if n > MAX_EXPLAINED_HESSIAN => return None,
        _ => {}
    }
    let mut a = h.clone();
    let off = |a: &Matrix| {
        (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum::<f64>()
    };
    let scale: f64 = (0..n).map(|i| a[i].iter().map(|v| v * v).sum::<f64>()).sum();
    if !scale.is_finite() {
        return None;
    }
    for _ in 0..100 {
        if off(&a) <= 1e-30 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q] == 0.0 {
                    continue;
                }
                // The rotation that zeroes a[p][q] (Golub and Van Loan, 8.5.2).
                let tau = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = tau.signum() / (tau.abs() + (1.0 + tau * tau).sqrt());
                let t = if tau == 0.0 { 1.0 } else { t };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k][p], a[k][q]);
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p][k], a[q][k]);
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
            }
        }
    }
    if off(&a) > 1e-20 * scale {
        return None;
    }
    let mut values: Vec<f64> = (0..n).map(|i| a[i][i]).collect();
    values.sort_by(f64::total_cmp);
    Some(values.into())
}

/// The largest eigenvalue of a symmetric matrix (the only entry in 1-D),
/// `None` where [`eigenvalues`] has none.
pub fn largest_eigenvalue(h: &Matrix) -> Option<f64> {
    match h.dim() {
        1 => Some(h[0][0]),
        2 => {
            let h = h.mat2();
            let mean = (h[0][0] + h[1][1]) / 2.0;
            let half_gap = (h[0][0] - h[1][1]) / 2.0;
            Some(mean + half_gap.hypot(h[0][1]))
        }
        _ => eigenvalues(h).and_then(|v| v.last().copied()),
    }
}

/// What a Lanczos estimate of a largest eigenvalue found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lanczos {
    /// The estimate: the largest eigenvalue of the Lanczos tridiagonal
    /// matrix (a Ritz value, never above the true largest eigenvalue but
    /// for rounding).
    pub value: f64,
    /// The Ritz residual bound β_k·|s_k| (the last Lanczos coefficient
    /// times the last component of the Ritz vector): the norm of
    /// H·y − value·y for the Ritz vector y, so that some eigenvalue lies
    /// within it of the estimate (and, apart from the others by a gap γ,
    /// within its square over γ).
    pub residual: f64,
    /// Matrix-vector products taken.
    pub iterations: usize,
    /// Whether it met its tolerance (or exhausted the space) before its cap.
    pub converged: bool,
}

/// The largest eigenvalue of a symmetric n×n matrix known only by its
/// products with vectors, by the Lanczos iteration with full
/// reorthogonalisation from a start of normal numbers drawn from PCG-64 MCG
/// seeded with `seed` (so the same for the same seed and matrix). It stops
/// when the Ritz residual bound is at most `tolerance` of the estimate's
/// size, when the Krylov space stops growing (then the estimate is exact to
/// rounding), or after `max_iterations` products.
pub fn lanczos_largest(
    n: usize,
    times: impl FnMut(&[f64]) -> Vector,
    seed: u64,
    tolerance: f64,
    max_iterations: usize,
) -> Lanczos {
    let found = lanczos(n, times, seed, 1, tolerance, max_iterations, false);
    Lanczos {
        value: found.values[0],
        residual: found.residuals[0],
        iterations: found.iterations,
        converged: found.converged,
    }
}

/// The largest eigenvalues of a symmetric matrix and their eigenvectors,
/// as Lanczos finds them ([`lanczos_top`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RitzPairs {
    /// The Ritz values, largest first.
    pub values: Vec<f64>,
    /// Their Ritz vectors, of unit length, orthogonal to rounding.
    pub vectors: Vec<Vector>,
    /// Each pair's residual bound ‖H·y − θ·y‖ ([`Lanczos::residual`]).
    pub residuals: Vec<f64>,
    /// Matrix-vector products taken.
    pub iterations: usize,
    /// Whether every pair met its tolerance (or the space was exhausted)
    /// before the cap.
    pub converged: bool,
}

/// The `count` largest eigenvalues of a symmetric n×n matrix known only by
/// its products, with their eigenvectors: [`lanczos_largest`]'s iteration,
/// stopped when every one of the `count` largest Ritz pairs' residual
/// bound is at most `tolerance` of the largest Ritz value's size (or the
/// space is exhausted, or after `max_iterations` products). Fewer pairs
/// than `count` when n is smaller.
pub fn lanczos_top(
    n: usize,
    times: impl FnMut(&[f64]) -> Vector,
    seed: u64,
    count: usize,
    tolerance: f64,
    max_iterations: usize,
) -> RitzPairs {
    lanczos(n, times, seed, count, tolerance, max_iterations, true)
}

fn lanczos(
    n: usize,
    mut times: impl FnMut(&[f64]) -> Vector,
    seed: u64,
    count: usize,
    tolerance: f64,
    max_iterations: usize,
    vectors: bool,
) -> RitzPairs {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
    let mut unit = || ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64;
    let mut q: Vec<f64> =
        (0..n).map(|_| (-2.0 * unit().ln()).sqrt() * (std::f64::consts::TAU * unit()).cos()).collect();
    let size = q.iter().map(|x| x * x).sum::<f64>().sqrt();
    q.iter_mut().for_each(|x| *x /= size);
    let (mut basis, mut alpha, mut beta): (Vec<Vec<f64>>, Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new(), Vec::new());
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let cap = max_iterations.min(n).max(1);
    for k in 1..=cap {
        let mut r = times(&q).to_vec();
        alpha.push(dot(&q, &r));
        basis.push(q);
        // Twice is enough (Kahan, Parlett): the new vector orthogonal to
        // every earlier one to rounding.
        for _ in 0..2 {
            for b in &basis {
                let c = dot(b, &r);
                r.iter_mut().zip(b).for_each(|(x, b)| *x -= c * b);
            }
        }
        let b = r.iter().map(|x| x * x).sum::<f64>().sqrt();
        let wanted = count.min(k);
        let values: Vec<f64> = (0..wanted).map(|i| tridiagonal_eigenvalue(&alpha, &beta, k - 1 - i)).collect();
        let small: Vec<Vec<f64>> = tridiagonal_eigenvectors(&alpha, &beta, &values);
        let residuals: Vec<f64> = small.iter().map(|s| b * s[k - 1].abs()).collect();
        let scale = alpha.iter().chain(&beta).fold(0.0_f64, |m, v| m.max(v.abs()));
        let exhausted = b <= 1e-12 * scale || k == n;
        let met = wanted == count && residuals.iter().all(|&r| r <= tolerance * values[0].abs());
        if exhausted || met || k == cap {
            let vectors = if vectors {
                small
                    .iter()
                    .map(|s| {
                        let mut y = vec![0.0; n];
                        for (c, q) in s.iter().zip(&basis) {
                            y.iter_mut().zip(q).for_each(|(y, q)| *y += c * q);
                        }
                        let size = y.iter().map(|x| x * x).sum::<f64>().sqrt();
                        y.iter_mut().for_each(|x| *x /= size);
                        Vector::from(y)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let residuals = if exhausted { vec![0.0; wanted] } else { residuals };
            return RitzPairs { values, vectors, residuals, iterations: k, converged: exhausted || met };
        }
        beta.push(b);
        q = r.iter().map(|x| x / b).collect();
    }
    unreachable!("the loop returns at its last iteration")
}

/// Eigenvalue `index` (0 the smallest) of the symmetric tridiagonal matrix
/// with this diagonal and off-diagonal, by bisection on Sturm counts from
/// Gershgorin's bounds, to the last bits.
fn tridiagonal_eigenvalue(diagonal: &[f64], off: &[f64], index: usize) -> f64 {
    let m = diagonal.len();
    let radius = |i: usize| off.get(i).map_or(0.0, |b| b.abs()) + i.checked_sub(1).map_or(0.0, |j| off[j].abs());
    let mut hi = (0..m).map(|i| diagonal[i] + radius(i)).fold(f64::NEG_INFINITY, f64::max);
    let mut lo = (0..m).map(|i| diagonal[i] - radius(i)).fold(f64::INFINITY, f64::min);
    // How many eigenvalues lie below x: the negative pivots of T − xI.
    let below = |x: f64| {
        let (mut count, mut d) = (0, 1.0);
        for i in 0..m {
            let coupling = if i == 0 { 0.0 } else { off[i - 1] * off[i - 1] };
            d = diagonal[i] - x - coupling / d;
            if d == 0.0 {
                d = -f64::EPSILON * (x.abs() + f64::MIN_POSITIVE);
            }
            count += usize::from(d < 0.0);
        }
        count
    };
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if below(mid) > index { hi = mid } else { lo = mid }
    }
    0.5 * (lo + hi)
}

/// The largest eigenvalue of a symmetric tridiagonal matrix.
#[cfg(test)]
fn largest_tridiagonal(diagonal: &[f64], off: &[f64]) -> f64 {
    tridiagonal_eigenvalue(diagonal, off, diagonal.len() - 1)
}

/// Unit eigenvectors of the symmetric tridiagonal matrix for these of its
/// eigenvalues (each known to the last bits), by inverse iteration: three
/// solves of (T − θI)x = x' with partial pivoting, each vector kept
/// orthogonal to those before it (eigenvalues close together would
/// otherwise give the same vector twice).
fn tridiagonal_eigenvectors(diagonal: &[f64], off: &[f64], values: &[f64]) -> Vec<Vec<f64>> {
    let m = diagonal.len();
    let scale = diagonal.iter().chain(off).fold(f64::MIN_POSITIVE, |s, v| s.max(v.abs()));
    let mut found: Vec<Vec<f64>> = Vec::new();
    for &theta in values {
        // A start with every component, uneven, so that no eigenvector is
        // orthogonal to it.
        let mut x: Vec<f64> = (0..m).map(|i| 1.0 + 0.1 * ((i * 7 + 3) % 11) as f64).collect();
        for _ in 0..3 {
            solve_shifted_tridiagonal(diagonal, off, theta, scale, &mut x);
            for f in &found {
                let c: f64 = f.iter().zip(&x).map(|(a, b)| a * b).sum();
                x.iter_mut().zip(f).for_each(|(x, f)| *x -= c * f);
            }
            let size = x.iter().map(|v| v * v).sum::<f64>().sqrt();
            if size == 0.0 || !size.is_finite() {
                break;
            }
            x.iter_mut().for_each(|v| *v /= size);
        }
        found.push(x);
    }
    found
}

/// Solves (T − θI)x = b in place of b, T symmetric tridiagonal, by Gaussian
/// elimination with partial pivoting (LAPACK's dgtsv); a zero pivot, as θ
/// an exact eigenvalue gives, is taken as ε·scale, so that the solution is
/// large along the eigenvector, as inverse iteration wants.
fn solve_shifted_tridiagonal(diagonal: &[f64], off: &[f64], theta: f64, scale: f64, b: &mut [f64]) {
    let m = diagonal.len();
    let tiny = f64::EPSILON * scale;
    let mut d: Vec<f64> = diagonal.iter().map(|a| a - theta).collect();
    let mut dl: Vec<f64> = off.to_vec();
    let mut du: Vec<f64> = off.to_vec();
    // The second superdiagonal that row interchanges fill in.
    let mut du2 = vec![0.0; m.saturating_sub(2)];
    for i in 0..m.saturating_sub(1) {
        if d[i].abs() >= dl[i].abs() {
            if d[i] == 0.0 {
                d[i] = tiny;
            }
            let fact = dl[i] / d[i];
            d[i + 1] -= fact * du[i];
            b[i + 1] -= fact * b[i];
        } else {
            let fact = d[i] / dl[i];
            d[i] = dl[i];
            let temp = d[i + 1];
            d[i + 1] = du[i] - fact * temp;
            if i + 2 < m {
                du2[i] = du[i + 1];
                du[i + 1] = -fact * du2[i];
            }
            du[i] = temp;
            b.swap(i, i + 1);
            b[i + 1] -= fact * b[i];
        }
        dl[i] = 0.0;
    }
    if d[m - 1] == 0.0 {
        d[m - 1] = tiny;
    }
    b[m - 1] /= d[m - 1];
    if m > 1 {
        b[m - 2] = (b[m - 2] - du[m - 2] * b[m - 1]) / d[m - 2];
    }
    for i in (0..m.saturating_sub(2)).rev() {
        b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / d[i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{dot, norm};

    #[test]
    fn eigenvectors_of_symmetric_matrices() {
        // Rosenbrock's Hessian at (1, 1): [[802, −400], [−400, 200]].
        let h = [[802.0, -400.0], [-400.0, 200.0]];
        for (lambda, v) in eigen(h, 2) {
            let hv = [h[0][0] * v[0] + h[0][1] * v[1], h[1][0] * v[0] + h[1][1] * v[1]];
            assert!((hv[0] - lambda * v[0]).abs() < 1e-9 && (hv[1] - lambda * v[1]).abs() < 1e-9, "{lambda} {v:?}");
            assert!((v[0].hypot(v[1]) - 1.0).abs() < 1e-12);
        }
        // Trace 1002, determinant 802·200 − 400² = 400: λ = 501 ± √(501² − 400).
        let [(low, _), (high, _)] = eigen(h, 2);
        assert!((high - (501.0 + (501.0f64.powi(2) - 400.0).sqrt())).abs() < 1e-9);
        assert!((low - (501.0 - (501.0f64.powi(2) - 400.0).sqrt())).abs() < 1e-9);
        // A saddle shows as one negative eigenvalue, along y.
        let [(low, v), (high, _)] = eigen([[2.0, 0.0], [0.0, -2.0]], 2);
        assert_eq!((low, high), (-2.0, 2.0));
        assert!(v[0].abs() < 1e-12 && (v[1].abs() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn eigenvalues_of_symmetric_matrices() {
        let m = |h: Mat2| Matrix::from(h);
        assert_eq!(largest_eigenvalue(&m([[2.0, 0.0], [0.0, 20.0]])), Some(20.0));
        // [[10, 8], [8, 10]] has eigenvalues 2 and 18.
        assert!((largest_eigenvalue(&m([[10.0, 8.0], [8.0, 10.0]])).unwrap() - 18.0).abs() < 1e-12);
        assert_eq!(largest_eigenvalue(&Matrix::from_mat2([[-4.0, 0.0], [0.0, 0.0]], 1)), Some(-4.0));
        // A diagonal matrix gives its diagonal, exactly, in order.
        assert_eq!(eigenvalues(&Matrix::diagonal(&[3.0, -1.0, 2.5, 7.0])).unwrap(), [-1.0, 2.5, 3.0, 7.0]);
        // [[2, 1, 0], [1, 2, 1], [0, 1, 2]]: 2 − √2, 2, 2 + √2.
        let tridiagonal = Matrix::from_rows(&[vec![2.0, 1.0, 0.0], vec![1.0, 2.0, 1.0], vec![0.0, 1.0, 2.0]]);
        let values = eigenvalues(&tridiagonal).unwrap();
        let want = [2.0 - 2f64.sqrt(), 2.0, 2.0 + 2f64.sqrt()];
        assert!(values.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-14), "{values:?}");
        let mut nan = Matrix::diagonal(&[1.0, 2.0, 3.0]);
        nan[0][1] = f64::NAN;
        assert_eq!(eigenvalues(&nan), None);
    }

    #[test]
    fn lanczos_finds_the_largest_eigenvalue_from_products_alone() {
        // diag(1, …, 30) and the tridiagonal [[2, 1], [1, 2], …] of 50 rows,
        // whose largest eigenvalue is 2 + 2cos(π/51).
        let diagonal: Vec<f64> = (1..=30).map(f64::from).collect();
        let found = lanczos_largest(30, |v| Matrix::diagonal(&diagonal).times(v), 7, 1e-13, 100);
        assert!((found.value - 30.0).abs() < 1e-10 && found.converged, "{found:?}");
        let times = |v: &[f64]| {
            Vector::from_fn(50, |i| {
                2.0 * v[i] + if i > 0 { v[i - 1] } else { 0.0 } + v.get(i + 1).copied().unwrap_or(0.0)
            })
        };
        let found = lanczos_largest(50, times, 7, 1e-14, 50);
        let exact = 2.0 + 2.0 * (std::f64::consts::PI / 51.0).cos();
        assert!((found.value - exact).abs() < 1e-12, "{found:?} vs {exact}");
        // Stopped on the residual bound well before the space is exhausted:
        // the bound is the true residual ‖Hy − θy‖ of the Ritz pair, and the
        // eigenvalue lies within it (here far closer, as its square).
        let spread: Vec<f64> = (0..200).map(|i| if i == 0 { 50.0 } else { 10.0 * i as f64 / 200.0 }).collect();
        let h = Matrix::diagonal(&spread);
        let found = lanczos_largest(200, |v| h.times(v), 3, 1e-6, 200);
        assert!(found.converged && found.iterations < 40, "{found:?}");
        assert!(found.residual <= 1e-6 * found.value && (found.value - 50.0).abs() <= found.residual, "{found:?}");
        let top = lanczos_top(200, |v| h.times(v), 3, 2, 1e-8, 200);
        assert_eq!(top.values.len(), 2);
        assert!((top.values[0] - 50.0).abs() < 1e-12 && (top.values[1] - 10.0 * 199.0 / 200.0).abs() < 1e-6);
        for ((y, theta), bound) in top.vectors.iter().zip(&top.values).zip(&top.residuals) {
            let hy = h.times(y);
            let r: f64 = hy.iter().zip(y.iter()).map(|(a, b)| (a - theta * b).powi(2)).sum::<f64>().sqrt();
            assert!((r - bound).abs() <= 1e-9 * theta, "residual {r} against the bound {bound}");
            assert!((norm(y) - 1.0).abs() < 1e-12);
        }
        // The first eigenvector is e₀; the second lies along e₁₉₉.
        assert!((top.vectors[0][0].abs() - 1.0).abs() < 1e-12, "{:?}", &top.vectors[0][..3]);
        assert!(top.vectors[1][199].abs() > 0.999 && top.vectors[1][0].abs() < 1e-9);
        assert!(dot(&top.vectors[0], &top.vectors[1]).abs() < 1e-12);
        assert_eq!(largest_tridiagonal(&[3.0], &[]), 3.0);
        assert!((largest_tridiagonal(&[10.0, 10.0], &[8.0]) - 18.0).abs() < 1e-13);
    }
}
