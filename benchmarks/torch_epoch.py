"""A cpu preset's training epoch in PyTorch: Fashion-MNIST from the Debian package's IDX files through a
DataLoader with the preset's transforms (as the Java recipes define them), for torch_peer.py."""
import gzip
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision.transforms as T


def _idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def _find(folder, stem):
    for name in (stem + ".gz", stem):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise SystemExit(f"no {stem} in {folder}")


class _ScaleJittering:
    """VGG's: resize to S x S with S drawn from [lo, hi], then a random side x side crop."""

    def __init__(self, lo, hi, side):
        self.lo, self.hi, self.crop = lo, hi, T.RandomCrop(side)

    def __call__(self, x):
        s = int(torch.randint(self.lo, self.hi + 1, ()).item())
        return self.crop(T.functional.resize(x, [s, s]))


# The cpu presets' training transforms, as the recipes define them (on a 1 x 28 x 28 tensor in [0, 1]).
TRANSFORMS = {
    "lenet5": lambda: T.RandomHorizontalFlip(),
    "resnet20": lambda: T.Compose([T.RandomCrop(28, padding=2), T.RandomHorizontalFlip()]),
    "vgg-a-bn-cpu": lambda: T.Compose([_ScaleJittering(32, 36, 32), T.RandomHorizontalFlip()]),
    "googlenet": lambda: T.Compose([T.Resize([32, 32]), T.RandomHorizontalFlip()]),
    "alexnet-cpu": lambda: T.Compose([T.Resize([67, 67]), T.RandomCrop(67, padding=67 // 16), T.RandomHorizontalFlip()]),
}


class _FashionMnist(torch.utils.data.Dataset):
    def __init__(self, folder, images, transform, mean, std):
        x = _idx(_find(folder, "train-images-idx3-ubyte"))
        y = _idx(_find(folder, "train-labels-idx1-ubyte"))
        n = images if images > 0 else len(x)
        self.x = torch.from_numpy(x[:n].copy())
        self.y = torch.from_numpy(y[:n].astype(np.int64))
        self.transform, self.mean, self.std = transform, mean, std

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        img = self.x[i].float().div_(255).unsqueeze_(0)
        return (self.transform(img) - self.mean) / self.std, self.y[i]


def epoch_step(case, net, opt):
    if case.get("data") is None:
        raise SystemExit("no Fashion-MNIST for the epoch cases: bash .ci/install-deps, or pass --data-dir")
    name = case["network"]
    x = torch.from_numpy(_idx(_find(case["data"], "train-images-idx3-ubyte"))[:case["images"] or None].copy()).float() / 255
    mean, std = x.mean().item(), x.std().item()
    data = _FashionMnist(case["data"], case["images"], TRANSFORMS[name](), mean, std)
    loader = torch.utils.data.DataLoader(data, batch_size=case["input"][0], shuffle=True, num_workers=1,
                                         persistent_workers=False)
    updates = math.ceil(len(data) / case["input"][0])
    loss_fn = nn.CrossEntropyLoss()

    def step():
        # cosine decay over the epoch's updates, stepped per batch as our schedule is
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=updates)
        net.train()
        waited, loss = 0.0, None
        t0 = time.perf_counter()
        it = iter(loader)
        while True:
            w0 = time.perf_counter()
            try:
                xb, yb = next(it)
            except StopIteration:
                break
            waited += time.perf_counter() - w0
            opt.zero_grad()
            out = net(xb)
            l = loss_fn(out, yb)
            l.backward()
            opt.step()
            sched.step()
            (out.argmax(1) == yb).sum().item()
            loss = l.item()
        return {"loss": loss, "data_seconds": waited}, time.perf_counter() - t0

    return step
