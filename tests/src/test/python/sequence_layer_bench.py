"""PyTorch reference for SequenceLayerBenchmark: forward and backward, float32, of a one-layer LSTM (batch 32,
SEQ steps, 32 -> 128) and a causal transformer encoder block (batch 32, SEQ positions, d_model 64, 4 heads,
feed-forward 128, no dropout), the loss being the sum of the outputs.

Run: /usr/bin/python3 tests/src/test/python/sequence_layer_bench.py [THREADS]   (see BENCHMARKS.md)
Prints the mean and best-of-repeats time per forward+backward in milliseconds for SEQ = 16 and 64.
"""
import sys

import torch

from mlp_step_bench import measure   # mean and best per call, in µs

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(1)
BATCH = 32


if __name__ == "__main__":
    print("torch", torch.__version__, "threads", torch.get_num_threads())
    for seq in (16, 64):
        lstm = torch.nn.LSTM(32, 128, batch_first=True)
        x = torch.randn(BATCH, seq, 32, requires_grad=True)
        encoder = torch.nn.TransformerEncoderLayer(64, 4, 128, 0.0, batch_first=True)
        e = torch.randn(BATCH, seq, 64, requires_grad=True)
        mask = torch.triu(torch.ones(seq, seq, dtype=torch.bool), diagonal=1)

        def lstm_step():
            lstm.zero_grad()
            x.grad = None
            loss = lstm(x)[0].sum()
            loss.backward()
            return loss.item()

        def encoder_step():
            encoder.zero_grad()
            e.grad = None
            loss = encoder(e, src_mask=mask).sum()
            loss.backward()
            return loss.item()

        for name, fn in (("lstmForwardBackward", lstm_step), ("encoderForwardBackward", encoder_step)):
            mean, best = measure(fn, 20, 5)
            print(f"{name} seq={seq}: mean {mean / 1e3:.2f} ms, best {best / 1e3:.2f} ms")
