#!/bin/sh
# The PyTorch peer of the NeuralNet benchmarks, in its best configuration (issue 3):
#   - one OpenMP and one OpenBLAS thread per PyTorch thread (1/1 is PyTorch's best on 2 cores;
#     2/2 is reported too, as the 2-thread figure);
#   - glibc malloc thresholds raised so that the per-step tensors are not mmap'ed and unmapped
#     every step (the default malloc costs hundreds of page faults per step);
#   - OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset here only, so that OpenBLAS picks its own kernel
#     for this CPU (the script prints which). Never unset them in tests or CI.
# Needs: apt-get install -y python3-torch libopenblas0-pthread dataset-fashion-mnist
# Usage: benchmarks/pytorch/run.sh            training step at 1 and 2 threads, Fashion-MNIST at 1
#        benchmarks/pytorch/run.sh steps      training step only
#        benchmarks/pytorch/run.sh fashion    Fashion-MNIST only (1 thread, then 2)
set -eu
cd "$(dirname "$0")"

TUNABLES=glibc.malloc.mmap_threshold=67108864:glibc.malloc.trim_threshold=268435456
what=${1:-all}

peer() {
    threads=$1
    shift
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
        OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" GLIBC_TUNABLES="$TUNABLES" \
        /usr/bin/python3 train_step.py --threads "$threads" "$@"
}

if [ "$what" = all ] || [ "$what" = steps ]; then
    peer 1
    peer 2
fi
if [ "$what" = all ] || [ "$what" = fashion ]; then
    peer 1 --fashion
fi
if [ "$what" = fashion ]; then
    peer 2 --fashion
fi
