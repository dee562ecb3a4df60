//! Every lesson in scenarios/ runs headless and shows what its description
//! promises, so that no lesson can silently stop teaching what it says.

use std::path::Path;

use losscape::core::run::{Ending, Run};
use losscape::core::scenario::Scenario;
use losscape::core::{distance, norm};

struct Lesson {
    scenario: Scenario,
    runs: Vec<Run>,
}

impl Lesson {
    fn load(file: &str) -> Lesson {
        let scenario = Scenario::load(&Path::new("scenarios").join(file)).unwrap();
        let runs = scenario.computed_runs();
        Lesson { scenario, runs }
    }

    fn run(&self, label: &str) -> &Run {
        let i = self.scenario.optimizers.iter().position(|o| o.label == label).unwrap_or_else(|| panic!("no {label}"));
        &self.runs[i]
    }

    fn loss(&self, label: &str, step: usize) -> f64 {
        self.run(label).record(step).loss
    }

    fn end(&self, label: &str) -> [f64; 2] {
        let run = self.run(label);
        run.record(run.steps_taken()).params.xy()
    }
}

#[test]
fn every_lesson_is_valid_and_described() {
    let mut count = 0;
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        let scenario = Scenario::load(&path).unwrap();
        let description = scenario.description.unwrap_or_default();
        assert!(description.len() > 120, "{}: describe what to watch for", path.display());
        count += 1;
    }
    assert!(count >= 13);
}

#[test]
fn tour_newton_first_then_adam_then_the_momentum_pair_and_gd_never() {
    let l = Lesson::load("00-tour.json");
    let end =
        |label: &str| l.run(label).status().step().filter(|_| l.run(label).status().ending() == Ending::Converged);
    // "Newton lands in 5 steps, after one wild jump off the bottom of the plot"
    assert_eq!(end("Newton"), Some(5));
    let domain = l.scenario.landscape.domain();
    let lowest = (0..=5).map(|k| l.run("Newton").record(k).params[1]).fold(f64::MAX, f64::min);
    assert!(lowest < domain.y.unwrap().0, "Newton's jump reaches y = {lowest}");
    // "Adam arrives in 984 steps, Nesterov in 1,352, Momentum in 1,457"
    assert_eq!((end("Adam"), end("Nesterov"), end("Momentum")), (Some(984), Some(1352), Some(1457)));
    // "after 1,500 steps RMSprop is still 0.2 short and plain GD 1.25 short"
    for (label, short) in [("RMSprop", 0.2), ("GD", 1.25)] {
        assert_eq!(l.run(label).status().name(), "max_steps");
        let d = distance(l.end(label), [1.0, 1.0]);
        assert!((d - short).abs() < 0.01, "{label} ends {d} short");
    }
}

#[test]
fn learning_rate_too_small_just_right_too_large() {
    let l = Lesson::load("01-learning-rate.json");
    let gap = |label: &str, k: usize| l.run(label).record(k).params[0] + 2.5;
    // The distance is 12.5·(1 − 2·lr)ᵏ: for lr 0.01, 12.5·0.98⁶⁰ = 3.72, at x = 1.22.
    assert!((gap("lr 0.01", 60) - 12.5 * 0.98f64.powi(60)).abs() < 1e-9);
    assert!((gap("lr 0.01", 60) - 3.7).abs() < 0.05 && (l.end("lr 0.01")[0] - 1.2).abs() < 0.05);
    assert!(gap("lr 0.1", 60).abs() < 1e-4, "just right: arrived");
    // 0.95 bounces from side to side while closing in, 0.02 away at the end; 1.05 bounces outward.
    for k in 0..60 {
        assert!(gap("lr 0.95", k) * gap("lr 0.95", k + 1) < 0.0, "step {k}: 0.95 crosses the minimum");
        assert!(gap("lr 0.95", k + 1).abs() < gap("lr 0.95", k).abs());
        assert!(gap("lr 1.05", k + 1).abs() > gap("lr 1.05", k).abs());
    }
    assert!((gap("lr 0.95", 60).abs() - 0.02).abs() < 0.003, "{}", gap("lr 0.95", 60));
    // "at step 7 it flies off the top of the plot": f above the domain's highest value.
    let domain = l.scenario.landscape.domain();
    let top = [domain.x.0, domain.x.1].map(|x| l.scenario.landscape.value([x, 0.0])).into_iter().fold(0.0, f64::max);
    let inside = |k: usize| {
        let x = l.run("lr 1.05").record(k).params[0];
        (domain.x.0..=domain.x.1).contains(&x) && l.loss("lr 1.05", k) <= top
    };
    assert!((0..7).all(inside) && !inside(7), "leaves at step 7");
    // "running until step 37": the distance above f* = −0.25 is 156.25·1.21ᵏ,
    // past 1,000 times the start's first at k = 37 (1.21³⁶ = 962, 1.21³⁷ = 1,164).
    assert!(1.21f64.powi(36) < 1000.0 && 1.21f64.powi(37) > 1000.0);
    let escape = l.run("lr 1.05").escape().unwrap();
    assert_eq!((escape.step, escape.kind), (37, losscape::core::run::Runaway::Diverging));
    assert!(l.loss("lr 1.05", 60) > 100.0 * l.loss("lr 1.05", 0));
}

#[test]
fn batch_size_one_is_noisy_and_the_full_batch_is_smooth() {
    let l = Lesson::load("02-batch-size.json");
    let bottom = l.scenario.landscape.minima()[0].clone();
    assert!((bottom.value - 0.416).abs() < 5e-4, "f* = {}", bottom.value);
    let ups = |label: &str| l.run(label).history().windows(2).filter(|w| w[1].loss > w[0].loss).count();
    assert_eq!(ups("full batch"), 0, "the full batch only goes down");
    assert_eq!(ups("batch 1"), 66, "one point per step: its loss rises on 66 of 150 steps");
    let miss = |label: &str| distance(l.end(label), &bottom.point);
    assert!(miss("full batch") < 0.01);
    assert!((miss("batch 1") - 0.19).abs() < 0.01, "batch 1 ends {} from the bottom", miss("batch 1"));
    assert!((miss("batch 8") - 0.02).abs() < 0.005, "batch 8 ends {} from the bottom", miss("batch 8"));
    // "its loss 0.053 above f*" and "its loss within 0.001 of f*".
    let above = |label: &str| l.loss(label, 150) - bottom.value;
    assert!((above("batch 1") - 0.053).abs() < 0.0005, "batch 1: {}", above("batch 1"));
    assert!(above("batch 8") < 0.001, "batch 8: {}", above("batch 8"));
}

#[test]
fn gd_zigzags_across_a_narrow_valley_and_momentum_runs_straight_down_it() {
    let l = Lesson::load("03-ill-conditioning.json");
    let (gd, momentum) = (l.run("GD"), l.run("Momentum"));
    assert_eq!(gd.spec().optimizer.lr, momentum.spec().optimizer.lr, "both at lr 0.038");
    for k in 0..100 {
        let (a, b) = (gd.record(k).params[1], gd.record(k + 1).params[1]);
        assert!(a * b < 0.0, "step {k}: GD jumps to the other wall");
    }
    // GD's y shrinks by |1 − 0.038·50| = 0.9 a step: 1.5·0.9¹⁰ = 0.52.
    assert!((gd.record(10).params[1].abs() - 1.5 * 0.9f64.powi(10)).abs() < 1e-9);
    // Heavy ball on the y mode (λ = 50): z² − (1 + μ − 50·lr)z + μ has
    // complex roots of modulus √μ = 0.71; |y| is under 0.06 by step 10.
    assert!(momentum.record(10).params[1].abs() < 0.06);
    let first_below = |run: &losscape::core::run::Run, v: f64| (0..=100).find(|&k| run.record(k).loss < v);
    assert_eq!((first_below(gd, 1e-3), first_below(momentum, 1e-3)), (Some(64), Some(25)));
    // At step 100: 1e-18 against 3e-6. Along x (λ = 2) momentum's slowest
    // root is (b + √(b² − 4μ))/2 with b = 1 + μ − 2·lr; GD's factor is 1 − 2·lr.
    let (lr, mu) = (0.038, 0.5);
    let b: f64 = 1.0 + mu - 2.0 * lr;
    let root = (b + (b * b - 4.0 * mu).sqrt()) / 2.0;
    let rate = |run: &losscape::core::run::Run| (run.record(100).loss / run.record(80).loss).powf(1.0 / 40.0);
    assert!((rate(momentum) - root).abs() < 0.01, "{} vs {root}", rate(momentum));
    assert!((rate(gd) - (1.0 - 2.0 * lr)).abs() < 0.01, "{}", rate(gd));
    let (m, g) = (l.loss("Momentum", 100), l.loss("GD", 100));
    assert!((0.5e-18..2e-18).contains(&m) && (2.5e-6..3.5e-6).contains(&g), "{m} {g}");
}

#[test]
fn momentum_swings_across_the_rosenbrock_floor_and_nesterov_hugs_it() {
    let l = Lesson::load("04-momentum.json");
    // GD "after 1,000 is still 1.1 from the minimum"
    assert!((distance(l.end("GD"), [1.0, 1.0]) - 1.1).abs() < 0.05);
    // Both arrive: losses 8e-10 and 3e-11.
    let (m, n) = (l.loss("Momentum", 1000), l.loss("Nesterov", 1000));
    assert!((7e-10..9e-10).contains(&m) && (2.5e-11..3.5e-11).contains(&n), "{m} {n}");
    // Off the floor (y − x²) as they round the bend, from step 20 to 200.
    let swing = |label: &str| {
        (20..=200).map(|k| l.run(label).record(k).params.xy()).map(|p| (p[1] - p[0] * p[0]).abs()).fold(0.0, f64::max)
    };
    assert!((swing("Momentum") - 0.27).abs() < 0.01, "Momentum {}", swing("Momentum"));
    assert!(swing("Nesterov") < 0.02, "Nesterov {}", swing("Nesterov"));
    // The bend is in view: the domain holds every point of both from step 20 on.
    let d = l.scenario.landscape.domain();
    for label in ["Momentum", "Nesterov"] {
        assert!((20..=1000).all(|k| {
            let p = l.run(label).record(k).params.xy();
            (d.x.0..=d.x.1).contains(&p[0]) && (d.y.unwrap().0..=d.y.unwrap().1).contains(&p[1])
        }));
    }
}

#[test]
fn gd_stalls_at_the_saddle_and_noise_or_momentum_escape() {
    let l = Lesson::load("05-saddle-point.json");
    let y = |label: &str, k: usize| l.run(label).record(k).params[1].abs();
    assert_eq!(l.scenario.steps, 60);
    // y = 10⁻⁴·1.1ᵏ: 0.03 at step 60; it would pass 0.1 at step 73.
    assert!((y("GD", 60) - 1e-4 * 1.1f64.powi(60)).abs() < 1e-9 && (y("GD", 60) - 0.03).abs() < 0.001);
    assert!(1e-4 * 1.1f64.powi(72) < 0.1 && 1e-4 * 1.1f64.powi(73) > 0.1);
    assert!(l.end("GD")[0].abs() < 0.01, "at the saddle");
    let first = |label: &str, v: f64| (0..=60).find(|&k| y(label, k) > v);
    // The noisy run: off the ridge at step 13, out of the picture (y > 2) at 43; momentum out at 38.
    assert_eq!((first("GD + noise", 0.1), first("GD + noise", 2.0)), (Some(13), Some(43)));
    assert_eq!(first("Momentum", 2.0), Some(38));
    // "unbounded at step 50, the first step its loss is below −2,247.75 (the
    // start's 2.25 less 1,000 times it)"; GD + noise, at −112, never.
    use losscape::core::run::Runaway;
    assert_eq!(l.run("Momentum").escape().map(|e| (e.step, e.kind)), Some((50, Runaway::Unbounded)));
    assert!(l.loss("Momentum", 49) > 2.25 - 2250.0 && l.loss("Momentum", 50) < 2.25 - 2250.0);
    assert!(l.run("GD + noise").escape().is_none() && (l.loss("GD + noise", 60) + 112.0).abs() < 0.5);
    assert_eq!(l.scenario.landscape.domain().y, Some((-2.0, 2.0)));
    // Momentum overshoots the saddle along x.
    assert!((0..=20).any(|k| l.run("Momentum").record(k).params[0] < 0.0));
}

#[test]
fn different_starts_reach_different_minima() {
    let l = Lesson::load("06-several-minima.json");
    let landscape = &l.scenario.landscape;
    let minima = landscape.minima();
    let reached: Vec<[f64; 2]> = l
        .runs
        .iter()
        .map(|run| {
            let end = run.record(run.steps_taken()).params.xy();
            let m = minima.iter().min_by(|a, b| distance(&a.point, end).total_cmp(&distance(&b.point, end))).unwrap();
            assert!(distance(&m.point, end) < 1e-3);
            m.point.xy()
        })
        .collect();
    // "(0, 0) to (3, 2), (−1, 1) to (−2.81, 3.13), (−1, −1) to (−3.78, −3.28), (1, −1) to (3.58, −1.85)"
    let said = [[3.0, 2.0], [-2.81, 3.13], [-3.78, -3.28], [3.58, -1.85]];
    for (got, want) in reached.iter().zip(said) {
        assert!(distance(*got, want) < 0.01, "{got:?} vs {want:?}");
    }
    // The hump between them: ∇f = 0 there, both curvatures negative, f = 181.6;
    // the four starts on its flanks, within 60 of its height.
    let hump = [-0.270845, -0.923039];
    assert!(losscape::core::norm(landscape.gradient(hump)) < 1e-3);
    let h = landscape.hessian(hump);
    assert!(h[0][0] < 0.0 && h[0][0] * h[1][1] - h[0][1] * h[1][0] > 0.0, "a maximum");
    assert!((landscape.value(hump) - 181.6).abs() < 0.05);
    for run in &l.runs {
        let f = run.record(0).loss;
        assert!(f < 181.6 && f > 181.6 - 60.0, "start at f = {f}");
    }
    assert_eq!(l.scenario.view.levels, losscape::core::scenario::Levels::Log);
}

#[test]
fn gd_stays_in_the_local_well_and_momentum_or_noise_get_out() {
    let l = Lesson::load("07-local-minimum.json");
    let minima = l.scenario.landscape.minima();
    let (global, local) = (minima.iter().find(|m| m.global).unwrap(), minima.iter().find(|m| !m.global).unwrap());
    // "near x = 0.96 (f = 0.29) ... near x = −1.04 (f = −0.31)"
    assert!((local.point[0] - 0.96).abs() < 0.005 && (local.value - 0.29).abs() < 0.005);
    assert!((global.point[0] + 1.04).abs() < 0.005 && (global.value + 0.31).abs() < 0.005);
    // The hump near 0.08: f' = 4x(x² − 1) + 0.3 = 0 between the wells.
    let slope = |x: f64| l.scenario.landscape.gradient([x, 0.0])[0];
    assert!(slope(0.07) > 0.0 && slope(0.09) < 0.0 || slope(0.07) < 0.0 && slope(0.09) > 0.0);
    assert!((l.end("GD")[0] - local.point[0]).abs() < 1e-6);
    assert!((l.end("Momentum")[0] - global.point[0]).abs() < 1e-3);
    // "this one crosses at step 59 and stays in the deeper well"
    let x = |k: usize| l.run("GD + noise").record(k).params[0];
    let hump = 0.08;
    assert_eq!((0..=300).find(|&k| x(k) < hump), Some(59));
    assert!((59..=300).all(|k| x(k) < hump));
    // "its rate, ×0.3 every 100 steps (5.4e-4 at the end) ... loss −0.28 at
    // the end against GD's 0.29": and on the chart its last 50 steps lie below GD's, every one of them.
    let noisy = l.run("GD + noise");
    assert!((noisy.record(300).lr - 0.02 * 0.3f64.powi(3)).abs() < 1e-15);
    assert!((l.loss("GD + noise", 300) + 0.28).abs() < 0.005 && (l.loss("GD", 300) - 0.29).abs() < 0.005);
    assert!((250..=300).all(|k| l.loss("GD + noise", k) < l.loss("GD", k) - 0.4));
    // "still jostled": its last steps are not at rest, as GD's are.
    let grad = |label: &str, k: usize| norm(&l.run(label).record(k).grad);
    assert!((290..=300).all(|k| grad("GD + noise", k) > 0.1 && grad("GD", k) < 1e-9));
}

#[test]
fn adagrad_rates_only_shrink_and_adam_gets_furthest() {
    use losscape::core::optim::{Hyper, OptimizerState};
    let l = Lesson::load("08-adaptive-rates.json");
    let run = l.run("AdaGrad");
    let Hyper::Adagrad(h) = run.spec().optimizer.hyper else { panic!() };
    let rates: Vec<[f64; 2]> = (1..=1000)
        .map(|k| match &run.record(k).state {
            OptimizerState::Adagrad { sum } => h.effective_lr(run.record(k).lr, k as u64, sum).xy(),
            _ => unreachable!(),
        })
        .collect();
    assert!(rates.windows(2).all(|w| w[1][0] <= w[0][0] && w[1][1] <= w[0][1]));
    // "the rate it steps with, below the table's lr": from the first step.
    assert!(rates.iter().all(|r| r[0] < 0.3 && r[1] < 0.3), "{:?}", rates[0]);
    // The steep first steps use up most of it: a third is left after ten.
    assert!(rates[9][0] < rates[0][0] / 2.5 && rates[9][1] < rates[0][1] / 2.5);
    let lrs: Vec<f64> = ["AdaGrad", "RMSprop", "Adam"].iter().map(|o| l.run(o).spec().optimizer.lr).collect();
    assert_eq!(lrs, [0.3, 0.01, 0.05]);
    // "Adam ... at (0.98, 0.96); RMSprop is at (0.81, 0.67); AdaGrad is still at (−0.39, 0.16)"
    for (label, at) in [("Adam", [0.98, 0.96]), ("RMSprop", [0.81, 0.67]), ("AdaGrad", [-0.39, 0.16])] {
        assert!(distance(l.end(label), at) < 0.01, "{label} at {:?}", l.end(label));
    }
    let (adagrad, rmsprop, adam) = (l.loss("AdaGrad", 1000), l.loss("RMSprop", 1000), l.loss("Adam", 1000));
    assert!(adam < rmsprop && rmsprop < adagrad, "{adam} {rmsprop} {adagrad}");
}

#[test]
fn decaying_schedules_end_below_the_noise_floor_of_a_constant_rate() {
    let l = Lesson::load("09-schedules.json");
    // "Its mean loss over the last 100 steps is 0.63; ... average 0.024, 0.010 and 0.070"
    let tail = |label: &str| l.run(label).history()[301..].iter().map(|r| r.loss).sum::<f64>() / 100.0;
    for (label, said) in [("constant", 0.63), ("step", 0.024), ("exponential", 0.010), ("cosine", 0.070)] {
        assert!((tail(label) - said).abs() < 0.005 * said.max(0.1) * 2.0, "{label}: {}", tail(label));
    }
    // "26, 64 and 9 times lower"
    for (label, said) in [("step", 26.0), ("exponential", 64.0), ("cosine", 9.0)] {
        let times = tail("constant") / tail(label);
        assert!((times - said).abs() <= 0.5, "{label}: {times}");
    }
    // The schedules as said: ×0.3 every 100 steps, ×0.99 a step, cosine to 0.001 at step 400.
    assert!((l.run("step").record(400).lr - 0.1 * 0.3f64.powi(4)).abs() < 1e-12);
    assert!((l.run("exponential").record(400).lr - 0.1 * 0.99f64.powi(400)).abs() < 1e-12);
    assert!((l.run("cosine").record(400).lr - 0.001).abs() < 1e-12);
    // "its mean over 20 steps bold: from step 120 on the constant rate's mean is on top"
    let mean = |label: &str, k: usize| {
        let from = (k + 1).saturating_sub(20);
        l.run(label).history()[from..=k].iter().map(|r| r.loss).sum::<f64>() / (k + 1 - from) as f64
    };
    let on_top = |k: usize| ["step", "exponential", "cosine"].iter().all(|s| mean("constant", k) > mean(s, k));
    assert!((120..=400).all(on_top), "on top from step 120 to the end");
    assert!(!(100..120).all(on_top), "and not from much earlier");
}

#[test]
fn clipping_keeps_a_steep_start_stable() {
    let l = Lesson::load("10-exploding-gradients.json");
    // By hand: ∇f(−2, −1) = (−6 − 4000, −1000), length √(4006² + 1000²) = 4,129.
    assert!((norm(&l.run("GD").record(0).grad) - 4128.9).abs() < 0.1);
    // "the loss is more than a thousand times what it was; two steps later
    // the coordinates pass 10¹⁰"
    let gd = l.run("GD");
    assert!(gd.record(1).loss > 1000.0 * gd.record(0).loss);
    assert_eq!(gd.escape().map(|e| e.step), Some(1));
    assert_eq!(gd.status().name(), "diverged");
    assert_eq!(gd.status().step(), Some(3));
    assert!(gd.record(3).params.iter().any(|p| p.abs() > 1e10) && gd.record(2).params.iter().all(|p| p.abs() < 1e10));
    let clipped = l.run("GD, clipped");
    assert_eq!(clipped.status().name(), "max_steps");
    assert!(clipped.history().windows(2).all(|w| distance(&w[0].params, &w[1].params) <= 0.025 + 1e-12));
    // "at step 295 it is at (0.66, 0.44), loss 0.11"
    let at = clipped.record(295).params.xy();
    assert!(distance(at, [0.66, 0.44]) < 0.01 && (l.loss("GD, clipped", 295) - 0.11).abs() < 0.005, "{at:?}");
    // "past the stable limit 2/λ there (0.0036 at that point)": the largest
    // eigenvalue of the Hessian [[a, b], [b, c]] is (a + c)/2 + √(((a − c)/2)² + b²).
    let [[a, b], [_, c]] = l.scenario.landscape.hessian2(at);
    let lambda = (a + c) / 2.0 + (((a - c) / 2.0).powi(2) + b * b).sqrt();
    assert!((2.0 / lambda - 0.0036).abs() < 0.00005 && 0.005 > 2.0 / lambda, "2/λ = {}", 2.0 / lambda);
    // "from step 296 the run starts to bounce from wall to wall, its loss rising":
    // its loss falls at every step before, and rises at every step from 296 to 299.
    let rises: Vec<usize> = (1..=300).filter(|&k| l.loss("GD, clipped", k) > l.loss("GD, clipped", k - 1)).collect();
    assert_eq!(rises, vec![296, 297, 298, 299]);
    // "0.002 at the minimum": Hessian [[802, −400], [−400, 200]] at (1, 1), λ = 501 + √(301² + 400²).
    assert!((2.0 / (501.0 + (301.0f64.powi(2) + 400.0f64.powi(2)).sqrt()) - 0.002).abs() < 0.00005);
    let [[a, b], [_, c]] = l.scenario.landscape.hessian2([1.0, 1.0]);
    assert_eq!([a, b, c], [802.0, -400.0, 200.0]);
    // "|∇f| grows from 0.42 at step 290 to 6.5"
    let grad = |k: usize| norm(&clipped.record(k).grad);
    assert!((grad(290) - 0.42).abs() < 0.005 && (grad(300) - 6.5).abs() < 0.05, "{} {}", grad(290), grad(300));
}

#[test]
fn newton_arrives_in_a_few_steps() {
    let l = Lesson::load("11-newton.json");
    let newton = l.run("Newton").status();
    assert_eq!(newton.name(), "converged");
    assert!(newton.step().unwrap() <= 6);
    assert_eq!(newton.step(), Some(6), "six steps");
    assert_eq!(l.run("GD").status().name(), "max_steps");
    assert!((l.loss("GD", 2000) - 0.08).abs() < 0.005, "GD's loss 0.08");
    // "momentum needs 1,386 of them to get below 1e-6"
    assert_eq!((0..=2000).find(|&k| l.loss("Momentum", k) < 1e-6), Some(1386));
    // Its second step leaps far below the valley (y < −3), its third comes
    // straight back (x unchanged to 1e-3) to below the start's loss.
    let run = l.run("Newton");
    let (one, two, three) = (run.record(1), run.record(2), run.record(3));
    assert!(two.params[1] < -3.0 && two.loss > 10.0 * one.loss, "{:?}", two.params);
    assert!((three.params[0] - two.params[0]).abs() < 1e-3 && three.loss < one.loss);
}

#[test]
fn newton_converges_onto_a_saddle_and_gd_slides_off() {
    let l = Lesson::load("12-newton-saddle.json");
    assert_eq!(l.run("Newton").status().step(), Some(1));
    assert_eq!(l.end("Newton"), [0.0, 0.0]);
    let h = l.scenario.landscape.hessian([0.0, 0.0]);
    assert!(h[0][0] * h[1][1] - h[0][1] * h[1][0] < 0.0, "an indefinite Hessian: a saddle, not a minimum");
    assert!(l.loss("GD", 40) < -100.0);
    // "leaves the picture at step 8"
    let y = |k: usize| l.run("GD").record(k).params[1];
    let top = l.scenario.landscape.domain().y.unwrap().1;
    assert_eq!((0..=40).find(|&k| y(k) > top), Some(8));
    // "is drawn toward the saddle along x but pushed away along y": x shrinks
    // and |y| grows every step.
    for k in 1..=8 {
        let (a, b) = (l.run("GD").record(k - 1).params.xy(), l.run("GD").record(k).params.xy());
        assert!(b[0].abs() < a[0].abs() && b[1].abs() > a[1].abs(), "step {k}");
    }
    // "unbounded at step 25, the first step its loss is below −1,998 (the
    // start's 2 less 1,000 times it)" (f = x² − y², y ≈ 0.5·1.2ᵏ).
    assert_eq!(l.loss("GD", 0), 2.0);
    assert_eq!((0..=40).find(|&k| l.loss("GD", k) < 2.0 - 2000.0), Some(25));
    assert_eq!(l.run("GD").escape().map(|e| e.step), Some(25));
}

#[test]
fn one_adam_setting_serves_three_landscapes_and_no_gd_rate_does() {
    let lessons: Vec<Lesson> =
        ["13-adam-rosenbrock.json", "14-adam-beale.json", "15-adam-booth.json"].map(Lesson::load).into();
    for l in &lessons {
        assert!(l.loss("Adam", 1000) < 1e-3, "{}", l.scenario.name);
    }
    let fails = |label: &str| {
        lessons.iter().any(|l| {
            let run = l.run(label);
            run.status().ending() == Ending::Diverged || run.record(run.steps_taken()).loss > 0.1
        })
    };
    assert!(fails("GD 0.01") && fails("GD 0.001"));
    // 13: "GD at 0.01 diverges at step 6, GD at 0.001 ... 1.75 from the minimum ...
    // Adam ... loss 3e-4, at (0.98, 0.96)"
    let r = &lessons[0];
    assert_eq!((r.run("GD 0.01").status().name(), r.run("GD 0.01").status().step()), ("diverged", Some(6)));
    assert!((distance(r.end("GD 0.001"), [1.0, 1.0]) - 1.75).abs() < 0.01);
    assert!((r.loss("Adam", 1000) - 3.3e-4).abs() < 0.1e-4 && distance(r.end("Adam"), [0.98, 0.96]) < 0.01);
    // 14: Adam 2e-23 at (3, 0.5); GD 0.01 at (2.98, 0.495), 6e-5; GD 0.001 at (2.36, 0.29), 0.14.
    let b = &lessons[1];
    assert!(b.loss("Adam", 1000) < 3e-23 && distance(b.end("Adam"), [3.0, 0.5]) < 1e-9);
    assert!(distance(b.end("GD 0.01"), [2.98, 0.495]) < 0.002 && (b.loss("GD 0.01", 1000) - 6e-5).abs() < 0.2e-5);
    // "0.02 from the minimum"
    assert!((distance(b.end("GD 0.01"), [3.0, 0.5]) - 0.02).abs() < 0.001);
    assert!(distance(b.end("GD 0.001"), [2.36, 0.29]) < 0.01 && (b.loss("GD 0.001", 1000) - 0.14).abs() < 0.005);
    // "0.67 short"
    assert!((distance(b.end("GD 0.001"), [3.0, 0.5]) - 0.67).abs() < 0.005);
    // 15: GD 0.01 below 1e-3 by step 285, 3e-16 at the end; Adam by step 583, 1e-11;
    // GD 0.001 at (0.05, 3.95), 1.3 short along the valley.
    let o = &lessons[2];
    // "a quadratic bowl, long along one diagonal (its curvatures 2 and 18)":
    // the Hessian's eigenvalues, the same everywhere, with (1, −1) the long way.
    for p in [[0.0, 0.0], [1.0, 3.0], [-8.0, 8.0]] {
        let h = o.scenario.landscape.hessian(p);
        let (mean, det) = ((h[0][0] + h[1][1]) / 2.0, h[0][0] * h[1][1] - h[0][1] * h[1][0]);
        let spread = (mean * mean - det).sqrt();
        assert!(((mean - spread) - 2.0).abs() < 1e-9 && ((mean + spread) - 18.0).abs() < 1e-9, "{h:?}");
        let long = [h[0][0] - h[0][1], h[1][0] - h[1][1]];
        assert!((long[0] - 2.0).abs() < 1e-9 && (long[1] + 2.0).abs() < 1e-9, "H·(1, −1) = 2·(1, −1): {long:?}");
    }
    let below = |label: &str| (0..=1000).find(|&k| o.loss(label, k) < 1e-3);
    assert_eq!((below("GD 0.01"), below("Adam")), (Some(285), Some(583)));
    assert!(o.loss("GD 0.01", 1000) < 4e-16 && (0.5e-11..2e-11).contains(&o.loss("Adam", 1000)));
    assert!(distance(o.end("GD 0.001"), [0.05, 3.95]) < 0.01);
    assert!((distance(o.end("GD 0.001"), [1.0, 3.0]) - 1.3).abs() < 0.05);
    assert!((o.loss("GD 0.001", 1000) - 1.8).abs() < 0.05);
    // "still far from the bottom": a tenth of the plot's width away, not a cell or two.
    let d = o.scenario.landscape.domain();
    assert!(distance(o.end("GD 0.001"), [1.0, 3.0]) > 0.1 * (d.x.1 - d.x.0), "{d:?}");
}

#[test]
fn basins_are_clean_for_gd_and_fray_with_a_larger_rate_or_momentum() {
    use std::sync::atomic::AtomicBool;

    use losscape::core::analysis::{BasinPoint, basins};
    let l = Lesson::load("16-basins-of-attraction.json");
    let landscape = &l.scenario.landscape;
    assert_eq!(landscape.minima().len(), 6);
    let (w, h) = (60, 30);
    let never = AtomicBool::new(false);
    let map = |label: &str| basins(landscape, &l.run(label).spec().clone(), landscape.domain(), w, h, &never).unwrap();
    // How often neighbours in a row end differently: the length of the borders.
    let borders = |points: &[BasinPoint]| {
        points.chunks(w).map(|row| row.windows(2).filter(|p| p[0].minimum != p[1].minimum).count()).sum::<usize>()
    };
    let gd = map("GD");
    for i in 0..6 {
        assert!(gd.iter().any(|p| p.minimum == Some(i)), "GD: a region for minimum {i}");
    }
    assert!(gd.iter().all(|p| p.minimum.is_some()), "GD: every start ends at a minimum");
    // Thin strips along the far left and right edges, where the first step
    // throws a run across into one of the two middle wells: the outermost
    // column of starts on either side ends at (±0.0898, ∓0.7127), and the
    // column 6% of the width in from the edge ends in its own side's wells.
    let middle = |i: Option<usize>| i.is_some_and(|i| landscape.minima()[i].point.xy()[0].abs() < 0.1);
    for x in [0, w - 1] {
        assert!((0..h).all(|y| middle(gd[y * w + x].minimum)), "column {x}");
    }
    for x in [4, w - 5] {
        assert!((0..h).filter(|&y| middle(gd[y * w + x].minimum)).count() < h / 2, "column {x}");
    }
    // "All three runs start at (−2, −1.5), in F's region, and end in three
    // wells: GD in F (f = 2.10); GD at lr 0.05, thrown over the ridge by its
    // first step, in D; Momentum, swinging up over the ridges, in A, one of
    // the two deepest (f = −1.03)."
    assert!(l.runs.iter().all(|r| r.spec().start.xy() == [-2.0, -1.5]));
    let minimum = |x: f64, y: f64| landscape.minima().iter().position(|m| distance(m.point.xy(), [x, y]) < 1e-3);
    let (a, d, f) = (minimum(0.0898, -0.7127), minimum(-1.704, 0.7961), minimum(-1.607, -0.5687));
    let gd_from = |p: [f64; 2]| {
        let mut spec = l.run("GD").spec().clone();
        spec.start = p.to_vec().into();
        let run = Run::computed(landscape.clone(), spec);
        minimum(run.record(run.steps_taken()).params.xy()[0], run.record(run.steps_taken()).params.xy()[1])
    };
    assert_eq!(gd_from([-2.0, -1.5]), f, "the start is in F's region");
    for (label, well, value) in [("GD", f, 2.10), ("GD, lr 0.05", d, -0.2155), ("Momentum", a, -1.03)] {
        let run = l.run(label);
        assert_eq!(run.status().ending(), Ending::Converged, "{label}");
        let end = l.end(label);
        assert_eq!(minimum(end[0], end[1]), well, "{label} ends at {end:?}");
        assert!((l.loss(label, run.steps_taken()) - value).abs() < 0.005, "{label}");
    }
    assert!(landscape.minima()[a.unwrap()].global);
    // Over the ridge by its first step: from there GD itself ends in D.
    assert_eq!(gd_from(l.run("GD, lr 0.05").record(1).params.xy()), d);
    // Momentum passes, in its first steps, over starts whose GD ends in D
    // and in B on its way to A.
    let b = minimum(-0.0898, 0.7127);
    let momentum = l.run("Momentum");
    let visited: Vec<Option<usize>> =
        (0..40.min(momentum.steps_taken())).map(|k| gd_from(momentum.record(k).params.xy())).collect();
    assert!(visited.contains(&d) && visited.contains(&b), "{visited:?}");
    let fast = map("GD, lr 0.05");
    assert!(fast.iter().any(|p| p.status == Ending::Diverged), "lr 0.05: the steep edge blows up");
    let momentum = map("Momentum");
    assert!(borders(&momentum) > 2 * borders(&gd), "momentum frays: {} vs {}", borders(&momentum), borders(&gd));
}

#[test]
fn lbfgs_needs_a_few_dozen_evaluations_newton_leaps_and_gd_crawls() {
    use losscape::core::optim::OptimizerState;
    let l = Lesson::load("17-quasi-newton.json");
    let lbfgs = l.run("L-BFGS");
    let last = lbfgs.record(lbfgs.steps_taken());
    assert_eq!(lbfgs.status().ending(), Ending::Converged);
    assert!(last.loss < 1e-8 && last.evals <= 60, "loss {} after {} evaluations", last.loss, last.evals);
    // The headline: "finds the minimum from gradients alone, in 54 evaluations".
    assert_eq!((lbfgs.steps_taken(), last.evals), (4, 54));
    // Its loss never rises: every inner iteration ends lower than it began,
    // and every line search accepted a point of sufficient decrease.
    let mut previous = lbfgs.record(0).loss;
    for k in 1..=lbfgs.steps_taken() {
        let OptimizerState::Lbfgs(memory) = &lbfgs.record(k).state else { panic!("not L-BFGS") };
        for it in &memory.trace.iterations {
            let loss = it.loss.unwrap();
            assert!(loss <= previous, "step {k}: {loss} after {previous}");
            assert!(it.wolfe.unwrap().sufficient_decrease);
            previous = loss;
        }
    }
    assert!(lbfgs.record(1).evals > 1, "one step, many evaluations");
    // The lesson opens at step 2: "after 2 steps and 50 evaluations it is at
    // the minimum at (1, 1), loss 2e-7".
    assert_eq!(l.scenario.view.open_step, 2);
    assert_eq!(lbfgs.record(2).evals, 50);
    assert!((1.5e-7..2.5e-7).contains(&lbfgs.record(2).loss) && distance(&lbfgs.record(2).params, [1.0, 1.0]) < 1e-3);
    // Newton: seven steps, one of them up to 60 times the starting loss.
    let newton = l.run("Newton");
    assert_eq!((newton.status().ending(), newton.steps_taken()), (Ending::Converged, 7));
    // "7 steps and 7 evaluations": one gradient a step (its Hessians are not counted).
    assert_eq!(newton.record(7).evals, 7);
    let start = l.loss("Newton", 0);
    let highest = (0..=7).map(|k| l.loss("Newton", k)).fold(0.0, f64::max);
    assert!(highest > 50.0 * start && l.loss("Newton", 2) == highest, "highest {highest}");
    // "(751 against 12.5)"
    assert!((highest - 751.6).abs() < 0.05 && start == 12.5, "{highest} {start}");
    // GD: 300 evaluations and still more than two units away.
    let gd = l.run("GD");
    assert_eq!(gd.record(300).evals, 300);
    assert!(distance(l.end("GD"), [1.0, 1.0]) > 2.0);
}

#[test]
fn the_adam_family_parts_ways_on_booth() {
    let l = Lesson::load("18-adam-family.json");
    let step = |label: &str, k: usize| distance(&l.run(label).record(k).params, &l.run(label).record(k - 1).params);
    // ∇f(−8, 8) = (2·1 + 4·(−13), 4·1 + 2·(−13)) = (−50, −22) by hand.
    assert_eq!(l.scenario.landscape.gradient([-8.0, 8.0]), [-50.0, -22.0]);
    // Adam's first step is lr in each coordinate (m̂/√v̂ = sign g, up to ε).
    let adam1 = &l.run("Adam").record(1).params;
    assert!((adam1[0] + 7.9).abs() < 1e-9 && (adam1[1] - 8.1).abs() < 1e-9, "{adam1:?}");
    // RAdam's first step is plain momentum: θ − lr·m̂ with m̂ = g: (−3, 10.2).
    let radam1 = &l.run("RAdam").record(1).params;
    assert!((radam1[0] + 3.0).abs() < 1e-12 && (radam1[1] - 10.2).abs() < 1e-12, "{radam1:?}");
    // Five long jumps, 1.5 to 5.5 units each, out to (−3, 10.2) first; then,
    // rectified, steps under 0.02 long; it ends 0.5 short, at (0.63, 3.36).
    assert!((1..=5).all(|k| (1.5..=5.5).contains(&step("RAdam", k))), "{:?}", (1..=5).map(|k| step("RAdam", k)));
    assert!((6..=300).all(|k| step("RAdam", k) < 0.02));
    assert!(distance(l.end("RAdam"), [0.63, 3.36]) < 0.01 && (distance(l.end("RAdam"), [1.0, 3.0]) - 0.5).abs() < 0.05);
    // Adam and NAdam end on the minimum (1, 3), within 0.05 of it.
    for label in ["Adam", "NAdam"] {
        assert!(distance(l.end(label), [1.0, 3.0]) < 0.05, "{label}");
    }
    // "weight_decay 0.3 here, as its label says".
    let adamw_spec = &l.scenario.optimizers.iter().find(|o| o.label == "AdamW, wd 0.3").unwrap().spec;
    assert!(format!("{adamw_spec:?}").contains("weight_decay: 0.3"), "{adamw_spec:?}");
    // AdamW is held half a unit below it, at (1.08, 2.52), pulled toward the origin by its decay.
    let adamw = l.end("AdamW, wd 0.3");
    assert!(distance(adamw, [1.08, 2.52]) < 0.01 && norm(adamw) < norm([1.0, 3.0]), "{adamw:?}");
    assert!((distance(adamw, [1.0, 3.0]) - 0.5).abs() < 0.05 && adamw[1] < 3.0);
    // "it barely moves": under 0.001 a step over its last 50 steps.
    assert!((250..=300).all(|k| step("AdamW, wd 0.3", k) < 0.001));
    // Adamax is the last to arrive: at (−0.06, 3.96), 1.4 away.
    let last = |label: &str| l.loss(label, 300);
    assert!(["Adam", "AdamW, wd 0.3", "NAdam", "RAdam"].iter().all(|&o| last("Adamax") > last(o)));
    assert!(
        distance(l.end("Adamax"), [-0.06, 3.96]) < 0.01 && (distance(l.end("Adamax"), [1.0, 3.0]) - 1.4).abs() < 0.05
    );
}

#[test]
fn the_rate_maps_best_pair_is_the_theorys_and_its_edge_is_the_stable_edge() {
    use losscape::core::analysis::{default_range, log_spaced};
    use losscape::core::ratemap::{HeavyBall, MOMENTUM_RANGE, evenly_spaced, rate_map};
    use losscape::tui::jobs::ratemap::{MOMENTUM_ROWS, RATE_COLUMNS};
    let l = Lesson::load("19-momentum-map.json");
    let spec = l.run("Heavy ball").spec().clone();
    let theory = HeavyBall::of(&l.scenario.landscape, &spec).expect("heavy ball on a quadratic");
    // λ = 2·1 and 2·25 by hand; the optimum from them.
    assert_eq!((theory.lambda_min, theory.lambda_max), (2.0, 50.0));
    let (lr, mu) = theory.optimum();
    assert!((lr - (2.0 / (50f64.sqrt() + 2f64.sqrt())).powi(2)).abs() < 1e-15 && (mu - 4.0 / 9.0).abs() < 1e-15);
    // The map the view computes.
    let (lo, hi) = default_range(spec.optimizer.lr);
    let rates = log_spaced(lo, hi, RATE_COLUMNS);
    let momenta = evenly_spaced(MOMENTUM_RANGE.0, MOMENTUM_RANGE.1, MOMENTUM_ROWS);
    let never = std::sync::atomic::AtomicBool::new(false);
    let cells = rate_map(&l.scenario.landscape, &spec, &rates, &momenta, &never).unwrap();
    let mut best = (0, 0, f64::INFINITY);
    for (r, row) in cells.iter().enumerate() {
        for (c, p) in row.iter().enumerate() {
            if !p.escaped && p.final_loss < best.2 {
                best = (r, c, p.final_loss);
            }
            // Well inside the stable region nothing escapes; well outside, everything does.
            let edge = theory.max_lr(momenta[r]);
            if rates[c] <= 0.8 * edge {
                assert!(!p.escaped, "lr {} μ {} is stable", rates[c], momenta[r]);
            }
            if rates[c] >= 1.25 * edge {
                assert!(p.escaped, "lr {} μ {} is not", rates[c], momenta[r]);
            }
        }
    }
    // The best cell is a neighbour of the theory's optimum on the grid.
    let column = |x: f64| (x / lo).ln() / (hi / lo).ln() * (RATE_COLUMNS - 1) as f64;
    let row = |m: f64| (m - MOMENTUM_RANGE.0) / (MOMENTUM_RANGE.1 - MOMENTUM_RANGE.0) * (MOMENTUM_ROWS - 1) as f64;
    assert!((best.1 as f64 - column(lr)).abs() <= 1.5, "best column {} vs {}", best.1, column(lr));
    assert!((best.0 as f64 - row(mu)).abs() <= 1.5, "best row {} vs {}", best.0, row(mu));
    // There the error shrinks by about 2/3 a step; GD's by 12/13 at best.
    let shrink = |label: &str| {
        let d = |k: usize| distance(&l.run(label).record(k).params, [0.0, 0.0]);
        (d(100) / d(50)).powf(1.0 / 50.0)
    };
    assert!(shrink("Heavy ball") < 0.7, "{}", shrink("Heavy ball"));
    assert!(shrink("GD") > 0.9 && shrink("GD") < 12.0 / 13.0 + 1e-3, "{}", shrink("GD"));
    // More momentum at the same rate: stable, but √0.9 a step.
    assert!((shrink("Momentum 0.9") - 0.9f64.sqrt()).abs() < 0.02, "{}", shrink("Momentum 0.9"));
}
