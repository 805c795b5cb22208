"""Evaluates ndgrad's random graphs (RandomGraphs) in PyTorch, in float64: every value, the loss, the gradient of
the loss with respect to each variable, and the Hessian-vector product with the given vectors.

Usage: torch_graphs.py graphs.json results.npz

graphs.json holds {"graphs": [graph, ...]}; a graph holds "values" (each a variable, constant or index leaf with its
shape and values, or a step with its PyTorch expression over earlier values v0, v1, ... and whether it runs under
no_grad), "sinks" (the loss is the sum over sinks of (v_id * weights).sum()) and "vectors" (one per variable).
results.npz holds, for graph k, g{k}_v{id} for every step, g{k}_loss, g{k}_grad{j} and g{k}_hvp{j} for variable j.
"""
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F  # noqa: F401 (the expressions use it)


# Helpers for the few ndgrad ops whose PyTorch spelling is not one call.

def sum_axes(x, axes, keep):
    """ndgrad's sum over a set of axes: over none, a copy (NumPy's convention; PyTorch's sum(dim=()) sums all)."""
    return x.clone() if len(axes) == 0 else x.sum(dim=axes, keepdim=keep)


def mean_axes(x, axes, keep):
    return x.clone() if len(axes) == 0 else x.mean(dim=axes, keepdim=keep)


def flatten2d(x):
    """ndgrad's flatten: [batch, ...] to [batch, features], a scalar to [1, 1]."""
    if x.dim() == 0:
        return x.reshape(1, 1)
    return x.reshape(x.shape[0], math.prod(x.shape[1:]))


def sum_to_shape(x, shape):
    """The sum over the axes broadcasting added, down to shape."""
    lead = x.dim() - len(shape)
    axes = list(range(lead)) + [lead + i for i, d in enumerate(shape) if d == 1 and x.shape[lead + i] != 1]
    summed = x.sum(dim=axes, keepdim=True) if axes else x
    return summed.reshape(shape)


def binary_cross_entropy(a, t):
    """ndgrad's binary cross-entropy per element, -(t ln a + (1 - t) ln(1 - a)) (its probabilities stay inside (0, 1),
    where the clamp to [eps, 1] does nothing); written out because F.binary_cross_entropy has no gradient for t."""
    return -(t * torch.log(a) + (1 - t) * torch.log(1 - a))


def matmul_t(a, b, ta, tb):
    return torch.matmul(a.transpose(-2, -1) if ta else a, b.transpose(-2, -1) if tb else b)


def array(t):
    """A tensor's values as a numpy array of its own. clone() first: PyTorch 1.13 returns some zero gradients as
    "efficient zero tensors" without storage, whose numpy() reads whatever memory is there."""
    return t.detach().clone().double().numpy()


def tensor(spec, dtype):
    return torch.tensor(spec["values"], dtype=dtype).reshape(spec["shape"])


def run(graph, key, out):
    env = {}
    variables = []
    scope = dict(globals())
    for i, value in enumerate(graph["values"]):
        kind = value["kind"]
        if kind == "variable":
            t = tensor(value, torch.float64).requires_grad_(True)
            variables.append(t)
        elif kind == "constant":
            t = tensor(value, torch.float64)
        elif kind == "index":
            t = tensor(value, torch.long)
        elif value["no_grad"]:
            with torch.no_grad():
                t = eval(value["expr"], scope, env)
        else:
            t = eval(value["expr"], scope, env)
        env["v%d" % i] = t
        if kind == "step":
            out["%s_v%d" % (key, i)] = array(t)
    loss = torch.zeros((), dtype=torch.float64)
    for sink in graph["sinks"]:
        t = env["v%d" % sink["id"]]
        loss = loss + (t * torch.tensor(sink["weights"], dtype=torch.float64).reshape(t.shape)).sum()
    out[key + "_loss"] = array(loss)
    if not variables:
        return
    if loss.requires_grad:
        grads = torch.autograd.grad(loss, variables, create_graph=True, allow_unused=True)
    else:
        grads = [None] * len(variables)
    grads = [torch.zeros_like(x) if g is None else g for g, x in zip(grads, variables)]
    vectors = [torch.tensor(v, dtype=torch.float64).reshape(x.shape) for v, x in zip(graph["vectors"], variables)]
    dot = sum((g * v).sum() for g, v in zip(grads, vectors))
    if dot.requires_grad:
        hvps = torch.autograd.grad(dot, variables, allow_unused=True)
    else:
        hvps = [None] * len(variables)
    for j, (x, g, h) in enumerate(zip(variables, grads, hvps)):
        out["%s_grad%d" % (key, j)] = array(g)
        out["%s_hvp%d" % (key, j)] = array(torch.zeros_like(x) if h is None else h)


def main():
    with open(sys.argv[1]) as f:
        graphs = json.load(f)["graphs"]
    out = {}
    for k, graph in enumerate(graphs):
        key = "g%d" % k
        try:
            run(graph, key, out)
        except Exception as e:  # one graph PyTorch refuses must not hide the others: report it by name
            out[key + "_error"] = np.array([ord(c) for c in "%s: %s" % (type(e).__name__, e)], dtype=np.int64)
    np.savez(sys.argv[2], **out)


if __name__ == "__main__":
    main()
