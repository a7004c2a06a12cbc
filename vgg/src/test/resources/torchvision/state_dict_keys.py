"""Writes the (key, shape) list of torchvision models' state dicts, one <name>.txt per model.

The Java tests compare our parameter names and shapes against these lists, so they run without
Python. Regenerate with Debian's CPU PyTorch (random init, nothing downloaded):

    /usr/bin/python3 state_dict_keys.py vgg11 vgg11_bn vgg13 vgg13_bn vgg16 vgg16_bn vgg19 vgg19_bn
"""
import os
import sys

import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))

for name in sys.argv[1:]:
    model = getattr(torchvision.models, name)(weights=None)
    with open(os.path.join(HERE, name + ".txt"), "w") as out:
        out.write(f"# torchvision {torchvision.__version__} (torch {torch.__version__}) "
                  f"models.{name}() state_dict: key, then the dimensions of its tensor\n")
        for key, tensor in model.state_dict().items():
            out.write(" ".join([key] + [str(d) for d in tensor.shape]) + "\n")
