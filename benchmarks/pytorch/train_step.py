#!/usr/bin/python3
"""The NeuralNet training-step benchmark, in PyTorch: the peer in issue 3's comparison.

Same network and protocol as benchmarks/NeuralNet.Benchmarks (TrainingStepBenchmarks and the
--fashion harness): an MLP 784-256-128-10 with ReLU, He-normal weights and zero biases, softmax +
categorical cross-entropy (here F.cross_entropy on the logits, the same loss and gradient, fused
the way PyTorch users write it), Adam(lr=1e-3).

  train_step.py [--threads N] [--batches 32,128,1024]   samples/s of one training step on a
        seeded random batch: median over timed windows after a warm-up.
  train_step.py --fashion [--threads N] [--data DIR]     Fashion-MNIST, 5 epochs, batch 128:
        data loading time, each epoch's time, test accuracy after the last epoch.

Run it through run.sh, which gives PyTorch its best environment (thread variables and
GLIBC_TUNABLES, see the README). Nothing here downloads anything.
"""

import argparse
import ctypes
import gzip
import os
import platform
import re
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

FASHION_DIR = "/usr/share/datasets/fashion-mnist"


def make_model(seed):
    """The benchmarked MLP with He-normal (Kaiming, fan-in, ReLU gain) weights and zero biases, like Dense's He init."""
    torch.manual_seed(seed)
    model = nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(),
        nn.Linear(256, 128), nn.ReLU(),
        nn.Linear(128, 10))
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(layer.bias)
    return model


def make_optimizer(model, foreach):
    return torch.optim.Adam(model.parameters(), lr=1e-3, foreach=foreach)


def train_step(model, optimizer, x, y):
    # set_to_none skips a memset of every gradient: the fastest form in 1.13.
    optimizer.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss


def blas_libraries():
    """The BLAS shared objects mapped into this process (after a matmul has run)."""
    names = set()
    try:
        with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
            for line in maps:
                path = line.split()[-1]
                if "blas" in path or "lapack" in path:
                    names.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(names)


def openblas_core(libraries):
    """openblas_get_corename() of the OpenBLAS that torch loaded, if it is OpenBLAS."""
    for path in libraries:
        try:
            library = ctypes.CDLL(path)
            library.openblas_get_corename.restype = ctypes.c_char_p
            library.openblas_get_config.restype = ctypes.c_char_p
            return (f"{library.openblas_get_corename().decode()} "
                    f"({library.openblas_get_config().decode().strip()})")
        except (OSError, AttributeError):
            continue
    return "not OpenBLAS"


def load_average():
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def print_header(args):
    torch.randn(64, 64) @ torch.randn(64, 64)  # load the BLAS so /proc/self/maps shows it
    print(f"torch {torch.__version__}, Python {platform.python_version()}, numpy {np.__version__}")
    print(f"threads: torch.get_num_threads()={torch.get_num_threads()} (requested {args.threads}), "
          f"interop {torch.get_num_interop_threads()}")
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                 "GLIBC_TUNABLES"):
        print(f"  {name}={os.environ.get(name, '(unset)')}")
    config = [line.strip() for line in torch.__config__.show().splitlines() if line.strip()]
    print("torch.__config__.show():")
    for line in config[:7]:
        print(f"  {line}")
    print("  " + ", ".join(re.findall(r"\b(?:BLAS_INFO|LAPACK_INFO|TORCH_VERSION|USE_MKLDNN|USE_OPENMP)=[^,]*",
                                      torch.__config__.show())))
    libraries = blas_libraries()
    print(f"BLAS mapped: {', '.join(libraries) or 'none found'}")
    print(f"OpenBLAS core: {openblas_core(libraries)}")
    print(f"load average at start: {load_average()}")


def bench_steps(args):
    print()
    print(f"Training step, MLP 784-256-128-10 ReLU, cross-entropy on logits, Adam 1e-3 (foreach={args.foreach}): "
          f"median samples/s over {args.windows} windows of ~{args.window_seconds} s after {args.warmup_seconds} s warm-up")
    print(f"{'batch':>6} {'threads':>8} {'ms/step':>9} {'samples/s':>11} {'min':>9} {'max':>9}")
    for batch in args.batches:
        model = make_model(seed=1)
        optimizer = make_optimizer(model, args.foreach)
        generator = torch.Generator().manual_seed(4)
        x = torch.rand(batch, 784, generator=generator) * 2 - 1
        y = torch.randint(0, 10, (batch,), generator=generator)

        # Warm-up, which also calibrates how many steps fill a window.
        steps, start = 0, time.perf_counter()
        while time.perf_counter() - start < args.warmup_seconds:
            train_step(model, optimizer, x, y)
            steps += 1
        per_window = max(1, int(steps * args.window_seconds / (time.perf_counter() - start)))

        rates = []
        for _ in range(args.windows):
            start = time.perf_counter()
            for _ in range(per_window):
                train_step(model, optimizer, x, y)
            rates.append(batch * per_window / (time.perf_counter() - start))
        median = statistics.median(rates)
        print(f"{batch:>6} {torch.get_num_threads():>8} {1e3 * batch / median:>9.3f} {median:>11.0f} "
              f"{min(rates):>9.0f} {max(rates):>9.0f}")


def read_idx(path, header_bytes):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header_bytes)


def fashion(args):
    files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    paths = [os.path.join(args.data, name) for name in files]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        print(f"Fashion-MNIST not found ({missing[0]}): apt-get install -y dataset-fashion-mnist")
        return

    print()
    print(f"Fashion-MNIST: MLP 784-256-128-10 ReLU, cross-entropy, Adam 1e-3 (foreach={args.foreach}), "
          f"batch {args.batch}, {args.epochs} epochs, seed 1")
    start = time.perf_counter()
    # IDX: 16-byte header for images (magic, count, rows, columns), 8 for labels (magic, count).
    train_x = torch.from_numpy(read_idx(paths[0], 16).reshape(-1, 784).astype(np.float32) / 255)
    train_y = torch.from_numpy(read_idx(paths[1], 8).astype(np.int64))
    test_x = torch.from_numpy(read_idx(paths[2], 16).reshape(-1, 784).astype(np.float32) / 255)
    test_y = torch.from_numpy(read_idx(paths[3], 8).astype(np.int64))
    # Standardised per pixel with the training split's statistics, as the C# harness does
    # (a constant pixel gets deviation 1, so it maps to 0).
    mean = train_x.mean(0)
    std = train_x.std(0, unbiased=False)
    std[std == 0] = 1
    train_x = (train_x - mean) / std
    test_x = (test_x - mean) / std
    print(f"data loading: {time.perf_counter() - start:.3f} s (gzip + numpy + torch.from_numpy + standardising); "
          f"{len(train_y)} train, {len(test_y)} test samples")

    model = make_model(seed=1)
    optimizer = make_optimizer(model, args.foreach)
    generator = torch.Generator().manual_seed(1)
    count = len(train_y)
    print(f"{'epoch':>5} {'seconds':>9} {'samples/s':>10} {'train loss':>11} {'train acc':>10}")
    times = []
    for epoch in range(1, args.epochs + 1):
        # Timed like the C# harness: shuffle, gather each batch, step, running loss and accuracy.
        start = time.perf_counter()
        order = torch.randperm(count, generator=generator)
        loss_sum, correct = 0.0, 0
        for first in range(0, count, args.batch):
            index = order[first:first + args.batch]
            x, y = train_x[index], train_y[index]
            optimizer.zero_grad(set_to_none=True)
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(y)
            correct += (logits.argmax(1) == y).sum().item()
        seconds = time.perf_counter() - start
        times.append(seconds)
        print(f"{epoch:>5} {seconds:>9.3f} {count / seconds:>10.0f} {loss_sum / count:>11.4f} {correct / count:>10.2%}")

    start = time.perf_counter()
    with torch.no_grad():
        accuracy = (model(test_x).argmax(1) == test_y).float().mean().item()
    scored = time.perf_counter() - start
    print(f"epoch time: median {statistics.median(times):.3f} s, mean {statistics.mean(times):.3f} s, "
          f"total {sum(times):.3f} s")
    print(f"test accuracy after {args.epochs} epochs: {accuracy:.2%} (scored in {scored:.3f} s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1,
                        help="torch.set_num_threads; set OMP_NUM_THREADS/OPENBLAS_NUM_THREADS to match (run.sh does)")
    parser.add_argument("--batches", default="32,128,1024", help="comma-separated batch sizes for the step benchmark")
    parser.add_argument("--windows", type=int, default=9, help="timed windows per batch size (median reported)")
    parser.add_argument("--window-seconds", type=float, default=0.4)
    parser.add_argument("--warmup-seconds", type=float, default=1.5)
    parser.add_argument("--no-foreach", dest="foreach", action="store_false",
                        help="Adam's per-parameter loop instead of its multi-tensor (foreach) path")
    parser.add_argument("--fashion", action="store_true", help="Fashion-MNIST epochs instead of the step benchmark")
    parser.add_argument("--data", default=FASHION_DIR)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=128, help="batch size of --fashion")
    args = parser.parse_args()
    args.batches = [int(b) for b in args.batches.split(",")]

    torch.set_num_threads(args.threads)
    print_header(args)
    if args.fashion:
        fashion(args)
    else:
        bench_steps(args)
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
