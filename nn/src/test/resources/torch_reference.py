"""PyTorch's answers for TorchDifferentialTest (DOUBLE precision).

usage: torch_reference.py DIR
Reads DIR/model.npz (the ndgrad model's state dict, PyTorch names) and DIR/data.npz (the batch and the
loss inputs), and writes DIR/torch.npz with PyTorch's loss, gradients and batch-norm buffers.
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F

directory = sys.argv[1]
torch.set_default_dtype(torch.float64)
with np.load(f"{directory}/model.npz") as z:
    state = {k: torch.from_numpy(z[k]) for k in z.files}
with np.load(f"{directory}/data.npz") as z:
    data = {k: torch.from_numpy(z[k]) for k in z.files}

# The same architecture as the Java side: Linear-BatchNorm-ReLU-Linear-Tanh-Linear.
model = torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.BatchNorm1d(7), torch.nn.ReLU(),
                            torch.nn.Linear(7, 6), torch.nn.Tanh(), torch.nn.Linear(6, 4))
model.load_state_dict(state, strict=True)
model.train()

x, y = data["x"], data["y"]
lam, m = float(data["lambda"]), x.shape[0]
logits = model(x)
l2 = lam / (2 * m) * sum((p ** 2).sum() for p in model.parameters() if p.dim() >= 2)
loss = F.cross_entropy(logits, y) + l2
loss.backward()

out = {"loss": loss.detach().numpy()}
for name, p in model.named_parameters():
    out["grad." + name] = p.grad.numpy()
for name, b in model.named_buffers():
    out["buffer." + name] = b.numpy()

# Each loss on the same logits z, with its gradient dz.
z, t, yb, probs, classes = data["z"], data["t"], data["yb"], data["probs"], data["classes"]
losses = {
    "mse": lambda v: F.mse_loss(v, t),
    "bce": lambda v: F.binary_cross_entropy(torch.sigmoid(v), yb),
    "bce_logits": lambda v: F.binary_cross_entropy_with_logits(v, yb),
    "ce": lambda v: F.cross_entropy(v, classes),
    "ce_sum": lambda v: F.cross_entropy(v, classes, reduction="sum"),
    "ce_probs": lambda v: F.cross_entropy(v, probs),
    "nll": lambda v: F.nll_loss(F.log_softmax(v, dim=1), classes),
}
for name, f in losses.items():
    v = z.clone().requires_grad_(True)
    value = f(v)
    value.backward()
    out["loss." + name] = value.detach().numpy()
    out["dz." + name] = v.grad.numpy()
np.savez(f"{directory}/torch.npz", **out)
