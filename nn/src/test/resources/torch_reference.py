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
sparse, pos_weight = data["sparse_probs"], data["pos_weight"]
losses = {
    "mse": lambda v: F.mse_loss(v, t),
    "bce": lambda v: F.binary_cross_entropy(torch.sigmoid(v), yb),
    "bce_logits": lambda v: F.binary_cross_entropy_with_logits(v, yb),
    "ce": lambda v: F.cross_entropy(v, classes),
    "ce_sum": lambda v: F.cross_entropy(v, classes, reduction="sum"),
    "ce_probs": lambda v: F.cross_entropy(v, probs),
    "nll": lambda v: F.nll_loss(F.log_softmax(v, dim=1), classes),
    "l1": lambda v: F.l1_loss(v, t),
    "huber": lambda v: F.huber_loss(v, t),
    "huber_0.7_sum": lambda v: F.huber_loss(v, t, delta=0.7, reduction="sum"),
    "smooth_l1": lambda v: F.smooth_l1_loss(v, t),
    "smooth_l1_0.5": lambda v: F.smooth_l1_loss(v, t, beta=0.5),
    "smooth_l1_0_sum": lambda v: F.smooth_l1_loss(v, t, beta=0.0, reduction="sum"),
    "kl_batchmean": lambda v: F.kl_div(F.log_softmax(v, dim=1), sparse, reduction="batchmean"),
    "kl_mean": lambda v: F.kl_div(F.log_softmax(v, dim=1), probs, reduction="mean"),
    "kl_none": lambda v: (F.kl_div(F.log_softmax(v, dim=1), sparse, reduction="none") * t).sum(),
    "kl_log_target": lambda v: F.kl_div(F.log_softmax(v, dim=1), probs.log(), reduction="sum", log_target=True),
    "bce_logits_pos_weight": lambda v: F.binary_cross_entropy_with_logits(v, yb, pos_weight=pos_weight),
    "bce_logits_pos_weight_none": lambda v: (F.binary_cross_entropy_with_logits(v, yb, pos_weight=pos_weight,
                                                                               reduction="none") * t).sum(),
    "ce_smoothing": lambda v: F.cross_entropy(v, classes, label_smoothing=0.1),
    "ce_smoothing_sum": lambda v: F.cross_entropy(v, classes, label_smoothing=0.3, reduction="sum"),
    "ce_smoothing_none": lambda v: (F.cross_entropy(v, classes, label_smoothing=0.2, reduction="none") * t[:, 0]).sum(),
    "ce_probs_smoothing": lambda v: F.cross_entropy(v, probs, label_smoothing=0.25),
}
for name, f in losses.items():
    v = z.clone().requires_grad_(True)
    value = f(v)
    value.backward()
    out["loss." + name] = value.detach().numpy()
    out["dz." + name] = v.grad.numpy()
np.savez(f"{directory}/torch.npz", **out)
