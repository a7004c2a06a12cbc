#!/usr/bin/python3
"""PyTorch's side of the transposed-convolution benchmark, driven by ConvTransposeBenchmark.java.

One step is what a decoder's training step asks of the layer: forward through nn.ConvTranspose2d,
loss sum(y * g) with a fixed random g, backward to the input, weight and bias (gradients accumulate,
as on the Java side). Cases come as JSON in --cases; commands on stdin: "run CASE N W" runs W untimed
steps of case CASE, then times N steps and prints the milliseconds per step; "quit" ends. A process
lives only for one block of rounds, as in torch_lenet.py.
"""
import argparse
import json
import sys
import time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--cases", required=True, help="JSON list of {input: [N,C,H,W], out, kernel, stride, padding}")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    steps = []
    for c in json.loads(a.cases):
        conv = torch.nn.ConvTranspose2d(c["input"][1], c["out"], c["kernel"], c["stride"], c["padding"],
                                        c.get("output_padding", 0))
        x = torch.randn(*c["input"], requires_grad=True)
        g = torch.randn(*conv(x).shape)

        def step(conv=conv, x=x, g=g):
            (conv(x) * g).sum().backward()

        steps.append(step)
    print(json.dumps({"framework": "PyTorch " + torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd or cmd[0] == "quit":
            break
        step = steps[int(cmd[1])]
        for _ in range(int(cmd[3])):
            step()
        n = int(cmd[2])
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        print(json.dumps({"ms_per_step": 1000 * (time.perf_counter() - t0) / n}), flush=True)


if __name__ == "__main__":
    main()
