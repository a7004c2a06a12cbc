#!/usr/bin/env bash
# Transposed convolution forward+backward time, ClassicNets' ConvTranspose2d vs PyTorch's, in one run.
# Needs: apt-get install -y python3-torch libopenblas0-openmp
# Usage: bash benchmarks/conv-transpose.sh [--rounds N] [--blocks N] [--seconds S] [--threads N] [--python none]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl benchmarks -am test-compile exec:java -Dclassicnets.recipe.skip=true \
    -Dexec.mainClass=dev.classicnets.benchmarks.ConvTransposeBenchmark -Dexec.args="$*"
