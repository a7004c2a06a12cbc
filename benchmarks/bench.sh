#!/usr/bin/env bash
# ClassicNets vs PyTorch on this machine, side by side in one run: the training step of every network
# (the cpu presets' and torchvision's at 224x224), inference, the optimizer step alone, the transposed
# convolution. Prints a table and writes benchmarks/results/bench.json.
# Needs: bash .ci/install-deps (python3-torch, python3-torchvision, libopenblas0-openmp)
# Usage: bash benchmarks/bench.sh [--cases REGEX] [--list] [--blocks N] [--rounds N] [--seconds S] [--min-steps N] [--warmup-seconds S]
#        [--threads N] [--python none] [--malloc default] [--json FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
# Both sides use GNU OpenMP at its default wait policy, as a user runs either (OMP_WAIT_POLICY from the
# environment is kept and recorded); an idle side's threads spin only briefly (GOMP_SPINCOUNT) before they
# sleep. Our side runs with glibc's malloc set as the training loop sets it (NativeAllocator; --malloc default
# for glibc's own settings, under which about half of all JVMs page-fault their activations every step).
mvn -q -B -pl benchmarks -am test-compile exec:java -Dclassicnets.recipe.skip=true -Dexec.args="$*"
