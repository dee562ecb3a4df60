"""Golden runs from real torch in ten dimensions, for tests/torch_nd.rs.

Runs torch.optim (float64, CPU, its default kernels) on the quadratic
f(x) = ½ Σ λᵢ xᵢ² in ten parameters, the gradient λ ⊙ x computed as
losscape's `quadratic_nd` computes it (one product a coordinate), and writes
tests/fixtures/torch/nd.json: for every optimizer whose update is element by
element, with schedules, weight decay, amsgrad, centered, dampening and
Nesterov, the parameters after every step, each number as a hex float so
that the Rust tests can require the same bits.

Also written, for comparisons that are not bit for bit:

- a run with clip_grad_norm_: torch sums the ten squares of the norm in
  the order of its vectorised reduction, which can round differently from
  losscape's sum in order;
- L-BFGS runs, with and without the strong-Wolfe line search: its dot
  products go to BLAS (MKL's ddot), which sums in its own order.

As in torch_golden.py, torch's square roots that are not correctly rounded
are recorded, so that the tests can tell that difference from any other.

Regenerate: pip install torch==2.15.0; python3 tests/reference/torch_nd.py
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import torch_golden as golden  # noqa: E402  (make_optimizer, make_schedule, sqrt_inputs, note_sqrts)

torch.set_default_dtype(torch.float64)

STEPS = 200
LAMBDA = [0.1, 0.3, 0.7, 1.0, 1.5, 2.0, 3.0, 4.5, 6.0, 8.0]
START = [1.0, -0.8, 0.6, -0.4, 0.2, 1.5, -1.2, 0.9, -0.6, 0.3]

# (type, hyperparameters, schedule, clip_norm).
CASES = [
    ("gd", {"lr": 0.1}, None, None),
    ("gd", {"lr": 0.05, "weight_decay": 0.1}, None, None),
    ("sgd", {"lr": 0.03, "momentum": 0.7, "dampening": 0.2}, None, None),
    ("sgd", {"lr": 0.03, "momentum": 0.6, "nesterov": True, "weight_decay": 0.01}, None, None),
    ("momentum", {"lr": 0.02}, {"type": "step", "step_size": 50, "gamma": 0.7}, None),
    ("nesterov", {"lr": 0.02}, {"type": "exponential", "gamma": 0.995}, None),
    ("gd", {"lr": 0.2}, {"type": "plateau", "factor": 0.5, "patience": 5, "threshold": 1e-3, "min_lr": 1e-4}, None),
    ("adagrad", {"lr": 0.3, "lr_decay": 0.01, "weight_decay": 0.05, "initial_accumulator_value": 0.1, "eps": 1e-9}, None, None),
    ("adagrad", {"lr": 0.5}, {"type": "cosine", "t_max": 100}, None),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9}, None, None),
    ("rmsprop", {"lr": 0.01, "alpha": 0.95, "momentum": 0.5, "centered": True, "weight_decay": 0.02, "eps": 1e-6}, None, None),
    ("adam", {"lr": 0.05}, None, None),
    ("adam", {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True}, None, None),
    ("adam", {"lr": 0.05}, {"type": "cosine", "t_max": 150, "eta_min": 0.001}, None),
    ("adamw", {"lr": 0.03, "weight_decay": 0.1}, {"type": "exponential", "gamma": 0.99}, None),
    ("nadam", {"lr": 0.02}, None, None),
    ("nadam", {"lr": 0.02, "weight_decay": 0.05, "decoupled_weight_decay": True}, None, None),
    ("radam", {"lr": 0.02}, None, None),
    ("radam", {"lr": 0.02, "weight_decay": 0.05, "decoupled_weight_decay": True}, None, None),
    ("adamax", {"lr": 0.03}, None, None),
    ("adamax", {"lr": 0.03, "betas": [0.8, 0.95], "eps": 1e-6, "weight_decay": 0.02}, None, None),
    ("adadelta", {"lr": 1.0}, None, None),
    ("adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-5, "weight_decay": 0.01}, None, None),
    ("rprop", {"lr": 0.01}, None, None),
    ("rprop", {"lr": 0.05, "etas": [0.3, 1.5], "step_sizes": [1e-4, 0.5]}, None, None),
]

# Compared within a tolerance: the norm's sum of squares.
CLIPPED = [("adam", {"lr": 0.05}, None, 0.5), ("momentum", {"lr": 0.05}, None, 1.0)]

LBFGS = [{"lr": 1.0, "line_search_fn": "strong_wolfe"}, {"lr": 0.2}]


def gradient(p):
    """∇f = λ ⊙ x, one rounding a coordinate, as losscape's quadratic_nd."""
    return [lam * x for lam, x in zip(LAMBDA, p.detach().tolist())]


def loss(p):
    """½ Σ (λᵢxᵢ)·xᵢ summed in order, as losscape's quadratic_nd."""
    total = 0.0
    for lam, x in zip(LAMBDA, p.detach().tolist()):
        total += lam * x * x
    return 0.5 * total


def run(kind, hyper, schedule, clip):
    p = torch.nn.Parameter(torch.tensor(START))
    optimizer = golden.make_optimizer(kind, [p], hyper)
    scheduler = golden.make_schedule(optimizer, schedule)
    params = []
    for k in range(STEPS):
        value = loss(p)
        p.grad = torch.tensor(gradient(p))
        if clip is not None:
            torch.nn.utils.clip_grad_norm_([p], clip)
        before = {key: v.clone() if torch.is_tensor(v) else v for key, v in optimizer.state[p].items()}
        optimizer.step()
        golden.note_sqrts(golden.sqrt_inputs(kind, hyper, before, optimizer.state[p], k + 1))
        if scheduler is not None:
            if schedule["type"] == "plateau":
                scheduler.step(value)
            else:
                scheduler.step()
        params.append(golden.hexes(p.detach().tolist()))
    return params


def lbfgs(hyper, steps=10):
    lam = torch.tensor(LAMBDA)
    p = torch.nn.Parameter(torch.tensor(START))
    optimizer = torch.optim.LBFGS([p], **hyper)

    def closure():
        optimizer.zero_grad()
        p.grad = lam * p.detach()
        return torch.tensor(loss(p))

    params = []
    for _ in range(steps):
        optimizer.step(closure)
        params.append(golden.hexes(p.detach().tolist()))
    return params


def main():
    case = lambda kind, hyper, schedule, clip: {  # noqa: E731
        "type": kind, "hyper": hyper, "schedule": schedule, "clip_norm": clip,
        "params": run(kind, hyper, schedule, clip)}
    out = {
        "torch": torch.__version__,
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "steps": STEPS,
        "diagonal": LAMBDA,
        "start": START,
        "runs": [case(*c) for c in CASES],
        "clipped": [case(*c) for c in CLIPPED],
        "lbfgs": [{"hyper": h, "params": lbfgs(h)} for h in LBFGS],
        "sqrt_exceptions": golden.SQRT_EXCEPTIONS,
    }
    path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "torch", "nd.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(CASES)} runs of {STEPS} steps in {len(LAMBDA)} dimensions, "
          f"{len(golden.SQRT_EXCEPTIONS)} square roots off by an ulp")


if __name__ == "__main__":
    main()
