#!/usr/bin/env bash
# U-Net training step (the cpu preset's network, batch 16 of 64x64), ClassicNets vs a PyTorch replica,
# one after the other in one run (run it under /work/notes/cpu.lock on a shared machine).
# Needs: apt-get install -y python3-torch
# Usage: bash benchmarks/unet-step.sh [rounds] [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl benchmarks -am test-compile exec:java -Dclassicnets.recipe.skip=true \
    -Dexec.mainClass=dev.classicnets.benchmarks.UNetStep -Dexec.args="${1:-3} ${2:-20}"
/usr/bin/python3 benchmarks/torch_unet.py --threads 2 --rounds "${1:-3}" --steps "${2:-20}"
