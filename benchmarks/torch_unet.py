#!/usr/bin/python3
"""PyTorch's side of the U-Net training-step benchmark (unet-step.sh): the cpu preset's network as a
PyTorch replica (padded U-Net, depth 4, base width 16, batch norm after bias-free 3x3 convolutions,
2x2 stride-2 transposed convolutions, 1 input channel, 11 classes: 1,942,459 parameters, as
ClassicNets' UNet), one fixed random batch of 16 images 64x64 with random masks, Adam 1e-3, per-pixel
cross-entropy. A step zeroes the gradients, runs forward, loss, backward and the update, and reads the
loss back. Prints one images/s figure per round.
"""
import argparse
import time

import torch
import torch.nn as nn


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                         nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


class UNet(nn.Module):
    def __init__(self, channels=1, classes=11, base=16, depth=4):
        super().__init__()
        widths = [base << level for level in range(depth + 1)]
        self.inc = double_conv(channels, widths[0])
        self.downs = nn.ModuleList(nn.Sequential(nn.MaxPool2d(2), double_conv(widths[l - 1], widths[l]))
                                   for l in range(1, depth + 1))
        self.ups = nn.ModuleList(nn.ConvTranspose2d(widths[l + 1], widths[l], 2, stride=2)
                                 for l in reversed(range(depth)))
        self.convs = nn.ModuleList(double_conv(2 * widths[l], widths[l]) for l in reversed(range(depth)))
        self.outc = nn.Conv2d(widths[0], classes, 1)

    def forward(self, x):
        skips = []
        x = self.inc(x)
        for down in self.downs:
            skips.append(x)
            x = down(x)
        for up, conv in zip(self.ups, self.convs):
            x = conv(torch.cat([skips.pop(), up(x)], 1))
        return self.outc(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--steps", type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = UNet()
    print("torch parameters %d" % sum(p.numel() for p in net.parameters()), flush=True)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(16, 1, 64, 64)
    y = torch.randint(0, 11, (16, 64, 64))

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    for r in range(a.rounds):
        start = time.perf_counter()
        for _ in range(a.steps):
            step()
        print("torch round %d: %.1f images/s" % (r + 1, 16 * a.steps / (time.perf_counter() - start)), flush=True)


if __name__ == "__main__":
    main()
