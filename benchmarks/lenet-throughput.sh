#!/usr/bin/env bash
# LeNet-5 training throughput, ClassicNets vs PyTorch, in one run on this machine.
# Needs: apt-get install -y python3-torch libopenblas0-openmp dataset-fashion-mnist
# Usage: bash benchmarks/lenet-throughput.sh [--rounds N] [--steps N] [--threads N] [--python none]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl benchmarks -am test-compile exec:java -Dclassicnets.recipe.skip=true -Dexec.args="$*"
