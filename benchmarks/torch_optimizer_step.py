#!/usr/bin/python3
"""PyTorch's side of the optimizer-step benchmark, driven by OptimizerStep.java.

Plain tensors with the trainable parameter shapes of a torchvision network (the Java side sends the
shapes it uses; this checks that they are torchvision's), each with a fixed random gradient, and one
torch.optim optimizer over them. Only opt.step() is timed; before each step the gradients are refilled
(untimed), as backward would leave them. zero_grad(set_to_none=False), which the Java side's update
includes (DJL's optimizers zero the gradients), is timed separately.

Commands on stdin, one JSON line each: {"setup": ..., "shapes": [[...], ...], "optimizer": "momentum"|"adam"}
prepares a case; {"run": N, "warmup": W} runs W untimed steps and N timed ones and prints the median
seconds of step and of zero_grad, and the step's minor page faults; "quit" ends.
"""
import argparse
import json
import resource
import statistics
import sys
import time

import torch
import torchvision

NETWORKS = {"vgg11": lambda: torchvision.models.vgg11(num_classes=10),
            "resnet18": lambda: torchvision.models.resnet18(num_classes=1000)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    print(json.dumps({"framework": "PyTorch " + torch.__version__, "threads": torch.get_num_threads()}),
          flush=True)
    params, grads, opt = [], [], None
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        cmd = json.loads(line)
        if "setup" in cmd:
            params, grads, opt = [], [], None  # free the previous case first
            shapes = [tuple(s) for s in cmd["shapes"]]
            expected = [tuple(q.shape) for q in NETWORKS[cmd["setup"]]().parameters() if q.requires_grad]
            if sorted(shapes) != sorted(expected):
                raise SystemExit(f"the shapes sent for {cmd['setup']} are not torchvision's")
            params = [torch.randn(s).requires_grad_(True) for s in shapes]
            grads = [torch.randn(s) for s in shapes]
            for q, g in zip(params, grads):
                q.grad = g.clone()
            if cmd["optimizer"] == "momentum":
                opt = torch.optim.SGD(params, lr=0.01, momentum=0.9)
            else:
                opt = torch.optim.Adam(params, lr=1e-3)
            opt.step()  # creates the state
            print(json.dumps({"parameters": sum(q.numel() for q in params)}), flush=True)
        else:
            steps, zeros, faults = [], [], []
            for i in range(cmd["warmup"] + cmd["run"]):
                for q, g in zip(params, grads):
                    q.grad.copy_(g)
                f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                t0 = time.perf_counter()
                opt.step()
                t1 = time.perf_counter()
                faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)
                opt.zero_grad(set_to_none=False)
                t2 = time.perf_counter()
                if i >= cmd["warmup"]:
                    steps.append(t1 - t0)
                    zeros.append(t2 - t1)
            print(json.dumps({"step": statistics.median(steps), "zero_grad": statistics.median(zeros),
                              "faults": statistics.median(faults[cmd["warmup"]:])}), flush=True)


if __name__ == "__main__":
    main()
