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
}
