"""PyTorch's answers for TorchLayersDifferentialTest (DOUBLE precision).

usage: torch_layers.py DIR CASE...
For each CASE, reads DIR/CASE.state.npz (the ndgrad layer's state dict, PyTorch's names) and DIR/CASE.data.npz
(inputs; masks as integer 0/1; r0, r1, ... the weights of each output in the scalar loss L = sum_i sum(out_i * r_i)),
builds the same layer in PyTorch, loads the state dict strictly, runs it in training mode (every dropout is 0; a
CASE ending in _eval in eval mode) and writes DIR/CASE.torch.npz: out0, out1, ... the outputs, grad.NAME the gradient
of L for every parameter, dinput.NAME for every floating input, buffer.NAME every buffer after the forward.
"""
import re
import sys

import numpy as np
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)


def mask(d, key):
    return d[key].bool() if key in d else None


def mha(m, d):
    q = d["query"]
    k, v = d.get("key", q), d.get("value", q)
    out, weights = m(q, k, v, key_padding_mask=mask(d, "key_padding"), attn_mask=attn_mask(d),
                     need_weights=True, average_attn_weights=True)
    return [out, weights]


def attn_mask(d):
    if "additive" in d:
        additive = d["additive"]
        if "blocked" in d:
            blocked = d["blocked"].bool()
            additive = additive.masked_fill(blocked, float("-inf"))
        return additive
    return mask(d, "blocked")


def tel(m, d):
    return [m(d["x"], src_mask=attn_mask(d), src_key_padding_mask=mask(d, "key_padding"))]


def recurrent(m, d):
    x = d["x"]
    if "h0" not in d:
        out, state = m(x)
    elif "c0" in d:
        out, state = m(x, (d["h0"], d["c0"]))
    else:
        out, state = m(x, d["h0"])
    return [out] + (list(state) if isinstance(state, tuple) else [state])


CASES = {
    "embedding": (lambda: nn.Embedding(10, 4, padding_idx=2), lambda m, d: [m(d["indices"])]),
    "embedding_negative_padding": (lambda: nn.Embedding(6, 3, padding_idx=-1), lambda m, d: [m(d["indices"])]),
    "layer_norm": (lambda: nn.LayerNorm([3, 4]), lambda m, d: [m(d["x"])]),
    "layer_norm_plain": (lambda: nn.LayerNorm(5, eps=1e-3, elementwise_affine=False), lambda m, d: [m(d["x"])]),
    "group_norm": (lambda: nn.GroupNorm(2, 6), lambda m, d: [m(d["x"])]),
    "group_norm_2d": (lambda: nn.GroupNorm(3, 3, eps=1e-4), lambda m, d: [m(d["x"])]),
    "rnn": (lambda: nn.RNN(3, 4, num_layers=2, batch_first=True), recurrent),
    "rnn_relu_bidirectional": (lambda: nn.RNN(3, 4, nonlinearity="relu", bidirectional=True), recurrent),
    "lstm": (lambda: nn.LSTM(3, 5, num_layers=2, batch_first=True), recurrent),
    "lstm_bidirectional": (lambda: nn.LSTM(3, 4, num_layers=2, bias=False, batch_first=True, bidirectional=True),
                           recurrent),
    "lstm_unbatched": (lambda: nn.LSTM(2, 3, batch_first=True), recurrent),
    "gru": (lambda: nn.GRU(3, 4, num_layers=2, batch_first=True), recurrent),
    "gru_bidirectional": (lambda: nn.GRU(2, 3, num_layers=2, bidirectional=True), recurrent),
    "mha_self": (lambda: nn.MultiheadAttention(8, 2, batch_first=True), mha),
    "mha_cross": (lambda: nn.MultiheadAttention(6, 3, bias=False, batch_first=True), mha),
    "mha_fully_masked": (lambda: nn.MultiheadAttention(4, 2, batch_first=True), mha),
    "encoder_post_norm": (lambda: nn.TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True), tel),
    "encoder_pre_norm": (lambda: nn.TransformerEncoderLayer(8, 4, 12, 0.0, batch_first=True, norm_first=True), tel),
    "conv2d": (lambda: nn.Conv2d(3, 4, 3), lambda m, d: [m(d["x"])]),
    "conv2d_strided": (lambda: nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2),
                       lambda m, d: [m(d["x"])]),
    "conv2d_depthwise_no_bias": (lambda: nn.Conv2d(3, 6, 2, stride=2, groups=3, bias=False), lambda m, d: [m(d["x"])]),
    "conv2d_unbatched": (lambda: nn.Conv2d(2, 3, 3, padding=1), lambda m, d: [m(d["x"])]),
    "conv1d": (lambda: nn.Conv1d(3, 4, 3, stride=2, padding=1, dilation=2), lambda m, d: [m(d["x"])]),
    "conv1d_grouped": (lambda: nn.Conv1d(4, 2, 2, groups=2, bias=False), lambda m, d: [m(d["x"])]),
    "max_pool": (lambda: nn.MaxPool2d(2), lambda m, d: [m(d["x"])]),
    "max_pool_padded": (lambda: nn.MaxPool2d(3, 2, 1, dilation=2), lambda m, d: [m(d["x"])]),
    "max_pool_ties": (lambda: nn.MaxPool2d(2, 1), lambda m, d: [m(d["x"])]),
    "avg_pool": (lambda: nn.AvgPool2d(2), lambda m, d: [m(d["x"])]),
    "avg_pool_padded": (lambda: nn.AvgPool2d(3, 2, 1), lambda m, d: [m(d["x"])]),
    "avg_pool_exclude_pad": (lambda: nn.AvgPool2d(3, 2, 1, count_include_pad=False), lambda m, d: [m(d["x"])]),
    "avg_pool_divisor": (lambda: nn.AvgPool2d(2, 1, 1, divisor_override=3), lambda m, d: [m(d["x"])]),
    "adaptive_avg_pool": (lambda: nn.AdaptiveAvgPool2d((3, 2)), lambda m, d: [m(d["x"])]),
    "adaptive_avg_pool_global": (lambda: nn.AdaptiveAvgPool2d(1), lambda m, d: [m(d["x"])]),
    "batch_norm_2d": (lambda: nn.BatchNorm2d(3), lambda m, d: [m(d["x"])]),
    "batch_norm_2d_plain": (lambda: nn.BatchNorm2d(3, eps=1e-3, momentum=0.3, affine=False, track_running_stats=False),
                            lambda m, d: [m(d["x"])]),
    "batch_norm_2d_eval": (lambda: nn.BatchNorm2d(3), lambda m, d: [m(d["x"])]),
    "batch_norm_1d_sequence": (lambda: nn.BatchNorm1d(4), lambda m, d: [m(d["x"])]),
    "cnn": (lambda: nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                                  nn.Conv2d(4, 8, 3), nn.GELU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 3)),
            lambda m, d: [m(d["x"])]),
    "activations": (lambda: nn.Sequential(nn.GELU(approximate="tanh"), nn.SiLU(), nn.ELU(0.5)),
                    lambda m, d: [m(d["x"])]),
}

directory = sys.argv[1]
for name in sys.argv[2:]:
    make, run = CASES[name]
    with np.load(f"{directory}/{name}.state.npz") as z:
        state = {k: torch.from_numpy(z[k]) for k in z.files}
    with np.load(f"{directory}/{name}.data.npz") as z:
        data = {k: torch.from_numpy(z[k]) for k in z.files}
    model = make()
    model.load_state_dict(state, strict=True)
    model.eval() if name.endswith("_eval") else model.train()
    floats = {k: v.requires_grad_(True) for k, v in data.items()
              if v.is_floating_point() and not re.fullmatch(r"r\d+", k) and k != "additive"}
    outputs = run(model, data)
    loss = sum((o * data[f"r{i}"]).nansum() for i, o in enumerate(outputs))
    loss.backward()
    out = {f"out{i}": o.detach().numpy() for i, o in enumerate(outputs)}
    for p_name, p in model.named_parameters():
        out["grad." + p_name] = p.grad.numpy() if p.grad is not None else np.zeros(p.shape)
    for k, v in floats.items():
        out["dinput." + k] = v.grad.numpy()
    for b_name, b in model.named_buffers():
        out["buffer." + b_name] = b.detach().numpy()
    np.savez(f"{directory}/{name}.torch.npz", **out)
