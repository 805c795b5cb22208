"""PyTorch's answers for TorchLayersDifferentialTest (DOUBLE precision).

usage: torch_layers.py DIR CASE...
For each CASE, reads DIR/CASE.state.npz (the ndgrad layer's state dict, PyTorch's names) and DIR/CASE.data.npz
(inputs; masks as integer 0/1; r0, r1, ... the weights of each output in the scalar loss L = sum_i sum(out_i * r_i)),
builds the same layer in PyTorch, loads the state dict strictly, runs it in training mode (every dropout is 0)
and writes DIR/CASE.torch.npz: out0, out1, ... the outputs, grad.NAME the gradient of L for every parameter,
dinput.NAME for every floating input.
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
    model.train()
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
    np.savez(f"{directory}/{name}.torch.npz", **out)
