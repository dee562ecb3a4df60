"""Adam on 2-D Rosenbrock from (-1.5, 2), lr 1e-3, as a plain Python loop.

The yardstick for `losscape run` without history: the same arithmetic as
torch.optim.Adam's single-tensor step (and losscape's), on Python floats,
one step after another, keeping only the latest numbers. Python has no fused
multiply-add before 3.13, so its last digits differ from losscape's; the
work per step is the same.

    python3 benches/adam_loop.py [STEPS]          (default 1,000,000)

Compare as whole processes, for example with hyperfine:

    hyperfine 'python3 benches/adam_loop.py' \
        'target/release/losscape run benches/adam_1m.json --format table'
"""
import math
import sys


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-8
    a, b = 1.0, 100.0
    x, y = -1.5, 2.0
    m = [0.0, 0.0]
    v = [0.0, 0.0]
    for t in range(1, steps + 1):
        # Rosenbrock's gradient in the order autograd computes it.
        u = y - x * x
        dy = b * (2.0 * u)
        g = (-2.0 * (a - x) + -(dy * (2.0 * x)), dy)
        bias_correction1 = 1.0 - beta1 ** t
        bias_correction2 = 1.0 - beta2 ** t
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2 ** 0.5
        p = [x, y]
        for i in range(2):
            m[i] = m[i] + (1.0 - beta1) * (g[i] - m[i])
            v[i] = v[i] * beta2 + (1.0 - beta2) * g[i] * g[i]
            denom = math.sqrt(v[i]) / bias_correction2_sqrt + eps
            p[i] = p[i] + (-step_size) * m[i] / denom
        x, y = p
    loss = (a - x) ** 2 + b * (y - x * x) ** 2
    print(f"adam  {steps} steps  final θ ({x:.6f}, {y:.6f})  final loss {loss:.4e}")


if __name__ == "__main__":
    main()
