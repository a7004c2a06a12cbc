"""PyTorch replicas of the networks the benchmark times, layer for layer as ClassicNets builds them.

torchvision's own models stand for the networks whose names and weights we share (alexnet, vgg11,
googlenet, resnet18, resnet50); the networks of the cpu presets and LeNet-5 are written out here. The
Java side sends its trainable parameter count and torch_peer.py refuses a replica whose count differs,
so a replica cannot drift from the network it stands for without the benchmark saying so.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


def lenet5(classes, channels):
    """LeNet5 (modern): ReLU, max pooling, 28x28 with C1 padded by 2."""
    return nn.Sequential(
        nn.Conv2d(channels, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(16, 120, 5), nn.ReLU(), nn.Flatten(),
        nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, classes))


class _CifarBlock(nn.Module):
    """ResNet's basic block with the paper's option A shortcut (subsample, then zero channels)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.stride, self.extra = stride, cout - cin

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x[:, :, ::self.stride, ::self.stride] if self.stride > 1 else x
        if self.extra > 0:
            shortcut = F.pad(shortcut, (0, 0, 0, 0, 0, self.extra))
        return F.relu(out + shortcut)


def resnet_cifar(depth):
    """ResNet-(6n+2) of section 4.2: 3x3 stem, stages of 16/32/64 channels, option A shortcuts."""
    n = (depth - 2) // 6

    def build(classes, channels):
        layers = [nn.Conv2d(channels, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
        cin = 16
        for stage, width in enumerate((16, 32, 64)):
            for i in range(n):
                layers.append(_CifarBlock(cin, width, 2 if stage > 0 and i == 0 else 1))
                cin = width
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes)]
        return nn.Sequential(*layers)
    return build


def alexnet_cpu(classes, channels):
    """The AlexNet cpu preset: the paper's two towers (2-group conv2/4/5, LRN) at width 0.5, a 1x1
    adaptive pool, fc 1024, no dropout."""
    lrn = lambda: nn.LocalResponseNorm(5, alpha=5 * 1e-4, beta=0.75, k=2.0)  # the paper's alpha, per element
    pool = lambda: nn.MaxPool2d(3, 2)
    return nn.Sequential(
        nn.Conv2d(channels, 48, 11, 4), nn.ReLU(), lrn(), pool(),
        nn.Conv2d(48, 128, 5, 1, 2, groups=2), nn.ReLU(), lrn(), pool(),
        nn.Conv2d(128, 192, 3, 1, 1), nn.ReLU(),
        nn.Conv2d(192, 192, 3, 1, 1, groups=2), nn.ReLU(),
        nn.Conv2d(192, 128, 3, 1, 1, groups=2), nn.ReLU(), pool(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(128, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, classes))


def vgg_a_bn_cpu(classes, channels):
    """The VGG cpu preset: configuration A with batch norm at width 0.25, a 1x1 adaptive pool, fc 256,
    dropout 0.5."""
    layers, cin = [], channels
    for v in (16, "M", 32, "M", 64, 64, "M", 128, 128, "M", 128, 128, "M"):
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(cin, v, 3, padding=1), nn.BatchNorm2d(v), nn.ReLU()]
            cin = v
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Linear(128, 256), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, classes))


def googlenet(classes, channels):
    """torchvision's GoogLeNet without auxiliary heads or transform_input; the stem takes `channels`."""
    net = torchvision.models.googlenet(num_classes=classes, aux_logits=False, transform_input=False,
                                       init_weights=True)
    if channels != 3:
        net.conv1.conv = nn.Conv2d(channels, 64, 7, 2, 3, bias=False)
    return net


def _double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                         nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


class _UNet(nn.Module):
    """The unet cpu preset's network: padded, depth 4, base width 16, batch norm after bias-free 3x3
    convolutions, 2x2 stride-2 transposed convolutions, a 1x1 output convolution."""

    def __init__(self, classes, channels, base=16, depth=4):
        super().__init__()
        widths = [base << level for level in range(depth + 1)]
        self.inc = _double_conv(channels, widths[0])
        self.downs = nn.ModuleList(nn.Sequential(nn.MaxPool2d(2), _double_conv(widths[l - 1], widths[l]))
                                   for l in range(1, depth + 1))
        self.ups = nn.ModuleList(nn.ConvTranspose2d(widths[l + 1], widths[l], 2, stride=2)
                                 for l in reversed(range(depth)))
        self.convs = nn.ModuleList(_double_conv(2 * widths[l], widths[l]) for l in reversed(range(depth)))
        self.outc = nn.Conv2d(widths[0], classes, 1)

    def forward(self, x):
        skips = []
        x = self.inc(x)
        for down in self.downs:
            skips.append(x)
            x = down(x)
        for up, conv in zip(self.ups, self.convs):
            x = conv(torch.cat([skips.pop(), up(x)], 1))
        return self.outc(x)


def dcgan(nz=100, filters=16, channels=1):
    """The dcgan cpu preset's networks at 32x32 (pytorch/examples dcgan/main.py with ngf = ndf = 16 and one
    doubling fewer): bias-free 4x4 (transposed) convolutions, batch norm, the discriminator ending in a logit."""
    g = nn.Sequential(
        nn.ConvTranspose2d(nz, filters * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(filters * 4), nn.ReLU(),
        nn.ConvTranspose2d(filters * 4, filters * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(filters * 2), nn.ReLU(),
        nn.ConvTranspose2d(filters * 2, filters, 4, 2, 1, bias=False), nn.BatchNorm2d(filters), nn.ReLU(),
        nn.ConvTranspose2d(filters, channels, 4, 2, 1, bias=False), nn.Tanh())
    d = nn.Sequential(
        nn.Conv2d(channels, filters, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
        nn.Conv2d(filters, filters * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(filters * 2), nn.LeakyReLU(0.2),
        nn.Conv2d(filters * 2, filters * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(filters * 4), nn.LeakyReLU(0.2),
        nn.Conv2d(filters * 4, 1, 4, 1, 0, bias=False), nn.Flatten())
    return g, d


class _Vae(nn.Module):
    """pytorch/examples vae/main.py (784-400-20) or the conv-VAE of the conv-vae cpu preset (latent 16):
    the encoder gives (mu, logvar), the decoder logits."""

    def __init__(self, conv, latent):
        super().__init__()
        self.latent = latent
        if conv:
            self.encoder = nn.Sequential(nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(),
                                         nn.Flatten(), nn.Linear(64 * 49, 256), nn.ReLU(), nn.Linear(256, 2 * latent))
            self.decoder = nn.Sequential(nn.Linear(latent, 256), nn.ReLU(), nn.Linear(256, 64 * 49), nn.ReLU(),
                                         nn.Unflatten(1, (64, 7, 7)), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
                                         nn.ConvTranspose2d(32, 1, 4, 2, 1))
        else:
            self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(784, 400), nn.ReLU(), nn.Linear(400, 2 * latent))
            self.decoder = nn.Sequential(nn.Linear(latent, 400), nn.ReLU(), nn.Linear(400, 784),
                                         nn.Unflatten(1, (1, 28, 28)))

    def forward(self, x):
        h = self.encoder(x)
        mu, logvar = h[:, :self.latent], h[:, self.latent:]
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decoder(z), mu, logvar


GENERATIVE = {
    "vae": lambda: _Vae(False, 20),
    "conv-vae": lambda: _Vae(True, 16),
}


def _torchvision(name):
    return lambda classes, channels: getattr(torchvision.models, name)(num_classes=classes)


NETWORKS = {
    "lenet5": lenet5,
    "resnet20": resnet_cifar(20),
    "alexnet-cpu": alexnet_cpu,
    "vgg-a-bn-cpu": vgg_a_bn_cpu,
    "googlenet": googlenet,
    "unet": _UNet,
    "alexnet": _torchvision("alexnet"),
    "vgg11": _torchvision("vgg11"),
    "resnet18": _torchvision("resnet18"),
    "resnet50": _torchvision("resnet50"),
}


def build(name, classes, channels):
    if name not in NETWORKS:
        raise SystemExit(f"no PyTorch replica of '{name}'; replicas: {', '.join(NETWORKS)}")
    return NETWORKS[name](classes, channels)


def trainable(net):
    return sum(p.numel() for p in net.parameters() if p.requires_grad)
