"""Writes torchvision's state-dict (key, shape) lists that the Java mapping tests compare with.

Run once with Debian's CPU PyTorch (no weights are downloaded; init_weights is irrelevant to
names and shapes):  /usr/bin/python3 state_dict_keys.py
Each <model>.txt holds one "key<TAB>d0,d1,..." line per state-dict entry, after a header line with
the multiply-adds of every Conv2d and Linear for one 3x224x224 image in eval mode, which tests use
to check our counter (MultiplyAdds) against an independent one.
"""
import os

import torch
import torchvision


def conv_linear_macs(model):
    total = 0

    def hook(module, inputs, output):
        nonlocal total
        per_output = module.weight[0].numel()  # in/groups * kh * kw, or in_features
        total += output[0].numel() * per_output

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    for h in handles:
        h.remove()
    return total


def write(name, model, folder):
    with open(os.path.join(folder, name + ".txt"), "w") as f:
        f.write("# torchvision %s, conv+linear multiply-adds at 1x3x224x224: %d\n"
                % (torchvision.__version__, conv_linear_macs(model)))
        for key, value in model.state_dict().items():
            f.write("%s\t%s\n" % (key, ",".join(str(d) for d in value.shape)))


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for aux in (False, True):
        # init_weights=False skips scipy's slow truncated normal; names and shapes do not change.
        model = torchvision.models.googlenet(aux_logits=aux, init_weights=False)
        write("googlenet" + ("_aux" if aux else ""), model, here)
