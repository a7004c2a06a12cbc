#!/usr/bin/env bash
# One optimizer step (SGD momentum, Adam) on VGG-11's and ResNet-18's parameter shapes, ClassicNets vs
# torch.optim, in one run on this machine. Needs ~8 GB of free memory for VGG-11.
# Needs: bash .ci/install-deps --bench (python3-torch, python3-torchvision)
# Usage: bash benchmarks/optimizer-step.sh [--cases 'vgg11/.*'] [--blocks N] [--rounds N] [--steps N] [--threads N]
#        [--variants torch,ours,ours-trainer-step,before] [--python none]
set -euo pipefail
cd "$(dirname "$0")/.."
# both sides use GNU OpenMP: threads that sleep when idle rather than spin, so that neither side's idle
# threads take CPU from the other on a shared machine
export OMP_WAIT_POLICY=PASSIVE
mvn -q -B -pl benchmarks -am test-compile exec:java -Dclassicnets.recipe.skip=true \
  -Dexec.mainClass=dev.classicnets.benchmarks.OptimizerStep -Dexec.args="$*"
