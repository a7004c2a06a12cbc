"""Writes frechet_reference.json: feature sets and their Frechet distance as torch computes it.

Run with Debian's python3 (numpy + torch): /usr/bin/python3 frechet_reference.py
The distance is |m1 - m2|^2 + tr(S1) + tr(S2) - 2 tr(sqrtm(S1 S2)), with tr(sqrtm(S1 S2)) the sum of the
square roots of the (general, complex) eigenvalues of S1 @ S2 in float64: a different route from the Java
code's (two symmetric eigen-decompositions), so agreement checks the algebra as well as the numbers.
"""
import json

import numpy as np
import torch

rng = np.random.default_rng(2016)


def frechet(a, b):
    a = torch.tensor(a, dtype=torch.float64)
    b = torch.tensor(b, dtype=torch.float64)
    m1, m2 = a.mean(0), b.mean(0)
    s1, s2 = torch.cov(a.T), torch.cov(b.T)
    eig = torch.linalg.eigvals(s1 @ s2)
    tr_sqrt = torch.sqrt(eig).real.sum()
    return float(((m1 - m2) ** 2).sum() + torch.trace(s1) + torch.trace(s2) - 2 * tr_sqrt)


cases = []
# 1: different means and correlated covariances, more samples than dimensions
a = rng.normal(size=(40, 5)) @ rng.normal(size=(5, 5))
b = rng.normal(size=(30, 5)) @ rng.normal(size=(5, 5)) + np.array([1.0, -2.0, 0.5, 0.0, 3.0])
cases.append(("correlated", a, b))
# 2: fewer samples than dimensions: singular covariances
a = rng.normal(size=(8, 12)) * 2.0
b = rng.normal(size=(9, 12)) + 0.3
cases.append(("rank_deficient", a, b))
# 3: a feature-like set (non-negative, as after a ReLU) of 32 dimensions against a shifted copy
a = np.maximum(rng.normal(size=(200, 32)) @ rng.normal(size=(32, 32)) * 0.3, 0)
b = np.maximum(rng.normal(size=(150, 32)) @ rng.normal(size=(32, 32)) * 0.3 + 0.2, 0)
cases.append(("relu_features", a, b))
# 4: a set against itself: 0 up to rounding
cases.append(("identical", a, a.copy()))

out = {"torch": torch.__version__, "numpy": np.__version__, "cases": [
    {"name": n, "a": np.round(x, 6).tolist(), "b": np.round(y, 6).tolist(),
     "distance": frechet(np.round(x, 6), np.round(y, 6))} for n, x, y in cases]}
with open("frechet_reference.json", "w") as f:
    json.dump(out, f)
for c in out["cases"]:
    print(c["name"], c["distance"])
