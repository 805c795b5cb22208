"""Reads an .npz written by ndgrad with numpy.load and writes it back three ways, for NpyFormatTest.

usage: npz_roundtrip.py IN.npz OUT_DIR
  OUT_DIR/plain.npz       numpy.savez               (stored entries, as ndgrad writes)
  OUT_DIR/compressed.npz  numpy.savez_compressed    (deflated entries)
  OUT_DIR/fortran.npz     Fortran-ordered, big-endian copies (the reader's other layouts)
Prints one line per array: key, dtype, shape, and the sum of its values (checked by the test).
"""
import os
import sys

import numpy as np

src, out = sys.argv[1], sys.argv[2]
with np.load(src) as z:
    arrays = {k: z[k] for k in z.files}
for k, a in arrays.items():
    print(f"{k} {a.dtype.str} {list(a.shape)} {float(a.sum()):.17g}")
np.savez(os.path.join(out, "plain.npz"), **arrays)
np.savez_compressed(os.path.join(out, "compressed.npz"), **arrays)


def fortran_big_endian(a):
    b = a.astype(a.dtype.newbyteorder(">"))
    return np.asfortranarray(b) if b.ndim >= 2 else b  # asfortranarray would turn a 0-d array into 1-d


np.savez(os.path.join(out, "fortran.npz"), **{k: fortran_big_endian(a) for k, a in arrays.items()})
