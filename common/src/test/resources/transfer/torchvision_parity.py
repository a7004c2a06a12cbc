"""torchvision's side of the numeric parity tests between our networks and torchvision's models.

Run by the Java tests (dev.classicnets.common.testing.TorchvisionPeer) with Debian's CPU PyTorch
(/usr/bin/python3, torch 1.13, torchvision 0.14); nothing is downloaded. It answers JSON requests,
one per line on stdin, with one JSON line on stdout ({"ok": true, ...} or {"ok": false, "error": ...}),
after a first line {"ready": true, "torch": ..., "torchvision": ...}:

  {"command": "torchvision", "model": "resnet18", "format": "npz", "dir": D}
      torchvision's model with random weights (seeded by the model's name), in eval mode: writes its
      state dict to D/weights.<format> (npz: numpy.savez by state-dict key; pth: torch.save's zip format; pth-legacy: its legacy format, also
      as weights.pth), a
      random input batch to D/input.npz ("input") and the logits to D/logits.npz ("logits", and
      "aux1", "aux2" for googlenet_aux).
  {"command": "logits", "model": "resnet18", "weights": W, "input": X, "output": O}
      loads the npz state dict W with load_state_dict(strict=True) and writes the eval-mode logits
      of X's "input" to O, named as above.

Random weights alone would make a weak test: deep stacks shrink or blow up the activations (the
logits of resnet152 at its default initialisation are around 1e6, googlenet's around 1e-2), and
batch norm with its initial statistics is the identity. So every convolution and linear layer is
rescaled to give unit-variance outputs on a calibration batch, and every batch norm gets random
running statistics and affine parameters: the logits are of order 1 and every tensor shapes them.

Sizes keep the test fast on two cores while making the shape arithmetic matter: small maps reach
the adaptive pools (AlexNet 100 px: 2x2 to 6x6; VGG 64 px: 2x2 to 7x7, whose middle cell averages
both inputs); ResNet at 72 px halves odd maps (9x9 to 5x5 in layer3); GoogLeNet at 80 px feeds 5x5
maps to the auxiliary heads' 4x4 pool and to the ceil-mode 2x2 pool before inception 5a.
AlexNet's and VGG's two 4096-unit hidden layers are narrowed to HIDDEN units: at full width they
hold 55M (AlexNet) or 120M (VGG) parameters that take seconds to initialise and hundreds of
megabytes to pass around per model, while the layer list, the names and the inputs of the first
layer (9216, 25088) stay torchvision's. Weights are drawn uniformly in [-1, 1] rather than by
torchvision's initialisation (two seconds for resnet152), since calibration rescales them anyway.
"""
import contextlib
import json
import os
import sys
import time
import zlib

import numpy as np
import torch
import torchvision
from torch import nn

HIDDEN = 128
BATCH = 2


def narrow(name, linear, **kwargs):
    """torchvision's model `name` with HIDDEN units between its classifier's three linear layers,
    at positions `linear` of the classifier."""
    def build():
        # Skip initialising the full-width layers that are replaced right away.
        reset = nn.Linear.reset_parameters
        nn.Linear.reset_parameters = lambda self: None
        try:
            model = getattr(torchvision.models, name)(**kwargs)
        finally:
            nn.Linear.reset_parameters = reset
        c = model.classifier
        first, second, last = linear
        c[first] = nn.Linear(c[first].in_features, HIDDEN)
        c[second] = nn.Linear(HIDDEN, HIDDEN)
        c[last] = nn.Linear(HIDDEN, c[last].out_features)
        return model
    return build


def resnet(name):
    return lambda: getattr(torchvision.models, name)()


MODELS = {
    # AlexNet's classifier: Dropout, Linear, ReLU, Dropout, Linear, ReLU, Linear
    "alexnet": (narrow("alexnet", (1, 4, 6)), 100),
    "googlenet": (lambda: torchvision.models.googlenet(aux_logits=False, transform_input=True,
                                                       init_weights=False), 80),
    "googlenet_aux": (lambda: torchvision.models.googlenet(aux_logits=True, transform_input=False,
                                                           init_weights=False), 80),
}
for depth in (11, 13, 16, 19):
    for suffix in ("", "_bn"):
        # VGG's classifier: Linear, ReLU, Dropout, Linear, ReLU, Dropout, Linear
        name = "vgg%d%s" % (depth, suffix)
        MODELS[name] = (narrow(name, (0, 3, 6), init_weights=False), 64)
for depth in (18, 34, 50, 101, 152):
    MODELS["resnet%d" % depth] = (resnet("resnet%d" % depth), 72)


def build(name):
    if name not in MODELS:
        raise ValueError("unknown model %r; known: %s" % (name, ", ".join(sorted(MODELS))))
    factory, size = MODELS[name]
    return factory().eval(), size


@contextlib.contextmanager
def no_initialisation():
    """Skips torch.nn.init while building a model whose every tensor is loaded afterwards."""
    names = [n for n in dir(nn.init) if n.endswith("_") and not n.startswith("_")]
    saved = {n: getattr(nn.init, n) for n in names}
    try:
        for n in names:
            setattr(nn.init, n, lambda tensor, *args, **kwargs: tensor)
        yield
    finally:
        for n, f in saved.items():
            setattr(nn.init, n, f)


def outputs(model, x):
    """The eval-mode logits, and the auxiliary heads' on the maps they tap (torchvision runs them
    in training only)."""
    taps = {}
    hooks = []
    if getattr(model, "aux1", None) is not None:
        hooks.append(model.inception4a.register_forward_hook(lambda m, i, o: taps.__setitem__("aux1", o)))
        hooks.append(model.inception4d.register_forward_hook(lambda m, i, o: taps.__setitem__("aux2", o)))
    try:
        result = {"logits": model(x)}
    finally:
        for h in hooks:
            h.remove()
    for head, tap in taps.items():
        result[head] = getattr(model, head)(tap)
    return result


def unit_variance(module, inputs, output):
    scale = output.std()
    module.weight.div_(scale)
    if module.bias is not None:
        module.bias.div_(scale)
    return output / scale


def calibrate(model, x, generator):
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            for p in m.parameters():
                p.uniform_(-1.0, 1.0, generator=generator)  # scaled to unit outputs below
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.normal_(0.0, 0.2, generator=generator)
            m.running_var.uniform_(0.5, 2.0, generator=generator)
            m.weight.uniform_(0.5, 1.5, generator=generator)
            m.bias.normal_(0.0, 0.2, generator=generator)
            m.num_batches_tracked.fill_(7)  # ignored by our side
    hooks = [m.register_forward_hook(unit_variance) for m in model.modules()
             if isinstance(m, (nn.Conv2d, nn.Linear))]
    try:
        outputs(model, x)
    finally:
        for h in hooks:
            h.remove()


def save_state_dict(model, path, fmt):
    state = model.state_dict()
    if fmt == "npz":
        np.savez(path, **{k: v.numpy() for k, v in state.items()})
    elif fmt == "pth":
        torch.save(state, path)
    elif fmt == "pth-legacy":
        torch.save(state, path, _use_new_zipfile_serialization=False)
    else:
        raise ValueError("unknown format %r; known: npz, pth, pth-legacy" % fmt)


def save_arrays(path, arrays):
    np.savez(path, **{k: v.numpy() for k, v in arrays.items()})


def torchvision_files(request):
    name, fmt, folder = request["model"], request["format"], request["dir"]
    generator = torch.Generator().manual_seed(zlib.crc32(name.encode()))
    with no_initialisation():  # calibrate() draws every weight
        model, size = build(name)
    with torch.no_grad():
        calibrate(model, torch.randn(1, 3, size, size, generator=generator), generator)
        x = torch.randn(BATCH, 3, size, size, generator=generator)
        result = outputs(model, x)
    extension = "pth" if fmt.startswith("pth") else fmt  # both torch.save formats are .pth files
    save_state_dict(model, os.path.join(folder, "weights." + extension), fmt)
    save_arrays(os.path.join(folder, "input.npz"), {"input": x})
    save_arrays(os.path.join(folder, "logits.npz"), result)
    return {"size": size}


def logits(request):
    with no_initialisation():
        model, _ = build(request["model"])
    with np.load(request["weights"]) as f:
        state = {k: torch.from_numpy(f[k]) for k in f.files}
    model.load_state_dict(state, strict=True)
    with np.load(request["input"]) as f:
        x = torch.from_numpy(f["input"])
    with torch.no_grad():
        save_arrays(request["output"], outputs(model, x))
    return {}


COMMANDS = {"torchvision": torchvision_files, "logits": logits}


def serve():
    torch.set_num_threads(int(os.environ.get("CLASSICNETS_THREADS", "2")))
    print(json.dumps({"ready": True, "torch": torch.__version__, "torchvision": torchvision.__version__}),
          flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            start = time.time()
            request = json.loads(line)
            answer = COMMANDS[request["command"]](request)
            answer["ok"] = True
            answer["seconds"] = round(time.time() - start, 3)
        except Exception as e:  # report to the Java side, keep serving
            answer = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    serve()
