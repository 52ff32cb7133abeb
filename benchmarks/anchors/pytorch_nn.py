#!/usr/bin/python3
"""PyTorch's figures for the networks chemin's bench_nn measures, on the same data and settings.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 benchmarks/anchors/pytorch_nn.py [MNIST_DIR]

Debian 12's python3-torch (1.13). One thread (torch.set_num_threads(1), and threadpoolctl limits the BLAS to 1), float32, batch 64, the
first 6,400 MNIST training images (as bench_nn), softmax cross-entropy:
  MLP 784-128-64-10 (ReLU), Adam lr 1e-3 (mnist_mlp's settings),  and  LeNet (conv 6@5x5, ReLU,
  max-pool 2, conv 16@5x5, ReLU, max-pool 2, dense 120, ReLU, 84, ReLU, 10) with chemin's LeNet recipe
  (chemin::nn::lenet_train_options, as mnist_cnn and bench_nn): Adam from lr 7e-3, annealed by
  CosineAnnealingLR stepped once per batch over the 1,876 steps of 2 epochs of 60,000 images;
  training samples/s (median of 5 timed rounds of >= 1 s each, after 30 warm-up steps);
  MLP inference at batch 1 under torch.inference_mode(): median microseconds per call.
Prints the BLAS/OpenMP libraries threadpoolctl sees (with OpenBLAS's kernel architecture) and ends
with one `RESULT` line.
"""
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

from mnist_idx import blas_architecture, folder, images

torch.set_num_threads(1)
torch.manual_seed(1)
try:  # one thread in the BLAS too (OpenBLAS would otherwise start one per core)
    from threadpoolctl import threadpool_limits
    threadpool_limits(1)
except ImportError:
    pass


def mlp():
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))


def lenet():
    return nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                         nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def train_rate(model, x, y, lr=1e-3, cosine_steps=None, rounds=5, seconds=1.0):
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = None
    if cosine_steps is not None:
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, T_max=cosine_steps)
    loss_fn = nn.CrossEntropyLoss()
    batches = [(x[i:i + 64], y[i:i + 64]) for i in range(0, len(x), 64)]

    def step(b):
        xb, yb = batches[b % len(batches)]
        optimiser.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimiser.step()
        if scheduler is not None:
            scheduler.step()

    for b in range(30):
        step(b)
    rates = []
    b = 0
    for _ in range(rounds):
        start = time.perf_counter()
        steps = 0
        while True:
            step(b)
            b += 1
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        rates.append(steps * 64 / elapsed)
    return statistics.median(rates)


def infer_batch1_us(model, x, calls=2000, rounds=5):
    model.eval()
    times = []
    with torch.inference_mode():
        for i in range(200):
            model(x[i:i + 1])
        for _ in range(rounds):
            start = time.perf_counter()
            for i in range(calls):
                model(x[i % 6400:i % 6400 + 1])
            times.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(times)


def main():
    x, y = images(folder(sys.argv[1] if len(sys.argv) > 1 else None), "train")
    x = torch.from_numpy(np.ascontiguousarray(x[:6400]))
    y = torch.from_numpy(y[:6400])
    mlp_rate = train_rate(mlp(), x, y)
    lenet_rate = train_rate(lenet(), x, y, lr=7e-3, cosine_steps=2 * 938)
    latency = infer_batch1_us(mlp(), x)
    arch = blas_architecture()
    print("torch %s, threads %d, mkldnn %s, blas %s" % (torch.__version__, torch.get_num_threads(),
          torch.backends.mkldnn.is_available(), arch))
    print("RESULT torch_mlp_train_per_s=%.0f torch_lenet_train_per_s=%.0f torch_mlp_infer1_us=%.2f "
          "torch_arch=%s" % (mlp_rate, lenet_rate, latency, arch.replace(" ", "_")))


if __name__ == "__main__":
    main()
