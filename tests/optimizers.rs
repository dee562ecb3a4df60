//! Optimizer steps against numbers derived from torch.optim's algorithm
//! boxes (tests/reference/torch_boxes.py prints them), schedules, clipping,
//! and convergence rates against the theory of gradient descent on quadratics.

mod common;

use common::{assert_close, assert_params, builtin, optimizer, run, spec};
use losscape::core::optim::{
    Adadelta, Adagrad, Adam, Adamax, Hyper, HyperValue, Limit, Lion, NAdam, Optimizer, OptimizerState, OptimizerType,
    RAdam, RmsProp, Rprop, Schedule, ScheduleState, Sgd, clip_grad_norm,
};

/// All reference cases run on f = x² + 10y² from (1, 1).
fn quadratic_run(opt: Optimizer, steps: usize) -> losscape::core::run::Run {
    run(&builtin("quadratic"), spec(opt, [1.0, 1.0], steps))
}

const REL: f64 = 1e-13;

#[test]
fn sgd_with_momentum_dampening_and_weight_decay_matches_the_torch_box() {
    let sgd = Sgd { momentum: 0.9, dampening: 0.5, nesterov: false, weight_decay: 0.1, ema: false };
    let r = quadratic_run(optimizer(OptimizerType::Sgd, 0.01, Hyper::Sgd(sgd)), 3);
    // Step 1 by hand: g = (2 + 0.1, 20 + 0.1); the buffer is g itself; θ = 1 − 0.01·g.
    assert_close(r.record(1).params[0], 0.979, 1e-15);
    assert_close(r.record(1).params[1], 0.799, 1e-15);
    assert_params(
        &r,
        &[[0.979, 0.7989999999999999], [0.9498205, 0.5378004999999999], [0.91358583475, 0.24867199974999987]],
        REL,
    );
}

#[test]
fn nesterov_steps_along_gradient_plus_momentum_buffer() {
    let r = quadratic_run(Optimizer { lr: 0.01, ..Optimizer::with_defaults(OptimizerType::Nesterov) }, 3);
    // Step 1 by hand: b = g = (2, 20); d = g + 0.9·b = (3.8, 38); θ = 1 − 0.01·d.
    assert_close(r.record(1).params[0], 0.962, 1e-15);
    assert_params(&r, &[[0.962, 0.62], [0.9092439999999999, 0.2224], [0.844528328, -0.10835200000000006]], REL);
}

#[test]
fn gd_ignores_momentum_and_plain_momentum_defaults_to_point_nine() {
    assert_eq!(Optimizer::with_defaults(OptimizerType::Gd).momentum_like(), None);
    let m = Optimizer::with_defaults(OptimizerType::Momentum).momentum_like().unwrap();
    assert_eq!((m.name, m.value), ("momentum", 0.9));
    assert_eq!(Optimizer::with_defaults(OptimizerType::Sgd).lr, 0.001);
}

#[test]
fn adagrad_with_lr_decay_large_eps_and_initial_accumulator_matches_the_torch_box() {
    let a = Adagrad { lr_decay: 0.1, weight_decay: 0.05, initial_accumulator_value: 0.2, eps: 0.1 };
    let r = quadratic_run(optimizer(OptimizerType::Adagrad, 0.5, Hyper::Adagrad(a)), 3);
    assert_params(
        &r,
        &[
            [0.5337122677332677, 0.5026044896842192],
            [0.3320684219105696, 0.2994255834608258],
            [0.22137086108785617, 0.19222121236909215],
        ],
        REL,
    );
}

#[test]
fn centered_rmsprop_with_momentum_matches_the_torch_box() {
    let h = RmsProp { alpha: 0.9, eps: 0.1, weight_decay: 0.1, momentum: 0.5, centered: true };
    let r = quadratic_run(optimizer(OptimizerType::RmsProp, 0.01, Hyper::RmsProp(h)), 3);
    assert_params(
        &r,
        &[
            [0.9712328767123287, 0.96721044045677],
            [0.9344722762731523, 0.9260517056129458],
            [0.8965148598001182, 0.8840742582328285],
        ],
        REL,
    );
}

#[test]
fn adam_with_amsgrad_large_eps_and_weight_decay_matches_the_torch_box() {
    let h = Adam { betas: [0.8, 0.5], eps: 0.1, weight_decay: 0.1, amsgrad: true, decoupled: false };
    let r = quadratic_run(optimizer(OptimizerType::Adam, 0.5, Hyper::Adam(h)), 3);
    assert_params(
        &r,
        &[
            [0.5227272727272727, 0.5024752475247525],
            [0.0975246374709724, 0.06204780792926634],
            [-0.1971996294634933, -0.235276461873631],
        ],
        REL,
    );
    // The same without amsgrad differs from step 2, where v shrank.
    let plain = quadratic_run(optimizer(OptimizerType::Adam, 0.5, Hyper::Adam(Adam { amsgrad: false, ..h })), 3);
    assert_params(
        &plain,
        &[
            [0.5227272727272727, 0.5024752475247525],
            [0.042810210055228615, -0.004777945086124058],
            [-0.3920980260155518, -0.45828253282043885],
        ],
        REL,
    );
}

#[test]
fn adamw_decays_the_weights_before_the_adam_step() {
    let mut opt = Optimizer::with_defaults(OptimizerType::AdamW);
    opt.lr = 0.1;
    if let Hyper::Adam(a) = &mut opt.hyper {
        assert_eq!(a.weight_decay, 0.01, "torch's AdamW default");
        a.weight_decay = 0.1;
    }
    let r = quadratic_run(opt, 3);
    assert_params(
        &r,
        &[
            [0.8900000004999999, 0.89000000005],
            [0.7815718559365048, 0.7815718550206143],
            [0.6751012216400698, 0.675101220245852],
        ],
        REL,
    );
}

#[test]
fn nadam_with_weight_decay_and_a_fast_momentum_warm_up_matches_the_torch_box() {
    let h = NAdam { weight_decay: 0.1, momentum_decay: 0.5, ..NAdam::default() };
    let r = quadratic_run(optimizer(OptimizerType::NAdam, 0.1, Hyper::NAdam(h)), 3);
    assert_params(
        &r,
        &[
            [0.8940393182038098, 0.8940393177519519],
            [0.820123566327797, 0.8201235655618158],
            [0.7537496752386988, 0.7537496741889403],
        ],
        REL,
    );
    // The momentum schedule by hand: μ₁ = 0.9·(1 − ½·0.96^0.5).
    assert_close(h.mu(1.0), 0.9 * (1.0 - 0.5 * 0.96f64.sqrt()), 1e-16);
    let decoupled = NAdam { weight_decay: 0.1, decoupled_weight_decay: true, ..NAdam::default() };
    let r = quadratic_run(optimizer(OptimizerType::NAdam, 0.1, Hyper::NAdam(decoupled)), 3);
    assert_params(
        &r,
        &[
            [0.8843548226926871, 0.8843548222172838],
            [0.8015420397205095, 0.8015420389169873],
            [0.7270080993124873, 0.7270080982152916],
        ],
        REL,
    );
}

#[test]
fn radam_takes_plain_momentum_steps_until_the_variance_is_trusted() {
    let h = RAdam { betas: [0.9, 0.9], ..RAdam::default() };
    let r = quadratic_run(optimizer(OptimizerType::RAdam, 0.1, Hyper::RAdam(h)), 7);
    // Step 1 by hand: ρ₁ = 19 − 2·0.9/0.1 = 1 ≤ 5, so θ = θ − lr·m̂ = 1 − 0.1·(2, 20).
    assert_close(r.record(1).params[0], 0.8, 1e-15);
    assert_close(r.record(1).params[1], -1.0, 1e-15);
    assert_params(
        &r,
        &[
            [0.8, -1.0],
            [0.6210526315789474, -0.8947368421052632],
            [0.46230335987570403, -0.16799378520100983],
            [0.32282963331003045, 0.44512453006258235],
            [0.20164796308087307, 0.6911291300594518],
            [0.1789506832459839, 0.6893594087421021],
            [0.150708849748136, 0.6814623973844316],
        ],
        REL,
    );
}

#[test]
fn adamax_with_weight_decay_matches_the_torch_box() {
    let h = Adamax { betas: [0.8, 0.5], eps: 0.1, weight_decay: 0.1 };
    let r = quadratic_run(optimizer(OptimizerType::Adamax, 0.1, Hyper::Adamax(h)), 3);
    // Step 1 by hand: g = (2.1, 20.1), m = 0.2·g, u = |g| + 0.1, so
    // θ = 1 − 0.1·g/(|g| + 0.1): 1 − 0.21/2.2 and 1 − 2.01/20.2.
    assert_close(r.record(1).params[0], 1.0 - 0.21 / 2.2, 1e-15);
    assert_close(r.record(1).params[1], 1.0 - 2.01 / 20.2, 1e-15);
    assert_params(
        &r,
        &[
            [0.9045454545454545, 0.9004950495049505],
            [0.8050910330860319, 0.7961603624886111],
            [0.7008559919288062, 0.6858376261337075],
        ],
        REL,
    );
}

#[test]
fn adadelta_with_weight_decay_matches_the_torch_box() {
    let h = Adadelta { weight_decay: 0.1, ..Adadelta::default() };
    let r = quadratic_run(optimizer(OptimizerType::Adadelta, 1.0, Hyper::Adadelta(h)), 3);
    // Step 1 by hand: v = 0.1·g², Δ = √(1e-6)/√(0.1g² + 1e-6)·g ≈ √10·1e-3.
    let g: f64 = 2.1;
    assert_close(r.record(1).params[0], 1.0 - 1e-3 / (0.1 * g * g + 1e-6).sqrt() * g, 1e-15);
    assert_params(
        &r,
        &[
            [0.9968377259251744, 0.9968377223789677],
            [0.9935981733243306, 0.9935981660487561],
            [0.9903090445069902, 0.9903090333996195],
        ],
        REL,
    );
}

#[test]
fn rprop_grows_caps_and_halves_its_steps_as_the_box_says() {
    let h = Rprop { etas: [0.5, 1.2], step_sizes: [1e-6, 0.4] };
    let r = quadratic_run(optimizer(OptimizerType::Rprop, 0.3, Hyper::Rprop(h)), 5);
    // By hand: steps of 0.3, 0.36, then 0.432 capped at 0.4; the sign flips,
    // so step 4 halves the step size to 0.2 and does not move; step 5 moves 0.2.
    let expected = [0.7, 0.34, -0.06, -0.06, 0.14];
    for (t, want) in expected.iter().enumerate() {
        for c in 0..2 {
            assert_close(r.record(t + 1).params[c], *want, 1e-15);
        }
    }
}

#[test]
fn adam_first_step_moves_each_coordinate_by_about_lr() {
    // m̂₁ = g and v̂₁ = g², so the first step is lr·g/(|g| + ε) per coordinate.
    let r = run(
        &builtin("rosenbrock"),
        spec(Optimizer { lr: 0.05, ..Optimizer::with_defaults(OptimizerType::Adam) }, [-1.5, 2.0], 1),
    );
    let p = &r.record(1).params;
    assert_close(p[0], -1.5 + 0.05 * 155.0 / (155.0 + 1e-8), 1e-14);
    assert_close(p[1], 2.0 + 0.05 * 50.0 / (50.0 + 1e-8), 1e-14);
}

#[test]
fn newton_solves_a_quadratic_in_one_step_and_matches_a_hand_step_on_rosenbrock() {
    let newton = Optimizer::with_defaults(OptimizerType::Newton);
    let r = run(&builtin("booth"), spec(newton, [-7.0, 4.0], 2));
    assert_close(r.record(1).params[0], 1.0, 1e-14);
    assert_close(r.record(1).params[1], 3.0, 1e-14);
    // Rosenbrock at (−1.5, 2): H = [[1902, 600], [600, 200]], det 20400,
    // H⁻¹g = (−1000, −2100)/20400.
    let r = run(&builtin("rosenbrock"), spec(newton, [-1.5, 2.0], 1));
    assert_close(r.record(1).params[0], -1.5 + 1000.0 / 20400.0, 1e-15);
    assert_close(r.record(1).params[1], 2.0 + 2100.0 / 20400.0, 1e-15);
}

#[test]
fn newton_stops_on_a_singular_hessian() {
    // The monkey saddle's Hessian vanishes at the origin.
    let r = run(&builtin("monkey_saddle"), spec(Optimizer::with_defaults(OptimizerType::Newton), [0.0, 0.0], 10));
    assert_eq!(r.status().name(), "stopped");
    assert!(r.status().reason().unwrap().contains("singular Hessian"));
    assert_eq!(r.steps_taken(), 0);
}

#[test]
fn gd_on_a_parabola_contracts_at_the_rate_theory_predicts() {
    // f = x² + 5x + 6 has f'' = 2, so x_k + 2.5 = (1 − 2η)^k (x₀ + 2.5).
    let parabola = builtin("parabola");
    for lr in [0.01, 0.1, 0.3, 0.9] {
        let r = run(&parabola, spec(optimizer(OptimizerType::Gd, lr, Hyper::Sgd(Sgd::default())), [10.0, 0.0], 20));
        for k in [1, 5, 20] {
            assert_close(r.record(k).params[0] + 2.5, (1.0 - 2.0 * lr).powi(k as i32) * 12.5, 1e-12);
        }
    }
    // Past 2/λ = 1 it grows by |1 − 2η| a step, and eventually diverges.
    let r = run(&parabola, spec(optimizer(OptimizerType::Gd, 1.1, Hyper::Sgd(Sgd::default())), [10.0, 0.0], 1000));
    assert_close(r.record(10).params[0] + 2.5, 1.2f64.powi(10) * 12.5, 1e-12);
    assert_eq!(r.status().name(), "diverged");
}

#[test]
fn heavy_ball_beats_gd_on_an_ill_conditioned_quadratic_as_theory_says() {
    // f = x² + 10y²: λ = 2 and 20, κ = 10. GD's best rate is (κ−1)/(κ+1) per
    // step; Polyak's heavy ball with tuned η, μ gets (√κ−1)/(√κ+1).
    let (l_min, l_max) = (2.0f64, 20.0f64);
    let gd_lr = 2.0 / (l_min + l_max);
    let hb_lr = 4.0 / (l_max.sqrt() + l_min.sqrt()).powi(2);
    let hb_mu = ((l_max.sqrt() - l_min.sqrt()) / (l_max.sqrt() + l_min.sqrt())).powi(2);
    let quadratic = builtin("quadratic");
    let gd = run(&quadratic, spec(optimizer(OptimizerType::Gd, gd_lr, Hyper::Sgd(Sgd::default())), [1.0, 1.0], 200));
    let hb = run(
        &quadratic,
        spec(
            optimizer(OptimizerType::Momentum, hb_lr, Hyper::Sgd(Sgd { momentum: hb_mu, ..Sgd::default() })),
            [1.0, 1.0],
            200,
        ),
    );
    let dist = |r: &losscape::core::run::Run, k: usize| losscape::core::norm(&r.record(k).params);
    let kappa: f64 = 10.0;
    // GD: both coordinates contract by exactly 9/11 in magnitude.
    let gd_rate = (dist(&gd, 60) / 2f64.sqrt()).powf(1.0 / 60.0);
    assert_close(gd_rate, (kappa - 1.0) / (kappa + 1.0), 1e-12);
    // Heavy ball at its optimal tuning has a double eigenvalue ρ (a Jordan
    // block), so the distance decays like k·ρᵏ: from step 100 to 200 it
    // shrinks by 2·ρ¹⁰⁰ once the k term dominates.
    let hb_rate = (dist(&hb, 200) / dist(&hb, 100) / 2.0).powf(1.0 / 100.0);
    assert_close(hb_rate, (kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0), 1e-3);
    assert!(hb_rate < gd_rate);
}

#[test]
fn step_and_exponential_schedules_follow_torch() {
    let mut state = ScheduleState::default();
    let step = Schedule::Step { step_size: 2, gamma: 0.5 };
    let mut lr = 1.0;
    let lrs: Vec<f64> = (1..=5)
        .map(|e| {
            lr = step.next_lr(1.0, lr, e, 0.0, &mut state);
            lr
        })
        .collect();
    assert_eq!(lrs, vec![1.0, 0.5, 0.5, 0.25, 0.25]);
    let exp = Schedule::Exponential { gamma: 0.9 };
    let mut lr = 0.1;
    for e in 1..=10 {
        lr = exp.next_lr(0.1, lr, e, 0.0, &mut state);
    }
    assert_close(lr, 0.1 * 0.9f64.powi(10), 1e-14);
}

#[test]
fn cosine_schedule_matches_the_closed_form_and_rises_again_past_t_max() {
    let (base, eta_min, t_max) = (0.1, 0.001, 10u64);
    let cosine = Schedule::Cosine { t_max, eta_min };
    let closed =
        |e: u64| eta_min + (base - eta_min) * (1.0 + (std::f64::consts::PI * e as f64 / t_max as f64).cos()) / 2.0;
    let mut state = ScheduleState::default();
    let mut lr = base;
    for e in 1..=3 * t_max {
        lr = cosine.next_lr(base, lr, e, 0.0, &mut state);
        assert_close(lr, closed(e), 1e-12);
    }
    // At 3·t_max it is back at the minimum; at 2·t_max it was back at the base.
    assert_close(lr, eta_min, 1e-12);
}

#[test]
fn plateau_schedule_cuts_the_rate_after_patience_is_exhausted() {
    let plateau = Schedule::Plateau { factor: 0.5, patience: 2, threshold: 1e-4, min_lr: 0.0 };
    let mut state = ScheduleState::default();
    let mut lr = 1.0;
    let lrs: Vec<f64> = (1..=8)
        .map(|e| {
            // A loss that never improves after the first report.
            lr = plateau.next_lr(1.0, lr, e, 3.0, &mut state);
            lr
        })
        .collect();
    // Report 1 sets the best; reports 2, 3, 4 are bad; the third bad one (> patience 2) halves.
    assert_eq!(lrs, vec![1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25]);
}

#[test]
fn schedules_change_the_lr_recorded_in_a_run() {
    let mut s = spec(Optimizer::with_defaults(OptimizerType::Gd), [1.0, 1.0], 4);
    s.schedule = Some(Schedule::Step { step_size: 2, gamma: 0.1 });
    let r = run(&builtin("quadratic"), s);
    let lrs: Vec<f64> = r.history().iter().map(|h| h.lr).collect();
    assert_eq!(lrs.len(), 5);
    assert_eq!(&lrs[..2], &[0.001, 0.001]);
    assert_close(lrs[2], 1e-4, 1e-12);
    assert_close(lrs[4], 1e-5, 1e-12);
}

#[test]
fn clipping_follows_clip_grad_norm() {
    let mut g = [3.0, 4.0];
    let scale = clip_grad_norm(&mut g, 1.0);
    assert_eq!(scale, 1.0 / (5.0 + 1e-6));
    assert_eq!(g, [3.0 * scale, 4.0 * scale]);
    let mut small = [3.0, 4.0];
    assert_eq!(clip_grad_norm(&mut small, 10.0), 1.0);
    assert_eq!(small, [3.0, 4.0]);
}

#[test]
fn clipping_keeps_a_steep_start_stable() {
    // GD with lr 0.01 from x = 4 on Rosenbrock: the first gradient is ~2.4e4.
    let landscape = builtin("rosenbrock");
    let gd = Optimizer { lr: 0.01, ..Optimizer::with_defaults(OptimizerType::Gd) };
    let wild = run(&landscape, spec(gd, [4.0, -1.0], 200));
    assert_eq!(wild.status().name(), "diverged");
    let mut clipped = spec(gd, [4.0, -1.0], 200);
    clipped.clip_norm = Some(1.0);
    let tame = run(&landscape, clipped);
    assert_eq!(tame.status().name(), "max_steps");
    // Each clipped step moves at most lr · clip_norm.
    for w in tame.history().windows(2) {
        assert!(losscape::core::distance(&w[0].params, &w[1].params) <= 0.01 + 1e-12);
    }
}

#[test]
fn the_carried_part_of_an_adam_family_step_is_the_whole_step_without_weight_decay() {
    // Adam, RAdam and Adamax step along m alone, so the step k took is what
    // memory_step reports from the moments after k steps.
    use losscape::core::explain::memory_step;
    for kind in [OptimizerType::Adam, OptimizerType::RAdam, OptimizerType::Adamax] {
        let r = quadratic_run(Optimizer { lr: 0.01, ..Optimizer::with_defaults(kind) }, 12);
        assert_eq!(r.steps_taken(), 12);
        for k in 1..=12 {
            let carried = memory_step(&r, k).unwrap_or_else(|| panic!("{kind:?} step {k}: none"));
            for (c, carried) in carried.iter().enumerate() {
                let step = r.record(k).params[c] - r.record(k - 1).params[c];
                assert_close(*carried, step, 1e-9);
            }
        }
    }
}

/// Lion's momentum m after k steps.
fn lion_m(r: &losscape::core::run::Run, k: usize) -> [f64; 2] {
    let OptimizerState::Lion { exp_avg } = &r.record(k).state else { panic!("not Lion's state") };
    exp_avg.xy()
}

#[test]
fn lion_matches_the_papers_algorithm_box_by_hand() {
    // Chen et al. 2023, Algorithm 2, betas (0.9, 0.99), λ = 0, lr = 0.125
    // (a power of two, so that every θ below is exact), on f = x² + 10y²,
    // ∇f = (2x, 20y), from (0.0625, 1):
    //   c ← β1·m + (1 − β1)·g;  θ ← θ − lr·sign(c);  m ← β2·m + (1 − β2)·g.
    // Step 1: g = (0.125, 20), m = 0: c = (0.0125, 2), sign (+, +);
    //   θ₁ = (0.0625 − 0.125, 1 − 0.125) = (−0.0625, 0.875); m₁ = 0.01·g = (0.00125, 0.2).
    // Step 2: g = (−0.125, 17.5): c = 0.9·(0.00125, 0.2) + 0.1·(−0.125, 17.5)
    //   = (0.001125 − 0.0125, 0.18 + 1.75) = (−0.011375, 1.93), sign (−, +);
    //   θ₂ = (0.0625, 0.75); m₂ = 0.99·m₁ + 0.01·g = (0.0012375 − 0.00125, 0.198 + 0.175)
    //   = (−0.0000125, 0.373).
    // Step 3: g = (0.125, 15): c = (−0.00001125 + 0.0125, 0.3357 + 1.5) = (0.01248875, 1.8357),
    //   sign (+, +); θ₃ = (−0.0625, 0.625);
    //   m₃ = (−0.000012375 + 0.00125, 0.36927 + 0.15) = (0.001237625, 0.51927).
    let lion = Optimizer { lr: 0.125, ..Optimizer::with_defaults(OptimizerType::Lion) };
    assert_eq!(lion.hyper, Hyper::Lion(Lion { betas: [0.9, 0.99], weight_decay: 0.0 }), "the paper's defaults");
    let r = run(&builtin("quadratic"), spec(lion, [0.0625, 1.0], 3));
    assert_params(&r, &[[-0.0625, 0.875], [0.0625, 0.75], [-0.0625, 0.625]], 0.0);
    for (k, m) in [(1, [0.00125, 0.2]), (2, [-0.0000125, 0.373]), (3, [0.001237625, 0.51927])] {
        let ours = lion_m(&r, k);
        assert_close(ours[0], m[0], 1e-15);
        assert_close(ours[1], m[1], 1e-15);
    }
}

#[test]
fn lion_decays_the_weights_inside_its_step_and_leaves_a_zero_gradient_still() {
    // θ ← θ − lr·(sign(c) + λθ), λ = 0.5, lr = 0.125, from (1, 1):
    // step 1: c = (0.2, 2) > 0, θ₁ = 1 − 0.125·(1 + 0.5) = 0.8125;
    // step 2: c > 0 again, θ₂ = 0.8125 − 0.125·(1 + 0.40625) = 0.63671875.
    let decayed = Lion { weight_decay: 0.5, ..Lion::default() };
    let r = quadratic_run(optimizer(OptimizerType::Lion, 0.125, Hyper::Lion(decayed)), 2);
    assert_params(&r, &[[0.8125, 0.8125], [0.63671875, 0.63671875]], 0.0);
    // sign(0) = 0: on the axis x = 0 the gradient and m stay 0 along x,
    // and so does x.
    let r = run(&builtin("quadratic"), spec(Optimizer::with_defaults(OptimizerType::Lion), [0.0, 1.0], 20));
    assert!(r.history().iter().all(|h| h.params[0] == 0.0));
    assert_close(r.record(20).params[1], 1.0 - 20.0 * 1e-4, 1e-12);
}

#[test]
fn lion_moves_every_coordinate_by_exactly_lr_at_every_step() {
    // Without weight decay the step is lr·sign(c): the same size in every
    // coordinate, however different the gradient's are (here 2x and 20y).
    let lr = 1.0 / 128.0;
    let r = quadratic_run(optimizer(OptimizerType::Lion, lr, Hyper::Lion(Lion::default())), 60);
    assert_eq!(r.steps_taken(), 60);
    for w in r.history().windows(2) {
        for i in 0..2 {
            assert_eq!((w[1].params[i] - w[0].params[i]).abs(), lr, "{:?} to {:?}", w[0].params, w[1].params);
        }
    }
}

#[test]
fn every_declared_hyperparameter_is_listed_written_and_read_back() {
    use losscape::core::scenario::check_optimizer;
    for kind in OptimizerType::ALL {
        let o = Optimizer::with_defaults(kind);
        let names: Vec<&str> = o.hyperparameters().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, kind.hyperparameter_names(), "{}", kind.name());
        assert_eq!(OptimizerType::from_name(kind.name()), Some(kind));
        // Each value its family gives is one it takes back unchanged.
        let mut h = o.hyper;
        for (name, value) in o.hyperparameters() {
            h.family_mut().set(name, value);
            assert_eq!(h.family().get(name), Some(value), "{} {name}", kind.name());
        }
        assert_eq!(h, o.hyper, "{}", kind.name());
        // A scenario file holds it: every declared field is a field of the file.
        assert_eq!(check_optimizer(&o), Ok(()), "{}", kind.name());
        // Each field set to another value its limit allows is that value,
        // read back, written and loaded again.
        for field in kind.declaration().fields {
            let other = match (field.limit, o.hyper.family().get(field.name)) {
                (Limit::NonNegative, Some(HyperValue::Number(v))) => HyperValue::Number(v + 0.25),
                (Limit::Unit, Some(HyperValue::Number(v))) => HyperValue::Number(if v == 0.5 { 0.25 } else { 0.5 }),
                (Limit::Betas, _) => HyperValue::Pair([0.5, 0.75]),
                (Limit::Pair { holds, .. }, _) => {
                    let pair = [[0.25, 1.5], [0.5, 2.0]].into_iter().find(|p| holds(p[0], p[1])).unwrap();
                    HyperValue::Pair(pair)
                }
                (Limit::Count { .. }, _) => HyperValue::Count(7),
                (Limit::Flag, Some(HyperValue::Flag(b))) => HyperValue::Flag(!b),
                (Limit::Word { words, .. }, Some(HyperValue::Word(w))) => {
                    HyperValue::Word(words.iter().copied().find(|x| *x != w).unwrap_or(w))
                }
                (Limit::Word { words, .. }, _) => HyperValue::Word(words[0]),
                (limit, value) => panic!("{} {}: {limit:?} holds {value:?}", kind.name(), field.name),
            };
            let mut changed = o;
            changed.hyper.family_mut().set(field.name, other);
            assert_eq!(changed.hyper.family().get(field.name), Some(other), "{} {}", kind.name(), field.name);
            // Written back, it loads again, unless a rule across its fields
            // refuses it (Nesterov without momentum): then with that rule's words.
            let written: Vec<&str> = changed.hyperparameters().iter().map(|(n, _)| *n).collect();
            let rule = changed.hyper.family().check(&|f| written.contains(&f), true);
            let loaded = check_optimizer(&changed);
            match rule {
                None => assert_eq!(loaded, Ok(()), "{} {} = {other:?}", kind.name(), field.name),
                Some((_, message)) => assert!(loaded.unwrap_err().ends_with(&message), "{}", kind.name()),
            }
        }
    }
}

#[test]
fn lions_memory_arrow_is_the_step_its_momentum_alone_would_take() {
    // −lr·sign(m), m after k steps; Lion has no per-coordinate rates.
    use losscape::core::explain::{effective_rates, memory_step};
    let lr = 0.125;
    let r = run(
        &builtin("quadratic"),
        spec(optimizer(OptimizerType::Lion, lr, Hyper::Lion(Lion::default())), [0.0625, 1.0], 3),
    );
    assert_eq!(memory_step(&r, 0), None, "no memory before the first step");
    // m₂ = (−0.0000125, 0.373) (see the hand-worked steps above).
    assert_eq!(memory_step(&r, 2).unwrap().xy(), [lr, -lr]);
    assert_eq!(effective_rates(&r, 2), None);
    let m = Optimizer::with_defaults(OptimizerType::Lion).momentum_like().unwrap();
    assert_eq!((m.name, m.value, m.max), ("β1", 0.9, 0.999));
}
