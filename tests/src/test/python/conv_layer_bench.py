"""PyTorch reference for ConvLayerBenchmark: forward and backward, float32, batch 64, of a 3x3 convolution
1 -> 32 channels on 28x28 (padding 1), one 32 -> 64 on 14x14, 2x2 max pooling and batch norm over 32 x 28x28 maps,
the loss being the sum of the outputs; and the whole network (the two convolutions, each followed by ReLU and 2x2
max pooling, then 3136 -> 128 -> 10 with ReLU, cross-entropy): one training step without the optimizer.

Run: /usr/bin/python3 tests/src/test/python/conv_layer_bench.py [THREADS]   (see BENCHMARKS.md)
Prints the mean and best-of-repeats time per forward+backward in milliseconds.
"""
import sys

import torch

from mlp_step_bench import measure   # mean and best per call, in µs

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(1)
BATCH = 64


def step(module, x):
    def run():
        module.zero_grad()
        x.grad = None
        loss = module(x).sum()
        loss.backward()
        return loss.item()
    return run


if __name__ == "__main__":
    print("torch", torch.__version__, "threads", torch.get_num_threads())
    images = torch.randn(BATCH, 1, 28, 28, requires_grad=True)
    maps = torch.randn(BATCH, 32, 14, 14, requires_grad=True)
    features = torch.randn(BATCH, 32, 28, 28, requires_grad=True)
    for name, module, x in (("conv1ForwardBackward", torch.nn.Conv2d(1, 32, 3, padding=1), images),
                            ("conv2ForwardBackward", torch.nn.Conv2d(32, 64, 3, padding=1), maps),
                            ("maxPoolForwardBackward", torch.nn.MaxPool2d(2), features),
                            ("batchNormForwardBackward", torch.nn.BatchNorm2d(32), features)):
        mean, best = measure(step(module, x), 20, 5)
        print(f"{name}: mean {mean / 1e3:.2f} ms, best {best / 1e3:.2f} ms")
    nn = torch.nn
    cnn = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1),
                        nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
                        nn.Linear(128, 10))
    plain = images.detach()
    labels = torch.randint(0, 10, (BATCH,))

    def cnn_step():
        cnn.zero_grad()
        loss = nn.functional.cross_entropy(cnn(plain), labels)
        loss.backward()
        return loss.item()

    mean, best = measure(cnn_step, 20, 5)
    print(f"cnnForwardBackward: mean {mean / 1e3:.2f} ms, best {best / 1e3:.2f} ms")
