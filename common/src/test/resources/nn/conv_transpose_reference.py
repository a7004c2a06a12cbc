"""Writes conv_transpose_reference.json: what torch.nn.ConvTranspose2d computes on small tensors.

For each configuration: seeded input x, weight and bias, the output y, and the gradients of
sum(y * g) (g a seeded upstream gradient) with respect to x, weight and bias. ConvTranspose2dTest in
dev.classicnets.common.nn reads the JSON, so the tests run in Java only. Run once after changing a
case, with a Python that has PyTorch (Debian's python3-torch 1.13 was used):

    /usr/bin/python3 common/src/test/resources/nn/conv_transpose_reference.py
"""
import json
import os

import torch

# name, (N, Cin, H, W), out channels, kernel, stride, padding, output padding, groups, bias
CASES = [
    ("unet_k2s2", (2, 4, 5, 5), 3, 2, 2, 0, 0, 1, True),
    ("dcgan_k4s2p1", (2, 4, 4, 4), 3, 4, 2, 1, 0, 1, True),
    ("k3s2p1_output_padding", (2, 3, 5, 5), 2, 3, 2, 1, 1, 1, True),
    ("groups2", (2, 4, 4, 5), 6, 3, 2, 1, 1, 2, True),
    ("non_square", (1, 3, 4, 7), 2, (3, 2), (2, 3), (1, 0), (1, 2), 1, True),
    ("stride1", (2, 3, 5, 4), 2, 3, 1, 1, 0, 1, True),
    ("bias_off", (2, 4, 4, 4), 3, 4, 2, 1, 0, 1, False),
    ("k2s2_output_padding_beyond_kernel", (1, 3, 3, 4), 2, 2, 2, 0, 1, 1, True),
    ("stride_above_kernel", (1, 2, 3, 3), 2, 2, 3, 0, 2, 1, True),
    ("padding_above_stride", (1, 4, 6, 5), 4, 5, 2, 3, 1, 2, True),
    ("unet_k2s2_one_image", (1, 5, 3, 4), 3, 2, 2, 0, 0, 1, True),
    ("k2s2_one_image_padding", (1, 4, 4, 3), 3, 2, 2, 1, 1, 1, True),
]


def rounded(t):
    return [float("%.7g" % v) for v in t.flatten().tolist()]


def run(name, shape, out, kernel, stride, padding, output_padding, groups, bias, seed):
    torch.manual_seed(seed)
    conv = torch.nn.ConvTranspose2d(shape[1], out, kernel, stride, padding, output_padding, groups, bias)
    x = torch.randn(*shape, requires_grad=True)
    y = conv(x)
    g = torch.randn(*y.shape)
    (y * g).sum().backward()
    pair = lambda v: list(v) if isinstance(v, tuple) else [v, v]
    case = {"name": name, "out_channels": out, "kernel": pair(kernel), "stride": pair(stride),
            "padding": pair(padding), "output_padding": pair(output_padding), "groups": groups,
            "x_shape": list(x.shape), "weight_shape": list(conv.weight.shape), "y_shape": list(y.shape),
            "x": rounded(x.detach()), "weight": rounded(conv.weight.detach()), "g": rounded(g),
            "y": rounded(y.detach()), "x_grad": rounded(x.grad), "weight_grad": rounded(conv.weight.grad)}
    if bias:
        case["bias"] = rounded(conv.bias.detach())
        case["bias_grad"] = rounded(conv.bias.grad)
    return case


cases = [run(*c, seed=i) for i, c in enumerate(CASES)]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv_transpose_reference.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
print("wrote", path, os.path.getsize(path), "bytes")
