"""Reference values for common's segmentation losses (SegmentationLossesTest), written once by
Debian's PyTorch: /usr/bin/python3 torch_reference.py > torch_reference.json

Cross-entropy is torch.nn.functional.cross_entropy itself (class axis 1, class weights, ignore_index);
the Tversky family (Dice, Jaccard) has no torch function, so it is written out from its definition.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, K, H, W = 2, 4, 5, 6
IGNORE = 255
logits = torch.randn(N, K, H, W, dtype=torch.float64)
labels = torch.randint(0, K, (N, H, W))
ignored = labels.clone()
ignored[0, 0, :3] = IGNORE
ignored[1, 4, 2] = IGNORE
weights = torch.tensor([0.5, 1.0, 2.0, 1.5], dtype=torch.float64)


def tversky(x, y, alpha, beta, smooth=1.0, ignore=None):
    p = x.softmax(1)
    valid = torch.ones_like(y, dtype=x.dtype) if ignore is None else (y != ignore).to(x.dtype)
    g = F.one_hot(torch.where(y == IGNORE, 0, y), K).permute(0, 3, 1, 2).to(x.dtype) * valid[:, None]
    p = p * valid[:, None]
    tp = (p * g).sum((0, 2, 3))
    fp = p.sum((0, 2, 3)) - tp
    fn = g.sum((0, 2, 3)) - tp
    return 1 - ((tp + smooth) / (tp + alpha * fp + beta * fn + smooth)).mean()


out = {"shape": [N, K, H, W], "ignore_index": IGNORE, "logits": logits.flatten().tolist(),
       "labels": labels.flatten().tolist(), "labels_with_ignored": ignored.flatten().tolist(),
       "class_weights": weights.tolist()}
out["ce"] = F.cross_entropy(logits, labels).item()
x = logits.clone().requires_grad_(True)
ce = F.cross_entropy(x, ignored, weight=weights, ignore_index=IGNORE)
ce.backward()
out["ce_weighted_ignored"] = ce.item()
out["ce_weighted_ignored_grad"] = x.grad.flatten().tolist()
out["dice_ignored"] = tversky(logits, ignored, 0.5, 0.5, ignore=IGNORE).item()
out["jaccard"] = tversky(logits, labels, 1.0, 1.0).item()
out["tversky_0.3_0.7"] = tversky(logits, labels, 0.3, 0.7).item()
out["ce_plus_half_dice"] = out["ce"] + 0.5 * tversky(logits, labels, 0.5, 0.5).item()
print(json.dumps(out, indent=1))
