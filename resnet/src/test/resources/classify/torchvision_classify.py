"""torchvision's side of ClassifyFromTheCommandLineTest: a ResNet-18 with random weights classifies a
PNG this script draws, with torchvision's ImageNet evaluation transform.

Run by the test with Debian's CPU PyTorch (/usr/bin/python3, torch 1.13, torchvision 0.14); nothing is
downloaded. Usage: torchvision_classify.py DIR. Writes DIR/resnet18.pth (torch.save's zip format),
DIR/image.png (320x280 RGB) and DIR/top5.json ({"index": [...], "probability": [...]}).

The transform is torchvision's Resize(256) -> CenterCrop(224) -> Normalize(ImageNet) applied to the
image as a float tensor (to_tensor first), so that the resize is PyTorch's antialiased bilinear
interpolation in floating point; torchvision's PIL path would round to 8 bits after resizing. The
image size keeps the centre crop's margins even (280 -> 256 and 320 -> 292): torchvision rounds an odd
margin's half to even, ours down. The classifier's weights are scaled so that the logits spread over a
few units: with random weights they would be nearly equal, and the top five a matter of rounding.
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F
from PIL import Image

torch.set_num_threads(int(os.environ.get("CLASSICNETS_THREADS", "2")))
out = sys.argv[1]
torch.manual_seed(20261201)
rng = np.random.default_rng(20261201)

h, w = 280, 320
y, x = np.mgrid[0:h, 0:w]
pixels = np.stack([128 + 100 * np.sin(x / 17.0), 128 + 100 * np.cos(y / 23.0), (x + y) % 256], axis=-1)
pixels = np.clip(pixels + rng.normal(0, 20, pixels.shape), 0, 255).astype(np.uint8)
Image.fromarray(pixels, "RGB").save(os.path.join(out, "image.png"))

model = torchvision.models.resnet18().eval()
image = F.to_tensor(Image.open(os.path.join(out, "image.png")).convert("RGB"))
image = F.resize(image, 256, antialias=True)
image = F.center_crop(image, 224)
image = F.normalize(image, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
with torch.no_grad():
    logits = model(image[None])
    scale = 3.0 / logits.std().item()
    model.fc.weight.mul_(scale)
    model.fc.bias.mul_(scale)
    probabilities = torch.softmax(model(image[None]), dim=1)[0]
top = torch.topk(probabilities, 5)
torch.save(model.state_dict(), os.path.join(out, "resnet18.pth"))
with open(os.path.join(out, "top5.json"), "w") as f:
    json.dump({"index": top.indices.tolist(), "probability": top.values.double().tolist(),
               "torch": torch.__version__, "torchvision": torchvision.__version__}, f)
