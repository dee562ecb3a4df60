//! Planes through weight space: the loss on them, projections onto them,
//! and the four ways of choosing one (principal components of runs,
//! filter-normalised random directions, the Hessian's top eigenvectors,
//! the line between two weight vectors).

use std::sync::Arc;

use losscape::core::landscape::{Activation, Builtin, Generator, Kind, Landscape, Loss, Mlp, QuadraticNd};
use losscape::core::optim::{Optimizer, OptimizerType};
use losscape::core::plane::{Line, Plane, PlaneError};
use losscape::core::run::Run;
use losscape::core::{Vector, dot, norm};

mod common;
use common::spec_from;

fn relative(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

/// A 2-5-4-1 tanh network fitting 24 points of two moons by mean squared error.
fn small_network() -> Mlp {
    let data = Generator::Moons.generate(24, 0.1, 3).unwrap();
    Mlp::new(&[5, 4], Activation::Tanh, Loss::Mse, data).unwrap()
}

fn run(landscape: &Arc<Landscape>, kind: OptimizerType, lr: f64, start: Vector, steps: usize) -> Run {
    let spec = spec_from(Optimizer { lr, ..Optimizer::with_defaults(kind) }, start, steps);
    Run::computed(Arc::clone(landscape), spec)
}

#[test]
fn on_a_plane_through_the_whole_of_a_two_parameter_landscape_every_point_is_its_own() {
    // Rosenbrock has two parameters: a plane of any two independent
    // directions is all of it. Directions neither unit nor orthogonal.
    let landscape = Arc::new(Landscape::new(Kind::Builtin(Builtin::from_name("rosenbrock").unwrap())));
    let (centre, d1, d2) = ([0.3, -0.2], [1.0, 0.5], [-0.2, 1.0]);
    let plane = Plane::new(centre.into(), d1.into(), d2.into()).unwrap();
    let adam = run(&landscape, OptimizerType::Adam, 0.05, [-1.5, 2.0].into(), 200);
    for record in adam.history() {
        let w = &record.params;
        let projection = plane.project(w);
        // Cramer's rule on w − c = a·d₁ + b·d₂.
        let (x, y) = (w[0] - centre[0], w[1] - centre[1]);
        let det = d1[0] * d2[1] - d2[0] * d1[1];
        let (a, b) = ((x * d2[1] - d2[0] * y) / det, (d1[0] * y - x * d1[1]) / det);
        assert!((projection.ab[0] - a).abs() < 1e-12 && (projection.ab[1] - b).abs() < 1e-12, "{projection:?}");
        assert!(projection.distance < 1e-13, "{projection:?}");
        assert!(relative(plane.value(&landscape, projection.ab), record.loss) < 1e-12);
    }
}

#[test]
fn a_run_whose_steps_are_coplanar_lies_on_its_principal_plane() {
    // ½ Σ λᵢxᵢ² is separable: from a start in the span of e₀ and e₂,
    // heavy-ball steps never leave it.
    let landscape = Arc::new(Landscape::new(Kind::QuadraticNd(QuadraticNd::new(&[1.0, 5.0, 3.0, 9.0, 2.0]).unwrap())));
    let start = Vector::from([1.0, 0.0, -2.0, 0.0, 0.0]);
    let momentum = run(&landscape, OptimizerType::Momentum, 0.05, start, 60);
    let path: Vec<&[f64]> = momentum.history().iter().map(|r| &r.params[..]).collect();
    let principal = Plane::through_iterates(&[path]).unwrap();
    let plane = &principal.plane;
    assert_eq!(plane.centre(), &momentum.record(60).params);
    for d in plane.directions() {
        assert!((norm(d) - 1.0).abs() < 1e-12);
        assert!(d[1].abs() < 1e-12 && d[3].abs() < 1e-12 && d[4].abs() < 1e-12, "{d:?}");
    }
    assert!((principal.shares[0] + principal.shares[1] - 1.0).abs() < 1e-12, "{:?}", principal.shares);
    for record in momentum.history() {
        let projection = plane.project(&record.params);
        assert!(projection.distance < 1e-12, "{projection:?}");
        assert!(relative(plane.value(&landscape, projection.ab), record.loss) < 1e-12);
    }
    // The first iterate comes in from below and from the left.
    let first = plane.project(&momentum.record(0).params).ab;
    assert!(first[0] <= 0.0 && first[1] <= 0.0, "{first:?}");
}

#[test]
fn a_networks_weights_on_the_plane_project_to_their_coordinates_and_their_loss() {
    let mlp = small_network();
    let landscape = Landscape::new(Kind::Mlp(mlp.clone()));
    let plane = Plane::filter_normalised(&mlp, mlp.init(0), 11).unwrap();
    for a in [-1.0, -0.25, 0.0, 0.6] {
        for b in [-0.8, 0.0, 0.3, 1.1] {
            let w = plane.point([a, b]);
            let projection = plane.project(&w);
            assert!((projection.ab[0] - a).abs() < 1e-12 && (projection.ab[1] - b).abs() < 1e-12, "{projection:?}");
            assert!(projection.distance < 1e-12 * norm(&w), "{projection:?}");
            assert!(relative(plane.value(&landscape, projection.ab), mlp.value(&w)) < 1e-13);
        }
    }
    // A step at right angles to both directions moves the weights off the
    // plane by its length and leaves their projection where it was. The
    // step: any vector less its part in the plane, from the 2×2 Gram
    // system of the directions (which are not orthogonal) by Cramer's rule.
    let [d1, d2] = plane.directions();
    let any = Vector::from_fn(mlp.dim(), |i| ((i * 37 % 11) as f64 - 5.0) / 7.0);
    let (g11, g12, g22) = (dot(d1, d1), dot(d1, d2), dot(d2, d2));
    assert!(g12.abs() > 1e-3 * (g11 * g22).sqrt(), "the directions happen to be orthogonal");
    let (r1, r2) = (dot(d1, &any), dot(d2, &any));
    let det = g11 * g22 - g12 * g12;
    let (alpha, beta) = ((r1 * g22 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det);
    let off = Vector::from_fn(mlp.dim(), |i| any[i] - alpha * d1[i] - beta * d2[i]);
    assert!(dot(&off, d1).abs() < 1e-12 * norm(&off) * g11.sqrt());
    let w = Vector::from_fn(mlp.dim(), |i| plane.point([0.4, -0.3])[i] + 0.5 * off[i]);
    let projection = plane.project(&w);
    assert!((projection.ab[0] - 0.4).abs() < 1e-10 && (projection.ab[1] + 0.3).abs() < 1e-10, "{projection:?}");
    assert!(relative(projection.distance, 0.5 * norm(&off)) < 1e-10, "{projection:?}");
}

#[test]
fn the_gradient_and_hessian_on_the_plane_match_central_differences_and_the_full_hessian() {
    let mlp = small_network();
    let landscape = Landscape::new(Kind::Mlp(mlp.clone()));
    let plane = Plane::filter_normalised(&mlp, mlp.init(2), 4).unwrap();
    let at = [0.3, -0.2];
    let (g, h) = (plane.gradient(&landscape, at), plane.hessian(&landscape, at));
    let step = 1e-5;
    let shifted = |k: usize, s: f64| {
        let mut p = at;
        p[k] += s;
        p
    };
    for k in 0..2 {
        let difference =
            (plane.value(&landscape, shifted(k, step)) - plane.value(&landscape, shifted(k, -step))) / (2.0 * step);
        assert!((difference - g[k]).abs() < 1e-7 * (1.0 + g[k].abs()), "∂/∂{k}: {difference} vs {}", g[k]);
        let (up, down) = (plane.gradient(&landscape, shifted(k, step)), plane.gradient(&landscape, shifted(k, -step)));
        for j in 0..2 {
            let difference = (up[j] - down[j]) / (2.0 * step);
            assert!((difference - h[j][k]).abs() < 1e-6 * (1.0 + h[j][k].abs()), "H[{j}][{k}]: {difference} vs {h:?}");
        }
    }
    assert_eq!(h[0][1], h[1][0]);
    // dᵢᵀ·H·dⱼ of the full Hessian.
    let full = mlp.hessian(&plane.point(at));
    let [d1, d2] = plane.directions();
    let quadratic = |a: &[f64], b: &[f64]| dot(a, &full.times(b));
    let want = [[quadratic(d1, d1), quadratic(d1, d2)], [quadratic(d2, d1), quadratic(d2, d2)]];
    for j in 0..2 {
        for k in 0..2 {
            assert!((h[j][k] - want[j][k]).abs() < 1e-12 * (1.0 + want[j][k].abs()), "{h:?} vs {want:?}");
        }
    }
}

#[test]
fn principal_components_of_points_on_a_known_plane_recover_it_and_its_shares() {
    // Two orthonormal directions of seven dimensions, not along the axes.
    let u = Vector::from([0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0]);
    let v = Vector::from([0.5, -0.5, 0.0, 0.0, 0.5, -0.5, 0.0]);
    assert_eq!(dot(&u, &v), 0.0);
    let c = [0.25, -1.0, 2.0, 0.5, 3.0, -0.75, 1.5];
    let at = |x: f64, y: f64| -> Vector { Vector::from_fn(7, |i| c[i] + x * u[i] + y * v[i]) };
    // Coordinates (x, y) from the centre: run A (4, ½), (2, −1), (0, 1) and
    // run B the same through the centre. The last iterates' mean is the
    // centre; Σxy = 0, so u and v are the principal axes, with Σx² = 40
    // and Σy² = 4.5 of the 44.5 in all.
    let a = [at(4.0, 0.5), at(2.0, -1.0), at(0.0, 1.0)];
    let b = [at(-4.0, -0.5), at(-2.0, 1.0), at(0.0, -1.0)];
    let runs = vec![a.iter().map(|w| &w[..]).collect::<Vec<_>>(), b.iter().map(|w| &w[..]).collect()];
    let principal = Plane::through_iterates(&runs).unwrap();
    let plane = &principal.plane;
    assert!(plane.centre().iter().zip(c).all(|(x, c)| (x - c).abs() < 1e-15), "{:?}", plane.centre());
    let [d1, d2] = plane.directions();
    // Run A's first iterate at a ≤ 0 and b ≤ 0: d₁ = −u and d₂ = −v.
    assert!(d1.iter().zip(u.iter()).all(|(d, u)| (d + u).abs() < 1e-12), "{d1:?}");
    assert!(d2.iter().zip(v.iter()).all(|(d, v)| (d + v).abs() < 1e-12), "{d2:?}");
    assert!((principal.shares[0] - 40.0 / 44.5).abs() < 1e-12, "{:?}", principal.shares);
    assert!((principal.shares[1] - 4.5 / 44.5).abs() < 1e-12, "{:?}", principal.shares);
    let first = plane.project(&a[0]);
    assert!((first.ab[0] + 4.0).abs() < 1e-12 && (first.ab[1] + 0.5).abs() < 1e-12 && first.distance < 1e-12);
    // Off the plane by 0.3 along the seventh axis, at right angles to both.
    let mut lifted = a[1].clone();
    lifted[6] += 0.3;
    let projection = plane.project(&lifted);
    assert!((projection.distance - 0.3).abs() < 1e-12 && (projection.ab[0] + 2.0).abs() < 1e-12);

    // Iterates along one line have no plane; nothing has none.
    let line = [at(1.0, 0.0), at(3.0, 0.0), at(0.0, 0.0)];
    let flat = vec![line.iter().map(|w| &w[..]).collect::<Vec<_>>()];
    assert_eq!(Plane::through_iterates(&flat), Err(PlaneError::Flat("the iterates", 1)));
    assert_eq!(Plane::through_iterates(&[]), Err(PlaneError::Empty));
    assert_eq!(Plane::through_iterates(&[vec![], vec![]]), Err(PlaneError::Empty));
    // A run without iterates beside others is no run.
    let with_empty = vec![vec![], runs[0].clone(), runs[1].clone()];
    assert_eq!(Plane::through_iterates(&with_empty).unwrap(), principal);
    let short = [0.0; 3];
    let mixed = vec![vec![&a[0][..], &short[..]]];
    assert!(matches!(Plane::through_iterates(&mixed), Err(PlaneError::Lengths { .. })));
}

#[test]
fn filter_normalised_directions_have_the_centres_row_lengths_and_no_bias() {
    let data = Generator::Blobs { centers: 3 }.generate(30, 0.2, 1).unwrap();
    let mlp = Mlp::new(&[8, 4], Activation::Relu, Loss::CrossEntropy { classes: 3 }, data).unwrap();
    let mut centre = mlp.init(1);
    // A unit with no incoming weights has none in the direction either.
    centre[2 * 3..2 * 3 + 2].fill(0.0);
    let plane = Plane::filter_normalised(&mlp, centre.clone(), 5).unwrap();
    for d in plane.directions() {
        let mut at = 0;
        for layer in mlp.widths().windows(2) {
            let (inputs, outputs) = (layer[0], layer[1]);
            for unit in 0..outputs {
                let (row, want) = (&d[at..at + inputs], norm(&centre[at..at + inputs]));
                assert!((norm(row) - want).abs() <= 1e-14 * want, "unit {unit}: {} vs {want}", norm(row));
                at += inputs;
            }
            assert!(d[at..at + outputs].iter().all(|&b| b == 0.0), "biases {:?}", &d[at..at + outputs]);
            at += outputs;
        }
        assert_eq!(at, mlp.dim());
        assert!(d[6..8].iter().all(|&x| x == 0.0));
    }
    let [d1, d2] = plane.directions();
    assert_ne!(d1, d2);
    assert_eq!(Plane::filter_normalised(&mlp, centre.clone(), 5).unwrap(), plane);
    assert_ne!(Plane::filter_normalised(&mlp, centre.clone(), 6).unwrap(), plane);
    // Gaussian rows: the direction is not the centre's rows rescaled.
    assert!(relative(dot(d1, &centre).abs(), dot(&centre, &centre)) > 0.1);
    assert!(matches!(Plane::filter_normalised(&mlp, Vector::zeros(3), 5), Err(PlaneError::Lengths { .. })));
}

#[test]
fn the_curvature_plane_is_along_the_two_largest_eigenvalues() {
    // ½ Σ λᵢxᵢ² has Hessian diag(λ): its two stiffest axes are e₃ (9) and e₁ (5).
    let landscape = Landscape::new(Kind::QuadraticNd(QuadraticNd::new(&[1.0, 5.0, 3.0, 9.0, 2.0]).unwrap()));
    let curvature = Plane::of_curvature(&landscape, Vector::from([0.5, -1.0, 0.25, 2.0, 1.0])).unwrap();
    assert!((curvature.eigenvalues[0] - 9.0).abs() < 1e-12 && (curvature.eigenvalues[1] - 5.0).abs() < 1e-12);
    let [d1, d2] = curvature.plane.directions();
    let axis = |k: usize| Vector::from_fn(5, |i| if i == k { 1.0 } else { 0.0 });
    assert!(d1.iter().zip(axis(3).iter()).all(|(a, b)| (a - b).abs() < 1e-10), "{d1:?}");
    assert!(d2.iter().zip(axis(1).iter()).all(|(a, b)| (a - b).abs() < 1e-10), "{d2:?}");
    let h = curvature.plane.hessian(&landscape, [0.0, 0.0]);
    assert!((h[0][0] - 9.0).abs() < 1e-10 && (h[1][1] - 5.0).abs() < 1e-10 && h[0][1].abs() < 1e-10, "{h:?}");

    // A network's: the first eigenvalue is its sharpness, each direction
    // an eigenvector, the two orthogonal.
    let mlp = small_network();
    let landscape = Landscape::new(Kind::Mlp(mlp.clone()));
    let w = mlp.init(0);
    let curvature = Plane::of_curvature(&landscape, w.clone()).unwrap();
    assert!(relative(curvature.eigenvalues[0], mlp.sharpness(&w).value) < 1e-9);
    let [d1, d2] = curvature.plane.directions();
    assert!(dot(d1, d2).abs() < 1e-10);
    for (d, lambda) in [d1, d2].into_iter().zip(curvature.eigenvalues) {
        let hd = mlp.hessian_vector(&w, d);
        let residual: Vec<f64> = hd.iter().zip(d.iter()).map(|(h, d)| h - lambda * d).collect();
        assert!(norm(&residual) <= 1e-7 * curvature.eigenvalues[0], "{}", norm(&residual));
    }
    let full = losscape::core::eigen::eigenvalues(&mlp.hessian(&w)).unwrap();
    let n = full.len();
    assert!(
        relative(curvature.eigenvalues[1], full[n - 2]) < 1e-9,
        "{:?} vs {:?}",
        curvature.eigenvalues,
        &full[n - 2..]
    );
}

#[test]
fn a_line_runs_from_one_weight_vector_to_the_other() {
    let mlp = small_network();
    let landscape = Arc::new(Landscape::new(Kind::Mlp(mlp.clone())));
    let descent = run(&landscape, OptimizerType::Gd, 0.3, mlp.init(0), 100);
    let (from, to) = (descent.record(0).params.clone(), descent.record(100).params.clone());
    let line = Line::new(from.clone(), to.clone()).unwrap();
    assert_eq!(line.value(&landscape, 0.0).to_bits(), mlp.value(&from).to_bits());
    assert_eq!(line.value(&landscape, 1.0).to_bits(), mlp.value(&to).to_bits());
    let middle = Vector::from_fn(mlp.dim(), |i| 0.5 * from[i] + 0.5 * to[i]);
    assert_eq!(line.value(&landscape, 0.5).to_bits(), mlp.value(&middle).to_bits());
    let h = 1e-5;
    for t in [-0.5, 0.0, 0.4, 1.0, 1.5] {
        let difference = (line.value(&landscape, t + h) - line.value(&landscape, t - h)) / (2.0 * h);
        let slope = line.slope(&landscape, t);
        assert!((difference - slope).abs() < 1e-7 * (1.0 + slope.abs()), "t {t}: {difference} vs {slope}");
    }
    // The descent's loss falls from its start to its end along the line's ends.
    assert!(line.value(&landscape, 1.0) < line.value(&landscape, 0.0));
    assert_eq!(line.project(&from), (0.0, 0.0));
    let (t, distance) = line.project(&to);
    assert!((t - 1.0).abs() < 1e-14 && distance < 1e-12, "{t} {distance}");
    let (t, distance) = line.project(&line.point(0.3));
    assert!((t - 0.3).abs() < 1e-12 && distance < 1e-12, "{t} {distance}");
    assert_eq!(Line::new(from.clone(), from.clone()), Err(PlaneError::SameEnds));
    assert!(matches!(Line::new(from, Vector::zeros(2)), Err(PlaneError::Lengths { .. })));
}

#[test]
fn planes_refuse_directions_that_do_not_span_one() {
    let c = Vector::from([0.0, 0.0, 0.0]);
    let d = Vector::from([1.0, 2.0, 3.0]);
    assert_eq!(Plane::new(c.clone(), Vector::zeros(3), d.clone()), Err(PlaneError::Zero(1)));
    assert_eq!(Plane::new(c.clone(), d.clone(), Vector::from([f64::NAN, 0.0, 0.0])), Err(PlaneError::Zero(2)));
    assert_eq!(Plane::new(c.clone(), d.clone(), Vector::from([-2.0, -4.0, -6.0])), Err(PlaneError::Parallel));
    assert!(matches!(Plane::new(c, d, Vector::zeros(2)), Err(PlaneError::Lengths { .. })));
}
