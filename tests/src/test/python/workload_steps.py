"""PyTorch twin of WorkloadBenchmark: the same three training steps (forward, loss, backward, plain SGD), float32.

Run: OPENBLAS_NUM_THREADS=T /usr/bin/python3 tests/src/test/python/workload_steps.py T [rounds] [workload...]
(scripts/bench-workloads runs it beside the Java harness). Prints per workload the lower pass mean in µs per step,
wall clock and this thread's CPU time (meaningful at one thread), and the loss.

PyTorch from Debian's python3-torch uses the system BLAS: install libopenblas0-pthread, or its matrix products
run on the reference BLAS, about 20 times slower.
"""
import sys
import time

import torch

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
WORKLOADS = sys.argv[3:] or ["mlp", "tiny", "deep"]
LR = 0.01

torch.set_num_threads(THREADS)
torch.manual_seed(0)


def model(kind):
    if kind == "mlp":
        widths, act, binary, batch = [784, 256, 128, 10], torch.nn.ReLU, False, 128
    elif kind == "tiny":
        widths, act, binary, batch = [2, 4, 1], torch.nn.Tanh, True, 400
    else:
        widths, act, binary, batch = [64] * 11 + [10], torch.nn.ReLU, False, 64
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(act())
    if binary:
        layers.append(torch.nn.Sigmoid())
    net = torch.nn.Sequential(*layers)
    x = torch.randn(batch, widths[0])
    if binary:
        y = (torch.rand(batch, 1) > 0.5).float()
        loss_fn = torch.nn.BCELoss()
    else:
        y = torch.randint(0, widths[-1], (batch,))
        loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    state = {}

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        state["loss"] = loss.item()

    return step, state


for kind in WORKLOADS:
    step, state = model(kind)
    per_pass = 200 if kind == "mlp" else 1000
    for _ in range(2 * per_pass):
        step()
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(ROUNDS):
        wall, cpu = time.perf_counter(), time.thread_time()
        for _ in range(per_pass):
            step()
        best_wall = min(best_wall, (time.perf_counter() - wall) / per_pass * 1e6)
        best_cpu = min(best_cpu, (time.thread_time() - cpu) / per_pass * 1e6)
    print("%s torch %.1f cpu=%.1f loss=%.5f" % (kind, best_wall, best_cpu, state["loss"]))
