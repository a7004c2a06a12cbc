"""Writes torch_reference.json: what torch.optim and torch.nn.utils do on small tensors.

The optimizer tests in dev.classicnets.common.optim read the JSON, so they run in Java only. Run this
once after changing a case, with a Python that has PyTorch (Debian's python3-torch 1.13 was used):

    /usr/bin/python3 common/src/test/resources/optim/torch_reference.py
"""
import json
import os

import torch

torch.manual_seed(0)
STEPS = 5
WEIGHT = torch.randn(2, 3)
# gradients of different sizes and signs, one per step
GRADS = [torch.randn(2, 3) * s for s in (1.0, 0.5, 2.0, 0.1, 1.0)]
CONSTANT = [None] * STEPS  # keep the constructor's lr
FALLING = [0.1, 0.1, 0.01, 0.01, 0.001]  # a step schedule
PAUSED = [0.1, 0.0, 0.05, 0.05, 0.0]  # a rate that drops to zero and comes back (warm-up, restarts)


def run(name, cls, kwargs, lrs=CONSTANT, rescale=1.0, clip=None):
    w = WEIGHT.clone().requires_grad_(True)
    opt = cls([w], **kwargs)
    weights = []
    for step in range(STEPS):
        if lrs[step] is not None:
            for group in opt.param_groups:
                group["lr"] = lrs[step]
        g = GRADS[step] * rescale
        if clip is not None:
            g = g.clamp(-clip, clip)
        w.grad = g.clone()
        opt.step()
        weights.append(w.detach().clone().tolist())
    return {"name": name, "optimizer": cls.__name__, "kwargs": kwargs,
            "lrs": [lr if lr is not None else kwargs.get("lr") for lr in lrs],
            "rescale": rescale, "clip": clip, "weights": weights}


S = torch.optim.SGD
cases = [
    run("sgd", S, {"lr": 0.1}),
    run("sgd_weight_decay", S, {"lr": 0.1, "weight_decay": 0.01}),
    run("momentum", S, {"lr": 0.1, "momentum": 0.9}),
    run("momentum_falling_lr", S, {"lr": 0.1, "momentum": 0.9}, lrs=FALLING),
    run("momentum_dampening_weight_decay", S, {"lr": 0.1, "momentum": 0.9, "dampening": 0.5,
                                               "weight_decay": 0.01}),
    run("nesterov", S, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    run("nesterov_weight_decay_falling_lr", S, {"lr": 0.1, "momentum": 0.9, "nesterov": True,
                                                "weight_decay": 0.01}, lrs=FALLING),
    run("sgd_rescale_clip", S, {"lr": 0.1, "momentum": 0.9}, rescale=0.5, clip=0.3),
    run("adagrad", torch.optim.Adagrad, {"lr": 0.1}),
    run("adagrad_all_options", torch.optim.Adagrad, {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.01,
                                                     "initial_accumulator_value": 0.1, "eps": 1e-6}),
    run("rmsprop", torch.optim.RMSprop, {"lr": 0.01}),
    run("rmsprop_momentum", torch.optim.RMSprop, {"lr": 0.01, "momentum": 0.9}),
    run("rmsprop_centered", torch.optim.RMSprop, {"lr": 0.01, "centered": True}),
    run("rmsprop_all_options", torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "momentum": 0.5,
                                                     "centered": True, "weight_decay": 0.01}, lrs=FALLING),
    run("adam", torch.optim.Adam, {"lr": 0.01}),
    run("adam_weight_decay", torch.optim.Adam, {"lr": 0.01, "weight_decay": 0.1}),
    run("adamw", torch.optim.AdamW, {"lr": 0.01, "weight_decay": 0.1}),
    # the in-place rules fold rescaling, weight decay and the learning rate into pending factors and
    # scaled state: these cases change each of them between updates
    run("sgd_rescale_weight_decay", S, {"lr": 0.1, "weight_decay": 0.01}, rescale=0.5),
    run("momentum_paused_lr", S, {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}, lrs=PAUSED),
    run("nesterov_paused_lr", S, {"lr": 0.1, "momentum": 0.9, "nesterov": True}, lrs=PAUSED),
    run("adagrad_rescale_weight_decay", torch.optim.Adagrad, {"lr": 0.1, "weight_decay": 0.01}, rescale=0.5),
    run("rmsprop_centered_momentum_paused_lr", torch.optim.RMSprop, {"lr": 0.01, "momentum": 0.9,
                                                                     "centered": True, "weight_decay": 0.01},
        lrs=PAUSED, rescale=0.5),
    run("adam_betas_eps_falling_lr", torch.optim.Adam, {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6},
        lrs=FALLING),
    run("adam_rescale_clip_weight_decay_paused_lr", torch.optim.Adam, {"lr": 0.01, "weight_decay": 0.1},
        lrs=PAUSED, rescale=0.5, clip=0.3),
    run("adamw_default_decay_falling_lr", torch.optim.AdamW, {"lr": 0.01}, lrs=FALLING),
]

# clip_grad_norm_ / clip_grad_value_ over the four gradients of Linear(2->3), Linear(3->2)
shapes = [(3, 2), (3,), (2, 3), (2,)]
grads = [torch.randn(*s) for s in shapes]
clipping = {"grads": [g.tolist() for g in grads], "norm": [], "value": []}
for max_norm in (1.0, 100.0):
    gs = [g.clone().requires_grad_(False) for g in grads]
    ps = [torch.zeros_like(g, requires_grad=True) for g in gs]
    for p, g in zip(ps, gs):
        p.grad = g
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm)
    clipping["norm"].append({"max_norm": max_norm, "total_norm": float(total),
                             "clipped": [p.grad.tolist() for p in ps]})
for clip in (0.5,):
    ps = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(ps, grads):
        p.grad = g.clone()
    torch.nn.utils.clip_grad_value_(ps, clip)
    clipping["value"].append({"clip_value": clip, "clipped": [p.grad.tolist() for p in ps]})

out = {"torch": torch.__version__, "weight": WEIGHT.tolist(), "grads": [g.tolist() for g in GRADS],
       "cases": cases, "clipping": clipping}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.json")
with open(path, "w") as f:  # one case per line
    f.write("{\n" + ",\n".join(json.dumps(k) + ": " + (
        "[\n" + ",\n".join(json.dumps(c) for c in v) + "\n]" if k == "cases" else json.dumps(v))
        for k, v in out.items()) + "\n}\n")
print("wrote", path, len(cases), "optimizer cases")
