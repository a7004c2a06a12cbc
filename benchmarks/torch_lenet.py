#!/usr/bin/python3
"""PyTorch's side of the LeNet-5 throughput benchmark, driven by LeNetThroughput.java.

The same network as ClassicNets' LeNet5 (modern: ReLU, max pooling, 28x28 with C1 padded by 2),
batch, optimizer (Adam 1e-3) and thread count, on one fixed random batch so only the training step
is timed. Each step does what a training loop does: zero the gradients, forward, loss, backward,
update, and read the loss and the number of correct predictions back.

It reads commands on stdin so the Java side can alternate short rounds with its own (noise on a
shared machine then hits both alike): "run N W" runs W untimed steps, then times N steps and prints images/s; "quit" ends.
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn


def lenet5(classes=10):
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(16, 120, 5), nn.ReLU(), nn.Flatten(),
        nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, classes))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=128)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = lenet5()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(a.batch_size, 1, 28, 28)
    y = torch.randint(0, 10, (a.batch_size,))

    def step():
        opt.zero_grad()
        out = net(x)
        loss = loss_fn(out, y)
        loss.backward()
        opt.step()
        return loss.item(), (out.argmax(1) == y).sum().item()

    for _ in range(30):
        step()
    print(json.dumps({"framework": "PyTorch " + torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd or cmd[0] == "quit":
            break
        n = int(cmd[1])
        for _ in range(int(cmd[2]) if len(cmd) > 2 else 0):
            step()
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        print(json.dumps({"images_per_second": n * a.batch_size / (time.perf_counter() - t0)}), flush=True)


if __name__ == "__main__":
    main()
