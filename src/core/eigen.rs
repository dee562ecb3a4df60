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
    /// Matrix-vector products taken.
    pub iterations: usize,
    /// Whether it met its tolerance (or exhausted the space) before its cap.
    pub converged: bool,
}

/// The largest eigenvalue of a symmetric n×n matrix known only by its
/// products with vectors, by the Lanczos iteration with full
/// reorthogonalisation from a start of normal numbers drawn from PCG-64 MCG
/// seeded with `seed` (so the same for the same seed and matrix). It stops
/// when an iteration changes the estimate by at most `tolerance` of it,
/// when the Krylov space stops growing (then the estimate is exact to
/// rounding), or after `max_iterations` products.
pub fn lanczos_largest(
    n: usize,
    mut times: impl FnMut(&[f64]) -> Vector,
    seed: u64,
    tolerance: f64,
    max_iterations: usize,
) -> Lanczos {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
    let mut unit = || ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64;
    let mut q: Vec<f64> =
        (0..n).map(|_| (-2.0 * unit().ln()).sqrt() * (std::f64::consts::TAU * unit()).cos()).collect();
    let size = q.iter().map(|x| x * x).sum::<f64>().sqrt();
    q.iter_mut().for_each(|x| *x /= size);
    let (mut basis, mut alpha, mut beta): (Vec<Vec<f64>>, Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new(), Vec::new());
    let mut estimate = f64::NAN;
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    for k in 1..=max_iterations.min(n).max(1) {
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
        let previous = estimate;
        estimate = largest_tridiagonal(&alpha, &beta);
        let scale = alpha.iter().chain(&beta).fold(0.0_f64, |m, v| m.max(v.abs()));
        let b = r.iter().map(|x| x * x).sum::<f64>().sqrt();
        if b <= 1e-12 * scale || k == n {
            return Lanczos { value: estimate, iterations: k, converged: true };
        }
        if (estimate - previous).abs() <= tolerance * estimate.abs() {
            return Lanczos { value: estimate, iterations: k, converged: true };
        }
        beta.push(b);
        q = r.iter().map(|x| x / b).collect();
    }
    Lanczos { value: estimate, iterations: max_iterations.min(n).max(1), converged: false }
}

/// The largest eigenvalue of the symmetric tridiagonal matrix with this
/// diagonal and off-diagonal, by bisection on Sturm counts from
/// Gershgorin's bounds, to the last bits.
fn largest_tridiagonal(diagonal: &[f64], off: &[f64]) -> f64 {
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
        if below(mid) == m { hi = mid } else { lo = mid }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(largest_tridiagonal(&[3.0], &[]), 3.0);
        assert!((largest_tridiagonal(&[10.0, 10.0], &[8.0]) - 18.0).abs() < 1e-13);
    }
}
