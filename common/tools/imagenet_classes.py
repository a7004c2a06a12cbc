"""Writes ImageNet's 1000 class names, in torchvision's order (one a line), to the resource the
classifiers read: common/src/main/resources/dev/classicnets/common/task/imagenet_classes.txt.
Offline: torchvision keeps them in the weights' metadata. Run with Debian's python3 (torchvision 0.14):
    /usr/bin/python3 common/tools/imagenet_classes.py
"""
import pathlib

import torchvision

names = torchvision.models.ResNet50_Weights.IMAGENET1K_V1.meta["categories"]
assert len(names) == 1000 and all("\n" not in n for n in names)
out = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/dev/classicnets/common/task/imagenet_classes.txt"
out.write_text("".join(n + "\n" for n in names), encoding="utf-8")
print(f"wrote {len(names)} names to {out}")
