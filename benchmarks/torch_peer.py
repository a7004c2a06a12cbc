#!/usr/bin/python3
"""PyTorch's side of every benchmark case, driven by Bench.java.

A process lives for one block of rounds (an idle torch process beside the JVM slowed the JVM's steps
by 30-40% on a 2-core VM). Commands on stdin, one JSON line each; answers on stdout, one JSON line:
  {"setup": CASE}         prepares a case; answers {"parameters": N} (N is checked against
                          CASE["parameters"], the Java side's count, when it is given)
  {"run": N, "warmup": W} W untimed steps, then N timed ones; answers {"seconds": mean seconds per
                          step, "loss": the last step's loss or null}
  "quit"
Case kinds, each timing what our side times:
  train           zero_grad, forward, cross-entropy, backward, optimizer step, loss and correct count read back
  vae             a VAE's step: forward with the reparameterisation, Bernoulli cross-entropy on the logits plus
                  KL summed over the batch, backward, Adam step, the loss read back
  gan             DCGAN's step as pytorch/examples dcgan/main.py: D on real (1) and G(z).detach() (0), D's
                  step, then G on D(G(z)) as real, G's step; losses on logits, read back
  infer           eval mode, no_grad forward, the logits' sum read back
  optimizer       opt.step() alone on plain tensors with a network's parameter shapes, gradients refilled
                  (untimed) before each step; zero_grad(set_to_none=False) timed with it, as our
                  optimizers zero the gradients in their update
  conv_transpose  nn.ConvTranspose2d forward, loss sum(y * g), backward to input, weight and bias
  epoch           one epoch of a cpu preset: Fashion-MNIST through a DataLoader (one worker process, as
                  our pipeline assembles batches on one background thread) with the preset's transforms,
                  the train step above per batch, the learning rate schedule stepped per batch; answers
                  also the seconds spent waiting for batches
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import torch_replicas
import torch_epoch


def optimizer(spec, params):
    name, lr, wd = spec["name"], spec["lr"], spec.get("weight_decay", 0.0)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    raise SystemExit(f"unknown optimizer {name}")


def setup(case):
    kind = case["kind"]
    if kind in ("train", "infer"):
        net = torch_replicas.build(case["network"], case["classes"], case["input"][1])
        x = torch.randn(*case["input"])
        if kind == "infer":
            net.eval()

            def step():
                with torch.no_grad():
                    net(x).sum().item()  # the read-back waits for the result, as ours does

            return torch_replicas.trainable(net), step
        n, _, h, w = case["input"]
        y = torch.randint(0, case["classes"], (n, h, w) if case.get("masks") else (n,))  # a mask or a class each
        opt = optimizer(case["optimizer"], net.parameters())
        loss_fn = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad()
            out = net(x)
            loss = loss_fn(out, y)
            loss.backward()
            opt.step()
            (out.argmax(1) == y).sum().item()  # a loop's accuracy (of pixels, for masks), as ours counts it
            return loss.item()

        return torch_replicas.trainable(net), step
    if kind == "vae":
        net = torch_replicas.GENERATIVE[case["network"]]()
        x = torch.rand(*case["input"])
        opt = torch.optim.Adam(net.parameters(), lr=case["lr"], betas=(case["beta1"], 0.999))

        def step():
            opt.zero_grad()
            logits, mu, logvar = net(x)
            loss = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") \
                - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
            loss.backward()
            opt.step()
            return loss.item() / x.shape[0]

        return torch_replicas.trainable(net), step
    if kind == "gan":
        g, d = torch_replicas.dcgan(case["nz"], case["filters"], case["input"][1])
        real = torch.rand(*case["input"]) * 2 - 1
        n = real.shape[0]
        ones, zeros = torch.ones(n, 1), torch.zeros(n, 1)
        opt_g = torch.optim.Adam(g.parameters(), lr=case["lr"], betas=(case["beta1"], 0.999))
        opt_d = torch.optim.Adam(d.parameters(), lr=case["lr"], betas=(case["beta1"], 0.999))
        bce = nn.BCEWithLogitsLoss()

        def step():
            d.zero_grad()
            out = d(real)
            err_real = bce(out, ones)
            err_real.backward()
            fake = g(torch.randn(n, case["nz"], 1, 1))
            err_fake = bce(d(fake.detach()), zeros)
            err_fake.backward()
            opt_d.step()
            g.zero_grad()
            out_g = d(fake)
            err_g = bce(out_g, ones)
            err_g.backward()
            opt_g.step()
            torch.sigmoid(out).mean().item(), torch.sigmoid(out_g).mean().item()
            err_g.item()
            return (err_real + err_fake).item()

        return torch_replicas.trainable(g) + torch_replicas.trainable(d), step
    if kind == "epoch":
        net = torch_replicas.build(case["network"], case["classes"], case["input"][1])
        return torch_replicas.trainable(net), torch_epoch.epoch_step(case, net, optimizer(case["optimizer"],
                                                                                        net.parameters()))
    if kind == "optimizer":
        expected = sorted(tuple(q.shape) for q in torch_replicas.build(case["network"], case["classes"], 3)
                          .parameters() if q.requires_grad)
        shapes = [tuple(s) for s in case["shapes"]]
        if sorted(shapes) != expected:
            raise SystemExit(f"the parameter shapes sent for {case['network']} are not the replica's")
        params = [torch.randn(s).requires_grad_(True) for s in shapes]
        grads = [torch.randn(s) for s in shapes]
        opt = optimizer(case["optimizer"], params)
        for q, g in zip(params, grads):
            q.grad = g.clone()
        opt.step()  # creates the state

        def step():
            for q, g in zip(params, grads):
                q.grad.copy_(g)
            t0 = time.perf_counter()
            opt.step()
            opt.zero_grad(set_to_none=False)
            return None, time.perf_counter() - t0

        return sum(q.numel() for q in params), step
    if kind == "conv_transpose":
        conv = nn.ConvTranspose2d(case["input"][1], case["out"], case["kernel"], case["stride"], case["padding"])
        x = torch.randn(*case["input"], requires_grad=True)
        g = torch.randn(*conv(x).shape)

        def step():
            (conv(x) * g).sum().backward()
            return None

        return sum(q.numel() for q in conv.parameters()), step
    raise SystemExit(f"unknown case kind {kind}")


def run(step, n, warmup):
    for _ in range(warmup):
        step()
    total, loss, data = 0.0, None, None
    for _ in range(n):
        t0 = time.perf_counter()
        out = step()
        elapsed = time.perf_counter() - t0
        if isinstance(out, tuple):  # the step timed itself (its untimed part excluded)
            out, elapsed = out
        if isinstance(out, dict):  # an epoch: its wait for data
            data = (data or 0.0) + out["data_seconds"]
            out = out["loss"]
        total += elapsed
        loss = out
    return {"seconds": total / n, "loss": loss, "data_seconds": data / n if data is not None else None}


def main():
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    print(json.dumps({"framework": "PyTorch " + torch.__version__, "threads": torch.get_num_threads()}),
          flush=True)
    step = None
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        cmd = json.loads(line)
        if "setup" in cmd:
            step = None  # free the previous case first
            count, step = setup(cmd["setup"])
            wanted = cmd["setup"].get("parameters")
            if wanted is not None and wanted != count:
                raise SystemExit(f"the PyTorch replica of {cmd['setup'].get('network', cmd['setup']['kind'])} has "
                                 f"{count:,} trainable parameters, ours {wanted:,}: they are not the same network")
            print(json.dumps({"parameters": count}), flush=True)
        else:
            print(json.dumps(run(step, cmd["run"], cmd["warmup"])), flush=True)


if __name__ == "__main__":
    main()
