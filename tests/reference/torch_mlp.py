"""Reference numbers from real torch for small networks, for tests/mlp.rs.

Runs torch 2.15.0 (float64, CPU, default kernels) and writes
tests/fixtures/torch/mlp.json, every number as a hex float. Data and
weights are drawn here with Python's own `random` and written into the
fixture, so that nothing in the Rust tests depends on torch's generator:

- cases: for each activation (tanh, relu, sigmoid) and loss (mean squared
  error, BCEWithLogitsLoss, CrossEntropyLoss over 3 classes), a 2-5-4-k
  network on 24 points; for each of two weight vectors (torch's parameter
  order of an nn.Sequential of nn.Linear layers, flattened): the loss, its
  gradient (autograd), one Hessian-vector product (double backward) and the
  largest eigenvalue of the full Hessian (torch.autograd.functional.hessian
  and torch.linalg.eigvalsh);
- runs: a 2-16-16-1 tanh network with mean squared error on 64 points,
  200 full-batch steps of torch.optim.SGD (lr 0.1), SGD with momentum 0.9
  (lr 0.1) and Adam (lr 0.01) from the same weights: the loss before every
  step and after the last (201 numbers each).

Regenerate: pip install torch==2.15.0; python3 tests/reference/torch_mlp.py
"""
import json
import math
import os
import random

import torch

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid}
LOSSES = {"mse": 1, "logistic": 1, "cross_entropy": 3}


def hexes(values):
    return [float(v).hex() for v in values]


def shapes(widths):
    return [(widths[i + 1], widths[i]) for i in range(len(widths) - 1)]


def dim(widths):
    return sum((i + 1) * o for o, i in shapes(widths))


def network(widths, activation):
    layers = []
    for k, (o, i) in enumerate(shapes(widths)):
        layers.append(torch.nn.Linear(i, o))
        if k < len(widths) - 2:
            layers.append(ACTIVATIONS[activation]())
    return torch.nn.Sequential(*layers)


def forward(flat, widths, activation, x):
    """The network's output from flat parameters, layer by layer as nn.Linear."""
    at, a = 0, x
    pairs = shapes(widths)
    for k, (o, i) in enumerate(pairs):
        w = flat[at:at + o * i].reshape(o, i)
        at += o * i
        b = flat[at:at + o]
        at += o
        a = torch.nn.functional.linear(a, w, b)
        if k < len(pairs) - 1:
            a = ACTIVATIONS[activation]()(a)
    return a


def criterion(loss, targets):
    if loss == "mse":
        return lambda out: torch.nn.MSELoss()(out, targets.reshape(-1, 1))
    if loss == "logistic":
        return lambda out: torch.nn.BCEWithLogitsLoss()(out, targets.reshape(-1, 1))
    return lambda out: torch.nn.CrossEntropyLoss()(out, targets.long())


def points(rng, n):
    return [[rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)] for _ in range(n)]


def targets_for(rng, loss, xs):
    if loss == "mse":
        return [math.sin(2 * x) + 0.5 * y + rng.gauss(0, 0.1) for x, y in xs]
    if loss == "logistic":
        return [1.0 if x * y > 0 else 0.0 for x, y in xs]
    return [float(int((math.atan2(y, x) + math.pi) / (2 * math.pi) * 3) % 3) for x, y in xs]


def case(rng, activation, loss):
    widths = [2, 5, 4, LOSSES[loss]]
    xs = points(rng, 24)
    ts = targets_for(rng, loss, xs)
    x, t = torch.tensor(xs), torch.tensor(ts)
    lose = criterion(loss, t)
    f = lambda flat: lose(forward(flat, widths, activation, x))
    weights = []
    for scale in (0.7, 1.5):
        w = torch.tensor([rng.gauss(0, scale) for _ in range(dim(widths))])
        v = torch.tensor([rng.gauss(0, 1) for _ in range(dim(widths))])
        wg = w.clone().requires_grad_(True)
        value = f(wg)
        (grad,) = torch.autograd.grad(value, wg)
        _, hv = torch.autograd.functional.hvp(f, w, v)
        hessian = torch.autograd.functional.hessian(f, w)
        largest = torch.linalg.eigvalsh(hessian)[-1]
        weights.append({
            "w": hexes(w), "v": hexes(v), "loss": float(value.detach()).hex(), "gradient": hexes(grad),
            "hessian_vector": hexes(hv), "largest_eigenvalue": float(largest).hex(),
        })
    return {"activation": activation, "loss": loss, "widths": widths,
            "points": [hexes(p) for p in xs], "targets": hexes(ts), "weights": weights}


def runs(rng):
    widths = [2, 16, 16, 1]
    xs = points(rng, 64)
    ts = [math.tanh(2 * x * y) + 0.3 * math.cos(3 * x) for x, y in xs]
    x, t = torch.tensor(xs), torch.tensor(ts).reshape(-1, 1)
    start = torch.tensor([rng.uniform(-0.5, 0.5) for _ in range(dim(widths))])
    out = {"widths": widths, "activation": "tanh", "loss": "mse", "points": [hexes(p) for p in xs],
           "targets": hexes(ts), "start": hexes(start), "steps": 200, "runs": []}
    optimizers = [
        ("gd", {"lr": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1)),
        ("momentum", {"lr": 0.1, "momentum": 0.9}, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
        ("adam", {"lr": 0.01}, lambda p: torch.optim.Adam(p, lr=0.01)),
    ]
    for kind, hyper, make in optimizers:
        net = network(widths, "tanh")
        torch.nn.utils.vector_to_parameters(start.clone(), net.parameters())
        opt = make(net.parameters())
        losses = []
        for _ in range(200):
            opt.zero_grad()
            loss = torch.nn.MSELoss()(net(x), t)
            loss.backward()
            losses.append(loss.item())
            opt.step()
        with torch.no_grad():
            losses.append(float(torch.nn.MSELoss()(net(x), t)))
        final = torch.nn.utils.parameters_to_vector(net.parameters()).detach()
        out["runs"].append({"type": kind, "hyper": hyper, "losses": hexes(losses), "final": hexes(final)})
    return out


def main():
    rng = random.Random(20240611)
    golden = {
        "torch": torch.__version__.split("+")[0],
        "cases": [case(rng, a, l) for a in ACTIVATIONS for l in LOSSES],
        "training": runs(rng),
    }
    path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "torch", "mlp.json")
    with open(path, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
