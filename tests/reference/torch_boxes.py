"""Reference steps written straight from the torch.optim documentation's
algorithm boxes (their mathematical form, not torch's code), on
f(x, y) = x^2 + 10 y^2, gradient (2x, 20y), from (1, 1). Prints the
parameters after each of three steps; tests/optimizers.rs holds the output.
"""
import math

def grad(p):
    return [2 * p[0], 20 * p[1]]

def sgd(lr, mu=0.0, tau=0.0, nesterov=False, wd=0.0, steps=3):
    th = [1.0, 1.0]; b = None; out = []
    for t in range(1, steps + 1):
        g = [gi + wd * thi for gi, thi in zip(grad(th), th)]
        if mu != 0:
            b = g[:] if t == 1 else [mu * bi + (1 - tau) * gi for bi, gi in zip(b, g)]
            g = [gi + mu * bi for gi, bi in zip(g, b)] if nesterov else b
        th = [thi - lr * gi for thi, gi in zip(th, g)]
        out.append(th)
    return out

def adagrad(lr, lr_decay, wd, init, eps, steps=3):
    th = [1.0, 1.0]; s = [init, init]; out = []
    for t in range(1, steps + 1):
        g = [gi + wd * thi for gi, thi in zip(grad(th), th)]
        clr = lr / (1 + (t - 1) * lr_decay)
        s = [si + gi * gi for si, gi in zip(s, g)]
        th = [thi - clr * gi / (math.sqrt(si) + eps) for thi, gi, si in zip(th, g, s)]
        out.append(th)
    return out

def rmsprop(lr, alpha, eps, wd, mu, centered, steps=3):
    th = [1.0, 1.0]; v = [0.0, 0.0]; gav = [0.0, 0.0]; b = [0.0, 0.0]; out = []
    for t in range(1, steps + 1):
        g = [gi + wd * thi for gi, thi in zip(grad(th), th)]
        v = [alpha * vi + (1 - alpha) * gi * gi for vi, gi in zip(v, g)]
        vt = v[:]
        if centered:
            gav = [alpha * ai + (1 - alpha) * gi for ai, gi in zip(gav, g)]
            vt = [vi - ai * ai for vi, ai in zip(vt, gav)]
        if mu > 0:
            b = [mu * bi + gi / (math.sqrt(vi) + eps) for bi, gi, vi in zip(b, g, vt)]
            th = [thi - lr * bi for thi, bi in zip(th, b)]
        else:
            th = [thi - lr * gi / (math.sqrt(vi) + eps) for thi, gi, vi in zip(th, g, vt)]
        out.append(th)
    return out

def adam(lr, b1, b2, eps, wd, amsgrad, decoupled, steps=3, f_grad=grad, start=(1.0, 1.0)):
    th = list(start); m = [0.0, 0.0]; v = [0.0, 0.0]; vmax = [0.0, 0.0]; out = []
    for t in range(1, steps + 1):
        g = f_grad(th)
        if decoupled:
            th = [thi - lr * wd * thi for thi in th]
        elif wd:
            g = [gi + wd * thi for gi, thi in zip(g, th)]
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        mh = [mi / (1 - b1 ** t) for mi in m]
        if amsgrad:
            vmax = [max(a, c) for a, c in zip(vmax, v)]
            vh = [vi / (1 - b2 ** t) for vi in vmax]
        else:
            vh = [vi / (1 - b2 ** t) for vi in v]
        th = [thi - lr * mi / (math.sqrt(vi) + eps) for thi, mi, vi in zip(th, mh, vh)]
        out.append(th)
    return out

def decay(th, g, lr, wd, decoupled):
    """Weight decay as the boxes put it: on θ (decoupled) or on g."""
    if decoupled:
        return [thi - lr * wd * thi for thi in th], g
    return th, [gi + wd * thi for gi, thi in zip(g, th)]

def nadam(lr, b1, b2, eps, wd, psi, decoupled, steps=3):
    th = [1.0, 1.0]; m = [0.0, 0.0]; v = [0.0, 0.0]; prod = 1.0; out = []
    for t in range(1, steps + 1):
        th, g = decay(th, grad(th), lr, wd, decoupled)
        mu = b1 * (1 - 0.5 * 0.96 ** (t * psi))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        prod *= mu
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        mh = [mu_next * mi / (1 - prod * mu_next) + (1 - mu) * gi / (1 - prod) for mi, gi in zip(m, g)]
        vh = [vi / (1 - b2 ** t) for vi in v]
        th = [thi - lr * mi / (math.sqrt(vi) + eps) for thi, mi, vi in zip(th, mh, vh)]
        out.append(th)
    return out

def radam(lr, b1, b2, eps, wd, decoupled, steps=3):
    th = [1.0, 1.0]; m = [0.0, 0.0]; v = [0.0, 0.0]; out = []
    rho_inf = 2 / (1 - b2) - 1
    for t in range(1, steps + 1):
        th, g = decay(th, grad(th), lr, wd, decoupled)
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        mh = [mi / (1 - b1 ** t) for mi in m]
        rho = rho_inf - 2 * t * b2 ** t / (1 - b2 ** t)
        if rho > 5:
            r = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
            l = [math.sqrt(1 - b2 ** t) / (math.sqrt(vi) + eps) for vi in v]
            th = [thi - lr * mi * r * li for thi, mi, li in zip(th, mh, l)]
        else:
            th = [thi - lr * mi for thi, mi in zip(th, mh)]
        out.append(th)
    return out

def adamax(lr, b1, b2, eps, wd, steps=3):
    th = [1.0, 1.0]; m = [0.0, 0.0]; u = [0.0, 0.0]; out = []
    for t in range(1, steps + 1):
        th, g = decay(th, grad(th), lr, wd, False)
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        u = [max(b2 * ui, abs(gi) + eps) for ui, gi in zip(u, g)]
        th = [thi - lr * mi / ((1 - b1 ** t) * ui) for thi, mi, ui in zip(th, m, u)]
        out.append(th)
    return out

def adadelta(lr, rho, eps, wd, steps=3):
    th = [1.0, 1.0]; v = [0.0, 0.0]; u = [0.0, 0.0]; out = []
    for t in range(1, steps + 1):
        th, g = decay(th, grad(th), lr, wd, False)
        v = [vi * rho + gi * gi * (1 - rho) for vi, gi in zip(v, g)]
        dx = [math.sqrt(ui + eps) / math.sqrt(vi + eps) * gi for ui, vi, gi in zip(u, v, g)]
        u = [ui * rho + di * di * (1 - rho) for ui, di in zip(u, dx)]
        th = [thi - lr * di for thi, di in zip(th, dx)]
        out.append(th)
    return out

def rprop(lr, eta_minus, eta_plus, smallest, largest, steps=3):
    th = [1.0, 1.0]; prev = [0.0, 0.0]; eta = [lr, lr]; out = []
    for t in range(1, steps + 1):
        g = grad(th)
        for i in range(2):
            if prev[i] * g[i] > 0:
                eta[i] = min(eta[i] * eta_plus, largest)
            elif prev[i] * g[i] < 0:
                eta[i] = max(eta[i] * eta_minus, smallest)
                g[i] = 0.0
        th = [thi - ei * math.copysign(1.0, gi) * (gi != 0) for thi, ei, gi in zip(th, eta, g)]
        prev = g
        out.append(th)
    return out

cases = {
    "sgd_momentum_dampening_wd": sgd(0.01, mu=0.9, tau=0.5, wd=0.1),
    "nesterov": sgd(0.01, mu=0.9, nesterov=True),
    "adagrad_decay_eps_init_wd": adagrad(0.5, 0.1, 0.05, 0.2, 0.1),
    "rmsprop_centered_momentum": rmsprop(0.01, 0.9, 0.1, 0.1, 0.5, True),
    # lr 0.5 halves the gradient in one step, so v shrinks and amsgrad's max matters.
    "adam_amsgrad_eps_wd": adam(0.5, 0.8, 0.5, 0.1, 0.1, True, False),
    "adam_same_without_amsgrad": adam(0.5, 0.8, 0.5, 0.1, 0.1, False, False),
    "adamw": adam(0.1, 0.9, 0.999, 1e-8, 0.1, False, True),
    "nadam_wd_fast_decay": nadam(0.1, 0.9, 0.999, 1e-8, 0.1, 0.5, False),
    "nadam_decoupled": nadam(0.1, 0.9, 0.999, 1e-8, 0.1, 4e-3, True),
    # With beta2 = 0.9 the variance is trusted (rho_t > 5) from step 6 on.
    "radam_rectifies_at_step_6": radam(0.1, 0.9, 0.9, 1e-8, 0.0, False, steps=7),
    "adamax_wd": adamax(0.1, 0.8, 0.5, 0.1, 0.1),
    "adadelta_wd": adadelta(1.0, 0.9, 1e-6, 0.1),
    # Steps grow by 1.2, are capped at 0.4, halve on the sign change at
    # step 4 (which takes no step), then carry on.
    "rprop_capped": rprop(0.3, 0.5, 1.2, 1e-6, 0.4, steps=5),
}
for name, steps in cases.items():
    print(name, [[repr(c) for c in s] for s in steps])
