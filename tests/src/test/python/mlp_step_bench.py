"""PyTorch reference for MlpStepBenchmark: one training step of a 64->128->10 MLP (ReLU, softmax
cross-entropy, Adam) on a batch of 64, float32, 2 threads.

Run: /usr/bin/python3 tests/src/test/python/mlp_step_bench.py   (see BENCHMARKS.md)
Prints the mean and best-of-repeats time per step in microseconds, for the full step and for
forward+backward alone, and for the 4x4 add overhead (the DESIGN.md table's first row).
"""
import time

import torch

torch.set_num_threads(2)
torch.manual_seed(1)

BATCH, IN, HIDDEN, CLASSES = 64, 64, 128, 10

x = torch.randn(BATCH, IN)
labels = torch.randint(0, CLASSES, (BATCH,))
model = torch.nn.Sequential(torch.nn.Linear(IN, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, CLASSES))
adam = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()


def step():
    adam.zero_grad()
    loss = loss_fn(model(x), labels)
    loss.backward()
    adam.step()
    return loss.item()


def forward_backward():
    model.zero_grad()
    loss = loss_fn(model(x), labels)
    loss.backward()
    return loss.item()


a4, b4 = torch.rand(4, 4), torch.rand(4, 4)


def add4():
    return a4 + b4


def measure(fn, calls, repeats=7):
    for _ in range(calls):     # warm-up
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls * 1e6)
    return sum(times) / len(times), min(times)


if __name__ == "__main__":
    print("torch", torch.__version__, "threads", torch.get_num_threads())
    for name, fn, calls in (("step", step, 2000), ("forwardBackward", forward_backward, 2000), ("add4x4", add4, 100000)):
        mean, best = measure(fn, calls)
        print(f"{name:16s} mean {mean:8.1f} us   best {best:8.1f} us")
