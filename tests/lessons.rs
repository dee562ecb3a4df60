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
    assert!(end("Newton").unwrap() <= 10);
    let adam = end("Adam").unwrap();
    assert!(adam < end("Nesterov").unwrap() && adam < end("Momentum").unwrap());
    // "arrive after about 1,400 steps"
    for label in ["Momentum", "Nesterov"] {
        assert!((1300..1500).contains(&end(label).unwrap()), "{label}");
    }
    assert_eq!(l.run("GD").status().name(), "max_steps");
    // "Adam ... arrives after about 1,000 steps; RMSprop is still short of the minimum at the end."
    assert!((900..1100).contains(&adam), "Adam at {adam}");
    assert_eq!(l.run("RMSprop").status().name(), "max_steps");
    assert!(distance(l.end("RMSprop"), [1.0, 1.0]) > 0.1);
}

#[test]
fn learning_rate_too_small_just_right_too_large() {
    let l = Lesson::load("01-learning-rate.json");
    let gap = |label: &str, k: usize| l.run(label).record(k).params[0] + 2.5;
    assert!(gap("lr 0.01", 60) > 3.0, "too small: still far away");
    assert!(gap("lr 0.1", 60).abs() < 1e-4, "just right: arrived");
    // 0.95 bounces from side to side while closing in; 1.05 bounces outward.
    for k in 0..60 {
        assert!(gap("lr 0.95", k) * gap("lr 0.95", k + 1) < 0.0, "step {k}: 0.95 crosses the minimum");
        assert!(gap("lr 0.95", k + 1).abs() < gap("lr 0.95", k).abs());
        assert!(gap("lr 1.05", k + 1).abs() > gap("lr 1.05", k).abs());
    }
    assert!(l.loss("lr 1.05", 60) > 100.0 * l.loss("lr 1.05", 0));
}

#[test]
fn batch_size_one_is_noisy_and_the_full_batch_is_smooth() {
    let l = Lesson::load("02-batch-size.json");
    let best = l.scenario.landscape.minima()[0].point.xy();
    let ups = |label: &str| l.run(label).history().windows(2).filter(|w| w[1].loss > w[0].loss).count();
    assert_eq!(ups("full batch"), 0, "the full batch only goes down");
    assert!(ups("batch 1") > 30, "one point per step often goes up: {}", ups("batch 1"));
    assert!(ups("batch 8") < ups("batch 1"));
    let miss = |label: &str| distance(l.end(label), best);
    assert!(miss("full batch") < 0.01);
    assert!(miss("batch 1") > 10.0 * miss("full batch"));
    assert!(miss("batch 8") < miss("batch 1"));
}

#[test]
fn gd_zigzags_across_a_narrow_valley_and_momentum_gets_lower() {
    let l = Lesson::load("03-ill-conditioning.json");
    for k in 0..100 {
        let (a, b) = (l.run("GD").record(k).params[1], l.run("GD").record(k + 1).params[1]);
        assert!(a * b < 0.0, "step {k}: GD jumps to the other wall");
    }
    assert!(l.loss("Momentum", 100) < l.loss("GD", 100) / 10.0);
}

#[test]
fn momentum_and_nesterov_beat_gd_on_rosenbrock() {
    let l = Lesson::load("04-momentum.json");
    for label in ["Momentum", "Nesterov"] {
        assert!(l.loss(label, 1000) < l.loss("GD", 1000) / 100.0, "{label}");
    }
    // "still more than a unit away from the minimum"
    assert!(distance(l.end("GD"), [1.0, 1.0]) > 1.0);
}

#[test]
fn gd_stalls_at_the_saddle_and_noise_or_momentum_escape() {
    let l = Lesson::load("05-saddle-point.json");
    let y = |label: &str, k: usize| l.run(label).record(k).params[1].abs();
    // 1e-4 · 1.1ᵏ < 0.1 until k = 72.
    for k in 0..=70 {
        assert!(y("GD", k) < 0.1, "GD stays near the ridge at step {k}");
    }
    assert!(y("GD + noise", 40) > 1.0);
    assert!(y("Momentum", 40) > 1.0);
}

#[test]
fn different_starts_reach_different_minima() {
    let l = Lesson::load("06-several-minima.json");
    let minima = l.scenario.landscape.minima();
    let mut reached: Vec<usize> = l
        .runs
        .iter()
        .map(|run| {
            let end = &run.record(run.steps_taken()).params;
            let (i, m) = minima
                .iter()
                .enumerate()
                .min_by(|a, b| distance(&a.1.point, end).total_cmp(&distance(&b.1.point, end)))
                .unwrap();
            assert!(distance(&m.point, end) < 1e-3);
            i
        })
        .collect();
    reached.sort_unstable();
    reached.dedup();
    assert_eq!(reached.len(), 4, "four starts, four minima");
}

#[test]
fn gd_stays_in_the_local_well_and_momentum_or_noise_get_out() {
    let l = Lesson::load("07-local-minimum.json");
    let minima = l.scenario.landscape.minima();
    let (global, local) = (minima.iter().find(|m| m.global).unwrap(), minima.iter().find(|m| !m.global).unwrap());
    assert!((l.end("GD")[0] - local.point[0]).abs() < 1e-6);
    assert!((l.end("Momentum")[0] - global.point[0]).abs() < 1e-3);
    // With noise it never settles exactly, but it ends in the deeper well.
    assert!(l.end("GD + noise")[0] < -0.5);
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
    // The steep first steps use up most of it: a third is left after ten.
    assert!(rates[9][0] < rates[0][0] / 2.5 && rates[9][1] < rates[0][1] / 2.5);
    let (adagrad, rmsprop, adam) = (l.loss("AdaGrad", 1000), l.loss("RMSprop", 1000), l.loss("Adam", 1000));
    assert!(adam < rmsprop && rmsprop < adagrad, "{adam} {rmsprop} {adagrad}");
}

#[test]
fn decaying_schedules_end_below_the_noise_floor_of_a_constant_rate() {
    let l = Lesson::load("09-schedules.json");
    // "over the last 100 steps every schedule's loss averages under an eighth of it"
    let tail = |label: &str| l.run(label).history()[301..].iter().map(|r| r.loss).sum::<f64>() / 100.0;
    for label in ["step", "exponential", "cosine"] {
        assert!(tail(label) < tail("constant") / 8.0, "{label}: {} vs {}", tail(label), tail("constant"));
    }
    // "its mean over 20 steps bold: from step 120 on the constant rate's is on top"
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
    assert!(l.loss("GD, clipped", 300) < 1.0);
}

#[test]
fn newton_arrives_in_a_few_steps() {
    let l = Lesson::load("11-newton.json");
    let newton = l.run("Newton").status();
    assert_eq!(newton.name(), "converged");
    assert!(newton.step().unwrap() <= 6);
    assert_eq!(l.run("GD").status().name(), "max_steps");
    assert!(l.loss("GD", 2000) > 0.01);
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
    assert_eq!(lessons[0].run("GD 0.01").status().name(), "diverged");
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
    // Newton: seven steps, one of them up to 60 times the starting loss.
    let newton = l.run("Newton");
    assert_eq!((newton.status().ending(), newton.steps_taken()), (Ending::Converged, 7));
    let start = l.loss("Newton", 0);
    let highest = (0..=7).map(|k| l.loss("Newton", k)).fold(0.0, f64::max);
    assert!(highest > 50.0 * start && l.loss("Newton", 2) == highest, "highest {highest}");
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
    // Five long jumps, then, rectified, steps far shorter than Adam's.
    assert!((1..=5).all(|k| step("RAdam", k) > 1.0));
    assert!((6..=100).all(|k| step("RAdam", k) < 0.05));
    // Adam and NAdam end near the minimum (1, 3).
    for label in ["Adam", "NAdam"] {
        assert!(distance(l.end(label), [1.0, 3.0]) < 0.1, "{label}");
    }
    // AdamW settles short of it, nearer the origin, pulled by its decay.
    let adamw = l.end("AdamW");
    assert!(distance(adamw, [1.0, 3.0]) > 0.3 && norm(adamw) < norm([1.0, 3.0]), "{adamw:?}");
    assert!(distance(adamw, &l.run("AdamW").record(250).params) < 0.05, "settled");
    // Adamax is the last to arrive.
    let last = |label: &str| l.loss(label, 300);
    assert!(["Adam", "AdamW", "NAdam", "RAdam"].iter().all(|&o| last("Adamax") > last(o)));
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
