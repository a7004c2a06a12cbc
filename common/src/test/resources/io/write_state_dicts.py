"""Writes small state-dict files for dev.classicnets.common.io's tests, at test time, into a temp folder.

    /usr/bin/python3 write_state_dicts.py write DIR
        writes DIR/*.pth (zip and legacy torch.save formats), DIR/*.safetensors, DIR/*.npz, two files whose
        pickles call os.system and eval, and DIR/expected.json: for every file and key the dtype, shape, sum and
        first values that torch itself sees.
    /usr/bin/python3 write_state_dicts.py check FILE.safetensors REFERENCE.pth
        reads a safetensors file written by the Java side (with a small reader below, since Debian has no
        safetensors package), checks that every tensor equals the reference's in dtype, shape and value, and
        that the "net." part loads into the module it came from with load_state_dict(strict=True).

Needs Debian's python3-torch (bash .ci/install-deps). Nothing here downloads anything.
"""
import collections
import json
import os
import struct
import sys

import numpy as np
import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
          "BOOL": torch.bool}


def module():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                              torch.nn.Flatten(), torch.nn.Linear(4, 2))
    net.train()
    net(torch.randn(2, 3, 3, 3))  # moves the batch-norm statistics off their defaults
    return net


def every_dtype():
    """One tensor of each dtype, views of shared storages, a 0-d and an empty tensor, a real module's state."""
    torch.manual_seed(1)
    sd = collections.OrderedDict()
    for name, value in module().state_dict().items():
        sd["net." + name] = value
    sd["f32"] = torch.randn(2, 3)
    sd["f16"] = torch.randn(5).half()
    sd["bf16"] = torch.randn(4).bfloat16()
    sd["f64"] = torch.randn(3, 2).double()
    sd["i64"] = torch.tensor([-3, 0, 2 ** 40], dtype=torch.int64)
    sd["i32"] = torch.tensor([[-7, 8], [9, 2 ** 30]], dtype=torch.int32)
    sd["i16"] = torch.tensor([-300, 300], dtype=torch.int16)
    sd["i8"] = torch.tensor([-128, 5, 127], dtype=torch.int8)
    sd["u8"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
    sd["bool"] = torch.tensor([True, False, True])
    sd["scalar"] = torch.tensor(2.5)
    sd["empty"] = torch.zeros(0, 3)
    base = torch.arange(24, dtype=torch.float32)
    sd["transposed"] = base[:12].view(3, 4).t()  # (4, 3), strides (1, 4): saved as is, not copied
    sd["shared_a"] = base[4:10].view(2, 3)  # offset 4 into the same storage
    sd["shared_b"] = base[::5]  # stride 5
    sd["param"] = torch.nn.Parameter(torch.randn(3))  # pickled through _rebuild_parameter
    return sd


class Evil:
    """Pickles as a call to `func(arg)`: what a malicious checkpoint does to run code at load time."""

    def __init__(self, func, arg):
        self.func, self.arg = func, arg

    def __reduce__(self):
        return self.func, (self.arg,)


def describe(sd):
    out = collections.OrderedDict()
    for name, t in sd.items():
        flat = t.detach().reshape(-1)
        wide = flat.double() if t.dtype != torch.bool else flat.to(torch.int64).double()
        out[name] = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
                     "sum": wide.sum().item(), "first": wide[:6].tolist()}
    return out


def write(folder):
    os.makedirs(folder, exist_ok=True)
    sd = every_dtype()
    torch.save(sd, os.path.join(folder, "every_dtype_zip.pth"))
    torch.save(sd, os.path.join(folder, "every_dtype_legacy.pth"), _use_new_zipfile_serialization=False)
    small = module().state_dict()
    opt = torch.optim.SGD(module().parameters(), lr=0.1, momentum=0.9)
    opt.state[opt.param_groups[0]["params"][0]]["momentum_buffer"] = torch.ones(2)
    nested = {"epoch": 3, "best_acc": 0.75, "model": small, "optimizer": opt.state_dict(), "note": "resnet"}
    torch.save(nested, os.path.join(folder, "nested_zip.pth"))
    torch.save({"state_dict": small}, os.path.join(folder, "nested_legacy.pth"), _use_new_zipfile_serialization=False)
    torch.save({"model": small, "ema": small}, os.path.join(folder, "two_state_dicts.pth"))
    marker = os.path.join(folder, "pwned")
    torch.save({"w": torch.ones(1), "x": Evil(os.system, "touch " + marker)}, os.path.join(folder, "evil_system.pth"))
    torch.save({"x": Evil(eval, "open(%r, 'w')" % marker)}, os.path.join(folder, "evil_eval_legacy.pth"),
               _use_new_zipfile_serialization=False)
    np.savez(os.path.join(folder, "arrays.npz"), **{"conv.weight": np.arange(6, dtype=np.float32).reshape(2, 3),
                                                     "steps": np.array(7, dtype=np.int64)})
    external = {"b.bias": torch.tensor([1.5, -2.0]), "a.weight": torch.arange(6.0).view(2, 3).half(),
                "c.bf16": torch.tensor([1.5, -0.25, 3e38]).bfloat16()}
    write_safetensors(os.path.join(folder, "external.safetensors"), external)
    expected = {"every_dtype": describe(sd), "small": describe(small),
                "arrays": describe({"conv.weight": torch.arange(6.0).view(2, 3), "steps": torch.tensor(7)}),
                "external": describe({k: external[k] for k in sorted(external)})}
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


def write_safetensors(path, tensors):
    """As the safetensors library writes: keys sorted, header padded with spaces to 8 bytes."""
    header, data = {}, b""
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        raw = t.view(torch.uint8).numpy().tobytes() if t.dtype != torch.bool else t.numpy().tobytes()
        dtype = next(k for k, v in DTYPES.items() if v == t.dtype)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    header.pop("__metadata__", None)
    data = blob[8 + n:]
    ends = sorted(tuple(v["data_offsets"]) for v in header.values())
    assert [e[0] for e in ends] == [0] + [e[1] for e in ends[:-1]] and (not ends or ends[-1][1] == len(data)), \
        "tensors must tile the data section without gaps: " + str(ends)
    out = {}
    for name, v in header.items():
        start, end = v["data_offsets"]
        raw = bytearray(data[start:end])
        t = torch.frombuffer(raw, dtype=DTYPES[v["dtype"]]) if raw else torch.empty(0, dtype=DTYPES[v["dtype"]])
        out[name] = t.reshape(v["shape"])
    return out


# DJL's PyTorch engine holds no bfloat16 or int16, so the Java side widens them (losslessly)
WIDENED = {torch.bfloat16: torch.float32, torch.int16: torch.int32}


def check(path, reference):
    written = read_safetensors(path)
    ref = torch.load(reference, weights_only=True)
    assert list(written) == list(ref), ("key order", list(written), list(ref))
    for name, t in ref.items():
        w = written[name]
        assert w.dtype == WIDENED.get(t.dtype, t.dtype), (name, w.dtype, t.dtype)
        assert w.shape == t.shape and torch.equal(w, t.detach().to(w.dtype)), name
    net = module()
    net.load_state_dict({k[4:]: v for k, v in written.items() if k.startswith("net.")}, strict=True)
    print("ok: %d tensors equal, load_state_dict(strict=True) accepted the net. part" % len(written))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    elif sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: write DIR | check FILE.safetensors REFERENCE.pth")
