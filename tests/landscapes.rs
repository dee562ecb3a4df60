//! Every landscape's gradient and Hessian against central differences,
//! known minima against published values, and custom expressions against
//! the built-ins.

mod common;

use std::sync::Arc;

use common::{assert_close, builtin, run, spec};
use losscape::core::landscape::{Dataset, Expression, Kind, Landscape, builtin_names};
use losscape::core::optim::{Optimizer, OptimizerType};
use losscape::core::{Vec2, norm};

/// Sample points spread over a landscape's domain, off any grid symmetry.
fn sample_points(landscape: &Landscape, n: usize) -> Vec<Vec2> {
    let d = landscape.domain();
    let mut state: u64 = 0x1234_5678;
    let mut uniform = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let x = d.x.0 + (d.x.1 - d.x.0) * uniform();
            let y = d.y.map_or(0.0, |(lo, hi)| lo + (hi - lo) * uniform());
            [x, y]
        })
        .collect()
}

fn central_gradient(l: &Landscape, p: Vec2) -> Vec2 {
    let mut g = [0.0; 2];
    for i in 0..l.dim() {
        let h = 1e-6 * p[i].abs().max(1.0);
        let (mut a, mut b) = (p, p);
        a[i] += h;
        b[i] -= h;
        g[i] = (l.value(a) - l.value(b)) / (2.0 * h);
    }
    g
}

fn central_hessian(l: &Landscape, p: Vec2) -> [[f64; 2]; 2] {
    let mut h = [[0.0; 2]; 2];
    for j in 0..l.dim() {
        let step = 1e-5 * p[j].abs().max(1.0);
        let (mut a, mut b) = (p, p);
        a[j] += step;
        b[j] -= step;
        let (ga, gb) = (l.gradient(a), l.gradient(b));
        for i in 0..l.dim() {
            h[i][j] = (ga[i] - gb[i]) / (2.0 * step);
        }
    }
    h
}

fn check_derivatives(l: &Landscape) {
    for p in sample_points(l, 200) {
        let g = l.gradient(p);
        let fd = central_gradient(l, p);
        let scale = norm(&g).max(1.0) + l.value(p).abs() * 1e-3;
        for i in 0..l.dim() {
            assert!(
                (g[i] - fd[i]).abs() <= 1e-5 * scale,
                "{}: ∂{i} at {p:?}: exact {} vs central {}",
                l.name(),
                g[i],
                fd[i]
            );
        }
        let h = l.hessian(p);
        let fh = central_hessian(l, p);
        let hscale = h.rows().flatten().fold(1.0f64, |m, v| m.max(v.abs()));
        for i in 0..l.dim() {
            for j in 0..l.dim() {
                assert!(
                    (h[i][j] - fh[i][j]).abs() <= 1e-5 * hscale,
                    "{}: H[{i}][{j}] at {p:?}: exact {} vs central {}",
                    l.name(),
                    h[i][j],
                    fh[i][j]
                );
            }
        }
        // One number a parameter: a 1-D gradient has no second coordinate.
        assert_eq!(g.len(), l.dim());
    }
}

#[test]
fn every_builtin_gradient_and_hessian_match_central_differences() {
    for name in builtin_names() {
        check_derivatives(&builtin(name));
    }
}

#[test]
fn parameterised_builtins_use_their_parameters() {
    let mut b = losscape::core::landscape::Builtin::from_name("rosenbrock").unwrap();
    assert!(b.set_parameter("a", 2.0) && b.set_parameter("b", 5.0));
    let l = Landscape::new(Kind::Builtin(b));
    check_derivatives(&l);
    assert_eq!(l.minima()[0].point, [2.0, 4.0]);
    assert_eq!(l.value([0.0, 0.0]), 4.0);
}

#[test]
fn every_known_minimum_is_stationary_and_a_local_minimum() {
    for name in builtin_names() {
        let l = builtin(name);
        for m in l.minima() {
            let g = l.gradient(&m.point);
            assert!(norm(&g) < 1e-9, "{name}: gradient {g:?} at minimum {:?}", m.point);
            let h = l.hessian(&m.point);
            let positive =
                if l.dim() == 1 { h[0][0] > 0.0 } else { h[0][0] > 0.0 && h[0][0] * h[1][1] - h[0][1] * h[1][0] > 0.0 };
            assert!(positive, "{name}: Hessian {h:?} not positive definite at {:?}", m.point);
            assert!(l.minima().iter().any(|m| m.global), "{name} has a global minimum");
        }
    }
    for name in ["saddle", "monkey_saddle"] {
        assert!(builtin(name).minima().is_empty());
    }
}

#[test]
fn every_known_maximum_is_stationary_and_a_local_maximum() {
    for name in builtin_names() {
        let l = builtin(name);
        for p in l.maxima() {
            let g = l.gradient(&p);
            assert!(norm(&g) < 1e-9, "{name}: gradient {g:?} at maximum {p:?}");
            let h = l.hessian(&p);
            assert!(h[0][0] < 0.0 && h[0][0] * h[1][1] - h[0][1] * h[1][0] > 0.0, "{name}: Hessian {h:?} at {p:?}");
        }
    }
    // Himmelblau's hump between its wells: its top at (−0.270845,
    // −0.923039), f = 181.617 (the published values).
    let l = builtin("himmelblau");
    let tops = l.maxima();
    assert_eq!(tops.len(), 1);
    assert!((tops[0][0] + 0.270845).abs() < 1e-6 && (tops[0][1] + 0.923039).abs() < 1e-6, "{:?}", tops[0]);
    assert!((l.value(&tops[0]) - 181.617).abs() < 1e-3);
}

#[test]
fn minima_match_published_values() {
    let close_to = |name: &str, point: Vec2, value: Option<f64>| {
        let l = builtin(name);
        let m = l
            .minima()
            .iter()
            .find(|m| (m.point.xy()[0] - point[0]).abs() < 1e-6 && (m.point.xy()[1] - point[1]).abs() < 1e-6);
        let m = m.unwrap_or_else(|| panic!("{name}: no minimum at {point:?}: {:?}", l.minima()));
        if let Some(v) = value {
            assert!((m.value - v).abs() < 1e-6, "{name}: f = {} not {v}", m.value);
        }
    };
    close_to("parabola", [-2.5, 0.0], Some(-0.25));
    close_to("rosenbrock", [1.0, 1.0], Some(0.0));
    close_to("himmelblau", [3.0, 2.0], Some(0.0));
    close_to("himmelblau", [-2.805118, 3.131312], Some(0.0));
    close_to("himmelblau", [-3.779310, -3.283186], Some(0.0));
    close_to("himmelblau", [3.584428, -1.848126], Some(0.0));
    close_to("beale", [3.0, 0.5], Some(0.0));
    close_to("booth", [1.0, 3.0], Some(0.0));
    close_to("matyas", [0.0, 0.0], Some(0.0));
    close_to("six_hump_camel", [0.089842, -0.712656], Some(-1.031628));
    close_to("six_hump_camel", [-0.089842, 0.712656], Some(-1.031628));
    close_to("styblinski_tang", [-2.903534, -2.903534], Some(-78.332331));
    close_to("rastrigin", [0.0, 0.0], Some(0.0));
    close_to("ackley", [0.0, 0.0], Some(0.0));
    assert_eq!(builtin("six_hump_camel").minima().len(), 6);
    assert_eq!(builtin("six_hump_camel").minima().iter().filter(|m| m.global).count(), 2);
}

#[test]
fn double_well_has_a_global_minimum_on_the_left_and_a_local_one_on_the_right() {
    let l = builtin("double_well");
    let minima = l.minima();
    assert_eq!(minima.len(), 2);
    let (left, right) = (&minima[0], &minima[1]);
    // 4x³ − 4x + 0.3 = 0 near ±1: the tilt lowers the left well.
    assert!(left.point[0] < -1.0 && right.point[0] > 0.9 && right.point[0] < 1.0);
    assert!(left.global && !right.global);
    assert!(left.value < right.value);
    for m in minima {
        let x = m.point[0];
        assert!((4.0 * x * x * x - 4.0 * x + 0.3).abs() < 1e-12);
    }
}

#[test]
fn ackley_gradient_is_zero_not_nan_at_its_kink() {
    let l = builtin("ackley");
    assert_eq!(l.gradient([0.0, 0.0]), [0.0, 0.0]);
    assert!(l.hessian([0.0, 0.0]).rows().flatten().all(|v| v.is_finite()));
    assert!(l.value([0.0, 0.0]).abs() < 1e-14);
}

#[test]
fn linear_regression_minimum_is_the_least_squares_line() {
    // Points on y = 2x + 1 exactly: the line is recovered with zero loss.
    let exact = Dataset::new((0..10).map(|i| [i as f64, 2.0 * i as f64 + 1.0]).collect()).unwrap();
    let [w, b] = exact.least_squares();
    assert_close(w, 2.0, 1e-14);
    assert_close(b, 1.0, 1e-14);
    // With scatter the gradient vanishes at the least-squares line (normal equations).
    let noisy = Dataset::new(vec![[0.0, 1.0], [1.0, 2.5], [2.0, 4.5], [3.0, 6.0], [4.0, 9.5]]).unwrap();
    let l = Landscape::new(Kind::LinearRegression(noisy.clone()));
    check_derivatives(&l);
    let m = &l.minima()[0];
    assert!(norm(l.gradient(&m.point)) < 1e-12);
    // By hand: x̄ = 2, ȳ = 4.7, Sxy = 7.4 + 2.2 + 0 + 1.3 + 9.6 = 20.5, Sxx = 10,
    // so w = 2.05 and b = 4.7 − 2.05·2 = 0.6.
    assert_close(m.point[0], 2.05, 1e-14);
    assert_close(m.point[1], 0.6, 1e-14);
    assert!(l.domain().contains(&m.point) && l.domain().contains([0.0, 0.0]));
    // A batch of every point gives the full gradient.
    let all: Vec<usize> = (0..5).collect();
    let p = [0.3, -0.2];
    let (a, b) = (l.batch_gradient(p, &all), l.gradient(p));
    assert_close(a[0], b[0], 1e-14);
    assert_close(a[1], b[1], 1e-14);
}

#[test]
fn a_custom_rosenbrock_equals_the_builtin_one() {
    let expr = Expression::parse("(1-x)^2 + 100*(y-x^2)^2").unwrap();
    assert_eq!(expr.dim(), 2);
    let custom = Arc::new(Landscape::new(Kind::Expression(expr)).with_domain(builtin("rosenbrock").domain()));
    let reference = builtin("rosenbrock");
    check_derivatives(&custom);
    for p in sample_points(&reference, 100) {
        assert_close(custom.value(p), reference.value(p), 1e-13);
        let (g, h) = (custom.gradient(p), reference.gradient(p));
        assert_close(g[0], h[0], 1e-12);
        assert_close(g[1], h[1], 1e-12);
    }
    for kind in [OptimizerType::Gd, OptimizerType::Momentum, OptimizerType::Adam, OptimizerType::Newton] {
        let opt =
            Optimizer { lr: if kind == OptimizerType::Newton { 1.0 } else { 1e-3 }, ..Optimizer::with_defaults(kind) };
        let a = run(&custom, spec(opt, [-1.5, 2.0], 500));
        let b = run(&reference, spec(opt, [-1.5, 2.0], 500));
        assert_eq!(a.steps_taken(), b.steps_taken());
        // Relative error of the parameter vector: a coordinate passing near
        // zero makes per-coordinate ratios meaningless.
        for (ra, rb) in a.history().iter().zip(b.history()) {
            let error = losscape::core::distance(&ra.params, &rb.params);
            assert!(error <= 1e-12 * norm(&rb.params), "{kind:?}: {:?} vs {:?}", ra.params, rb.params);
        }
    }
}

#[test]
fn every_expression_function_has_exact_derivatives() {
    for source in [
        "sin(x)*cos(y) + tan(x/3)",
        "exp(-(x^2+y^2)/4) * tanh(x - y)",
        "ln(x^2 + y^2 + 1) + log(2 + sin(y))",
        "sqrt(x^2 + y^2 + 0.5) - abs(x - 7)",
        "x^y/10 + 2^x",
        "-x^3 + pi*y - e",
        "1/(x^2 + 1) - y/(y^2 + 2)",
    ] {
        let expr = Expression::parse(source).unwrap();
        let domain = losscape::core::landscape::Domain { x: (0.5, 3.0), y: Some((-2.0, 2.0)) };
        let l = Landscape::new(Kind::Expression(expr.into_2d())).with_domain(domain);
        check_derivatives(&l);
    }
}
