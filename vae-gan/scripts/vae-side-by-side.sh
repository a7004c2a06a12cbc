#!/usr/bin/env bash
# The same 784-400-20 VAE (pytorch/examples vae/main.py) on Fashion-MNIST (Debian's IDX files, pixels in
# [0, 1], all 60,000 training images, batch 128, Adam 1e-3, 10 epochs, one thread each: on a shared 2-core
# machine two threads per process ran 3-10x slower) in Debian's PyTorch and in ours, one run each, one after
# the other; prints both test losses per image and seconds per training epoch, and
# whether ours is within 1% of PyTorch's. Run from the repository root (it takes a few minutes; share the
# CPU lock: flock /work/notes/cpu.lock bash vae-gan/scripts/vae-side-by-side.sh).
set -euo pipefail
out=runs/vae-gan/side-by-side
mkdir -p "$out"
echo "== PyTorch"
/usr/bin/python3 vae-gan/scripts/vae_torch.py "$out/torch.json"
echo "== ClassicNets"
rm -rf "$out/ours"
mvn -q -o -pl vae-gan -am test-compile exec:java \
  -Dexec.args="--model vae --preset cpu --validation 0 --fd-samples 0 --threads 1 --out $out/ours"
/usr/bin/python3 - "$out" <<'PY'
import csv, json, sys
out = sys.argv[1]
torch = json.load(open(f"{out}/torch.json"))
ours = json.load(open(f"{out}/ours/summary.json"))
rows = list(csv.DictReader(open(f"{out}/ours/metrics.csv")))
t_loss = torch["epochs"][-1]["test_loss"]
o_loss = ours["test_loss"]
t_sec = sum(e["seconds"] for e in torch["epochs"]) / len(torch["epochs"])
o_sec = sum(float(r["seconds"]) for r in rows) / len(rows)
gap = (o_loss - t_loss) / t_loss * 100
print(f"| | test loss per image (epoch 10) | seconds per training epoch |")
print(f"|---|---|---|")
print(f"| PyTorch {torch['torch']} | {t_loss:.2f} | {t_sec:.1f} |")
print(f"| ClassicNets (DJL 0.35.1, libtorch 2.7.1) | {o_loss:.2f} | {o_sec:.1f} |")
print(f"ours - PyTorch: {gap:+.2f}% of PyTorch's test loss: {'within' if abs(gap) <= 1 else 'NOT within'} 1%")
PY
