"""Golden runs from real torch, for tests/torch_golden.rs and tests/torch_nd.rs.

Runs torch.optim (torch 2.15, float64, CPU, its default kernels) and writes
tests/fixtures/torch/golden.json, every number as a hex float so that the
Rust tests can require the same bits. Two kinds:

- replays: a fixed sequence of gradients is fed to each optimizer (with
  schedules, clipping, weight decay, amsgrad, centered, dampening,
  Nesterov), and the parameters after every step are recorded;
- runs: whole runs on landscapes whose gradient losscape computes in the
  order autograd does (a quadratic, the parabola, Rosenbrock), gradients
  from autograd itself;
- lbfgs: whole L-BFGS runs (one step is one step(closure) call), with and
  without the strong-Wolfe line search: the parameters and torch's
  evaluation count after every step, and every point the closure was
  called at, in order;

and tests/fixtures/torch/nd.json: runs in ten parameters on a quadratic
with a diagonal Hessian (see `write_nd`).

torch's CPU square root (MKL's vectorised one) is not correctly rounded:
on some values it is one unit in the last place off. Every value whose
torch square root differs from the correctly rounded one is recorded, so
that the tests can tell that difference from any other.

Regenerate: pip install torch==2.15.0; python3 tests/reference/torch_golden.py
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)

STEPS = 600
SQRT_EXCEPTIONS = {}


def note_sqrts(values):
    """Records where torch's sqrt of these values is not the correctly rounded one."""
    t = torch.tensor([float(v) for v in values])
    for v, r in zip(t.tolist(), t.sqrt().tolist()):
        if r != math.sqrt(v):
            SQRT_EXCEPTIONS[v.hex()] = r.hex()


def hexes(values):
    return [float(v).hex() for v in values]


def make_optimizer(kind, params, hyper):
    h = dict(hyper)
    lr = h.pop("lr")
    if kind in ("gd", "sgd", "momentum", "nesterov"):
        defaults = {"gd": {}, "sgd": {}, "momentum": {"momentum": 0.9}, "nesterov": {"momentum": 0.9, "nesterov": True}}
        args = {**defaults[kind], **h}
        return torch.optim.SGD(params, lr=lr, **args)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, **h)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, **h)
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, **{k: tuple(v) if k == "betas" else v for k, v in h.items()})
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, **{k: tuple(v) if k == "betas" else v for k, v in h.items()})
    pairs = {k: tuple(v) if isinstance(v, list) else v for k, v in h.items()}
    if kind == "nadam":
        return torch.optim.NAdam(params, lr=lr, **pairs)
    if kind == "radam":
        return torch.optim.RAdam(params, lr=lr, **pairs)
    if kind == "adamax":
        return torch.optim.Adamax(params, lr=lr, **pairs)
    if kind == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, **pairs)
    if kind == "rprop":
        return torch.optim.Rprop(params, lr=lr, **pairs)
    raise ValueError(kind)


def make_schedule(optimizer, schedule):
    if schedule is None:
        return None
    s = dict(schedule)
    kind = s.pop("type")
    if kind == "step":
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=s["step_size"], gamma=s["gamma"])
    if kind == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=s["gamma"])
    if kind == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=s["t_max"], eta_min=s.get("eta_min", 0.0))
    if kind == "plateau":
        return torch.optim.lr_scheduler.ReduceLROnPlateau(
            optimizer, mode="min", factor=s["factor"], patience=s["patience"], threshold=s["threshold"],
            min_lr=s["min_lr"])
    raise ValueError(kind)


def sqrt_inputs(kind, hyper, before, state, step):
    """The values torch took square roots of in the step just taken, from
    the optimizer's state before and after it."""
    if kind == "adagrad":
        return state["sum"].tolist()
    if kind == "rmsprop":
        if hyper.get("centered"):
            return state["square_avg"].addcmul(state["grad_avg"], state["grad_avg"], value=-1).tolist()
        return state["square_avg"].tolist()
    if kind in ("adam", "adamw"):
        key = "max_exp_avg_sq" if hyper.get("amsgrad") else "exp_avg_sq"
        return state[key].tolist()
    if kind == "nadam":
        beta2 = hyper.get("betas", [0.9, 0.999])[1]
        return state["exp_avg_sq"].div(1 - beta2 ** step).tolist()
    if kind == "radam":
        return state["exp_avg_sq"].tolist()
    if kind == "adadelta":
        eps = hyper.get("eps", 1e-6)
        previous = before.get("acc_delta", torch.zeros_like(state["acc_delta"]))
        return state["square_avg"].add(eps).tolist() + previous.add(eps).tolist()
    return []


def step_all(kind, hyper, schedule, clip, start, gradient, loss, steps):
    """Steps an optimizer from `start`, the gradient at each point given by
    `gradient(params, k)`; returns the gradients fed, the losses reported to
    a plateau schedule, and the parameters after every step."""
    p = torch.nn.Parameter(torch.tensor(start))
    optimizer = make_optimizer(kind, [p], hyper)
    scheduler = make_schedule(optimizer, schedule)
    grads, losses, params = [], [], []
    for k in range(steps):
        g = gradient(p, k)
        value = loss(p)
        grads.append(hexes(g))
        losses.append(float(value).hex())
        p.grad = torch.tensor(g)
        if clip is not None:
            torch.nn.utils.clip_grad_norm_([p], clip)
        before = {k: v.clone() if torch.is_tensor(v) else v for k, v in optimizer.state[p].items()}
        optimizer.step()
        note_sqrts(sqrt_inputs(kind, hyper, before, optimizer.state[p], k + 1))
        if scheduler is not None:
            if schedule["type"] == "plateau":
                scheduler.step(value)
            else:
                scheduler.step()
        params.append(hexes(p.detach().tolist()))
    return grads, losses, params


# A gradient that depends on where the run is, with a wobble, so that every
# optimizer meets gradients of varied sizes and signs for hundreds of steps.
def replay_gradient(p, k):
    x, y = p.detach().tolist()
    return [2.0 * x + 0.5 * math.sin(0.37 * k), 8.0 * y + 0.5 * math.cos(0.21 * k)]


def replay_loss(p):
    x, y = p.detach().tolist()
    return x * x + 4.0 * y * y


REPLAYS = [
    ("gd", {"lr": 0.05}, None, None),
    ("gd", {"lr": 0.05, "weight_decay": 0.1}, None, None),
    ("sgd", {"lr": 0.03, "momentum": 0.7, "dampening": 0.2}, None, None),
    ("sgd", {"lr": 0.03, "momentum": 0.6, "nesterov": True, "weight_decay": 0.01}, None, None),
    ("momentum", {"lr": 0.02}, {"type": "step", "step_size": 50, "gamma": 0.7}, None),
    ("momentum", {"lr": 0.02, "momentum": 0.95}, None, 1.5),
    ("nesterov", {"lr": 0.02}, {"type": "exponential", "gamma": 0.995}, None),
    ("nesterov", {"lr": 0.02, "momentum": 0.8}, {"type": "cosine", "t_max": 150, "eta_min": 0.001}, 2.0),
    ("gd", {"lr": 0.1}, {"type": "plateau", "factor": 0.5, "patience": 5, "threshold": 1e-3, "min_lr": 1e-4}, None),
    ("adagrad", {"lr": 0.3, "lr_decay": 0.01, "weight_decay": 0.05, "initial_accumulator_value": 0.1, "eps": 1e-9}, None, None),
    ("adagrad", {"lr": 0.5}, {"type": "cosine", "t_max": 100}, 3.0),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9}, None, None),
    ("rmsprop", {"lr": 0.01, "alpha": 0.95, "momentum": 0.5, "centered": True, "weight_decay": 0.02, "eps": 1e-6}, None, None),
    ("rmsprop", {"lr": 0.005, "momentum": 0.9}, {"type": "step", "step_size": 100, "gamma": 0.5}, 2.5),
    ("adam", {"lr": 0.05}, None, None),
    ("adam", {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True}, None, None),
    ("adam", {"lr": 0.05}, {"type": "plateau", "factor": 0.3, "patience": 10, "threshold": 1e-4, "min_lr": 0.0}, 1.0),
    ("adamw", {"lr": 0.03, "weight_decay": 0.1}, {"type": "exponential", "gamma": 0.99}, None),
    ("adamw", {"lr": 0.03, "betas": [0.85, 0.98], "amsgrad": True}, {"type": "cosine", "t_max": 200, "eta_min": 0.0005}, None),
    ("nadam", {"lr": 0.02}, None, None),
    ("nadam", {"lr": 0.02, "betas": [0.85, 0.99], "momentum_decay": 0.01, "weight_decay": 0.05}, None, 2.0),
    ("nadam", {"lr": 0.02, "weight_decay": 0.05, "decoupled_weight_decay": True}, {"type": "exponential", "gamma": 0.995}, None),
    ("radam", {"lr": 0.02}, None, None),
    ("radam", {"lr": 0.02, "betas": [0.8, 0.99], "weight_decay": 0.05, "eps": 1e-6}, {"type": "step", "step_size": 60, "gamma": 0.8}, None),
    ("radam", {"lr": 0.02, "weight_decay": 0.05, "decoupled_weight_decay": True}, None, 1.5),
    ("adamax", {"lr": 0.03}, None, None),
    ("adamax", {"lr": 0.03, "betas": [0.8, 0.95], "eps": 1e-6, "weight_decay": 0.02}, {"type": "cosine", "t_max": 300}, None),
    ("adadelta", {"lr": 1.0}, None, None),
    ("adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-5, "weight_decay": 0.01}, None, 2.0),
    ("rprop", {"lr": 0.01}, None, None),
    ("rprop", {"lr": 0.05, "etas": [0.3, 1.5], "step_sizes": [1e-4, 0.5]}, None, None),
]


def landscape_gradient(name):
    def f(t):
        x = t[0]
        if name == "parabola":
            return x ** 2 + 5 * x + 6
        y = t[1]
        if name == "quadratic":
            return 1.0 * x ** 2 + 10.0 * y ** 2
        if name == "rosenbrock":
            return (1.0 - x) ** 2 + 100.0 * (y - x ** 2) ** 2
        raise ValueError(name)

    def gradient(p, k):
        q = p.detach().clone().requires_grad_(True)
        f(q).backward()
        return q.grad.tolist()

    def loss(p):
        return f(p.detach()).item()

    return gradient, loss


RUNS = [
    ("quadratic", [-4.0, 1.5], "gd", {"lr": 0.09}, None, None),
    ("quadratic", [-4.0, 1.5], "momentum", {"lr": 0.01, "momentum": 0.8}, None, None),
    ("quadratic", [-4.0, 1.5], "adam", {"lr": 0.1}, None, None),
    ("parabola", [10.0], "gd", {"lr": 0.1}, None, None),
    ("parabola", [10.0], "nesterov", {"lr": 0.05}, {"type": "cosine", "t_max": 80}, None),
    ("rosenbrock", [-1.5, 2.0], "gd", {"lr": 0.001}, None, None),
    ("rosenbrock", [-1.5, 2.0], "nesterov", {"lr": 0.001}, None, None),
    ("rosenbrock", [-1.5, 2.0], "rmsprop", {"lr": 0.01}, None, None),
    ("rosenbrock", [-1.5, 2.0], "adam", {"lr": 0.1}, None, None),
    ("rosenbrock", [-2.0, -1.0], "gd", {"lr": 0.005}, None, 5.0),
    ("rosenbrock", [-1.5, 2.0], "adagrad", {"lr": 0.3}, {"type": "step", "step_size": 100, "gamma": 0.5}, None),
    ("rosenbrock", [-1.5, 2.0], "nadam", {"lr": 0.05}, None, None),
    ("rosenbrock", [-1.5, 2.0], "radam", {"lr": 0.05}, None, None),
    ("rosenbrock", [-1.5, 2.0], "adamax", {"lr": 0.05}, None, None),
    ("rosenbrock", [-1.5, 2.0], "adadelta", {"lr": 1.0}, None, None),
    ("rosenbrock", [-1.5, 2.0], "rprop", {"lr": 0.01}, None, None),
]


LBFGS_STEPS = 60

LBFGS_RUNS = [
    ("rosenbrock", [-1.5, 2.0], {"lr": 1.0, "line_search_fn": "strong_wolfe"}),
    ("rosenbrock", [-1.5, 2.0], {"lr": 0.1}),
    ("rosenbrock", [-1.5, 2.0], {"lr": 1.0, "line_search_fn": "strong_wolfe", "history_size": 2, "max_iter": 5}),
    ("rosenbrock", [-2.0, -1.0], {"lr": 0.5, "line_search_fn": "strong_wolfe", "max_eval": 10, "tolerance_grad": 1e-5}),
    ("rosenbrock", [0.5, -0.5], {"lr": 0.05, "max_iter": 7, "history_size": 3, "tolerance_change": 1e-12}),
    ("quadratic", [-4.0, 1.5], {"lr": 1.0}),
    ("quadratic", [-4.0, 1.5], {"lr": 1.0, "line_search_fn": "strong_wolfe"}),
    ("parabola", [10.0], {"lr": 1.0, "line_search_fn": "strong_wolfe"}),
    ("parabola", [10.0], {"lr": 0.3, "max_iter": 3}),
]


def lbfgs_run(function, start, hyper):
    """Steps torch's LBFGS; returns per step the parameters, torch's
    func_evals, and the points the closure was called at."""
    import torch.optim.lbfgs as lbfgs_module
    original = lbfgs_module._cubic_interpolate

    def noting(x1, f1, g1, x2, f2, g2, bounds=None):
        # The same operations as torch's, to learn which value it square-roots.
        d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
        d2_square = d1 ** 2 - g1 * g2
        if d2_square >= 0:
            note_sqrts([float(d2_square)])
        return original(x1, f1, g1, x2, f2, g2, bounds)

    lbfgs_module._cubic_interpolate = noting
    try:
        _, loss = landscape_gradient(function)
        f = landscape_function(function)
        p = torch.nn.Parameter(torch.tensor(start))
        optimizer = torch.optim.LBFGS([p], **hyper)
        evaluated = []

        def closure():
            optimizer.zero_grad()
            evaluated.append(hexes(p.detach().tolist()))
            value = f(p)
            value.backward()
            return value

        params, evals, points = [], [], []
        for _ in range(LBFGS_STEPS):
            evaluated.clear()
            optimizer.step(closure)
            params.append(hexes(p.detach().tolist()))
            evals.append(optimizer.state[p]["func_evals"])
            points.append(list(evaluated))
        return params, evals, points
    finally:
        lbfgs_module._cubic_interpolate = original


def landscape_function(name):
    def f(t):
        x = t[0]
        if name == "parabola":
            return x ** 2 + 5 * x + 6
        y = t[1]
        if name == "quadratic":
            return 1.0 * x ** 2 + 10.0 * y ** 2
        if name == "rosenbrock":
            return (1.0 - x) ** 2 + 100.0 * (y - x ** 2) ** 2
        raise ValueError(name)
    return f


# Ten parameters: torch.optim on the quadratic f(x) = ½ Σ λᵢ xᵢ², the
# gradient λ ⊙ x computed as losscape's `quadratic_nd` computes it (one
# product a coordinate), for tests/torch_nd.rs. For every optimizer whose
# update is element by element, with schedules, weight decay, amsgrad,
# centered, dampening and Nesterov, the parameters after every step. Also
# written, for comparisons that are not bit for bit: runs with
# clip_grad_norm_ (torch sums the norm's ten squares in the order of its
# vectorised reduction, which can round differently from a sum in order),
# and L-BFGS runs with and without the strong-Wolfe line search (its dot
# products go to BLAS, which sums in its own order).

ND_STEPS = 200
ND_LAMBDA = [0.1, 0.3, 0.7, 1.0, 1.5, 2.0, 3.0, 4.5, 6.0, 8.0]
ND_START = [1.0, -0.8, 0.6, -0.4, 0.2, 1.5, -1.2, 0.9, -0.6, 0.3]

# (type, hyperparameters, schedule, clip_norm).
ND_CASES = [
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
ND_CLIPPED = [("adam", {"lr": 0.05}, None, 0.5), ("momentum", {"lr": 0.05}, None, 1.0)]

ND_LBFGS = [{"lr": 1.0, "line_search_fn": "strong_wolfe"}, {"lr": 0.2}]


def nd_gradient(p):
    """∇f = λ ⊙ x, one rounding a coordinate, as losscape's quadratic_nd."""
    return [lam * x for lam, x in zip(ND_LAMBDA, p.detach().tolist())]


def nd_loss(p):
    """½ Σ (λᵢxᵢ)·xᵢ summed in order, as losscape's quadratic_nd."""
    total = 0.0
    for lam, x in zip(ND_LAMBDA, p.detach().tolist()):
        total += lam * x * x
    return 0.5 * total


def nd_run(kind, hyper, schedule, clip):
    p = torch.nn.Parameter(torch.tensor(ND_START))
    optimizer = make_optimizer(kind, [p], hyper)
    scheduler = make_schedule(optimizer, schedule)
    params = []
    for k in range(ND_STEPS):
        value = nd_loss(p)
        p.grad = torch.tensor(nd_gradient(p))
        if clip is not None:
            torch.nn.utils.clip_grad_norm_([p], clip)
        before = {key: v.clone() if torch.is_tensor(v) else v for key, v in optimizer.state[p].items()}
        optimizer.step()
        note_sqrts(sqrt_inputs(kind, hyper, before, optimizer.state[p], k + 1))
        if scheduler is not None:
            if schedule["type"] == "plateau":
                scheduler.step(value)
            else:
                scheduler.step()
        params.append(hexes(p.detach().tolist()))
    return params


def nd_lbfgs(hyper, steps=10):
    lam = torch.tensor(ND_LAMBDA)
    p = torch.nn.Parameter(torch.tensor(ND_START))
    optimizer = torch.optim.LBFGS([p], **hyper)

    def closure():
        optimizer.zero_grad()
        p.grad = lam * p.detach()
        return torch.tensor(nd_loss(p))

    params = []
    for _ in range(steps):
        optimizer.step(closure)
        params.append(hexes(p.detach().tolist()))
    return params


def write_nd():
    """tests/fixtures/torch/nd.json, with the square roots of these runs only."""
    SQRT_EXCEPTIONS.clear()
    case = lambda kind, hyper, schedule, clip: {  # noqa: E731
        "type": kind, "hyper": hyper, "schedule": schedule, "clip_norm": clip,
        "params": nd_run(kind, hyper, schedule, clip)}
    out = {
        "torch": torch.__version__,
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "steps": ND_STEPS,
        "diagonal": ND_LAMBDA,
        "start": ND_START,
        "runs": [case(*c) for c in ND_CASES],
        "clipped": [case(*c) for c in ND_CLIPPED],
        "lbfgs": [{"hyper": h, "params": nd_lbfgs(h)} for h in ND_LBFGS],
        "sqrt_exceptions": SQRT_EXCEPTIONS,
    }
    path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "torch", "nd.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(ND_CASES)} runs of {ND_STEPS} steps in {len(ND_LAMBDA)} dimensions, "
          f"{len(SQRT_EXCEPTIONS)} square roots off by an ulp")


def main():
    replays = []
    for kind, hyper, schedule, clip in REPLAYS:
        grads, losses, params = step_all(kind, hyper, schedule, clip, [1.5, -1.0], replay_gradient, replay_loss, STEPS)
        replays.append({"type": kind, "hyper": hyper, "schedule": schedule, "clip_norm": clip,
                        "start": hexes([1.5, -1.0]), "grads": grads, "losses": losses, "params": params})
    runs = []
    for function, start, kind, hyper, schedule, clip in RUNS:
        gradient, loss = landscape_gradient(function)
        _, _, params = step_all(kind, hyper, schedule, clip, start, gradient, loss, STEPS)
        runs.append({"function": function, "start": start, "type": kind, "hyper": hyper, "schedule": schedule,
                     "clip_norm": clip, "params": params})
    lbfgs = []
    for function, start, hyper in LBFGS_RUNS:
        params, evals, points = lbfgs_run(function, start, hyper)
        lbfgs.append({"function": function, "start": start, "hyper": hyper, "params": params, "evals": evals,
                      "evaluated": points})
    out = {"torch": torch.__version__, "cpu_capability": torch.backends.cpu.get_cpu_capability(),
           "steps": STEPS, "sqrt_exceptions": SQRT_EXCEPTIONS, "replays": replays, "runs": runs, "lbfgs": lbfgs}
    path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "torch", "golden.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(replays)} replays, {len(runs)} runs, {len(lbfgs)} L-BFGS runs, "
          f"{len(SQRT_EXCEPTIONS)} square roots off by an ulp")
    write_nd()


if __name__ == "__main__":
    main()
