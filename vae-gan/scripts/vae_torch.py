"""The reference VAE of pytorch/examples (vae/main.py), trained on Fashion-MNIST from Debian's
dataset-fashion-mnist package: 784-400-20, Bernoulli cross-entropy summed over pixels + KL, Adam 1e-3,
batch 128, 10 epochs, pixels in [0, 1]. Prints the test loss per image after every epoch (the number the
example prints) and the seconds of each training epoch, and writes them as JSON (argv[1]).

Run with Debian's python3 (torch 1.13): /usr/bin/python3 vae_torch.py out.json
"""
import gzip
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim

DATA = "/usr/share/datasets/fashion-mnist/"


def idx_images(name):
    with gzip.open(DATA + name) as f:
        raw = f.read()
    n = int.from_bytes(raw[4:8], "big")
    return torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, 784).astype(np.float32) / 255.0)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def loss_function(recon_x, x, mu, logvar):
    bce = F.binary_cross_entropy(recon_x, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


def main():
    torch.set_num_threads(1)
    torch.manual_seed(1)
    train = idx_images("train-images-idx3-ubyte.gz")
    test = idx_images("t10k-images-idx3-ubyte.gz")
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(train), batch_size=128, shuffle=True)
    test_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(test), batch_size=128)
    model = VAE()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"{sum(p.numel() for p in model.parameters()):,} parameters", flush=True)
    opt = optim.Adam(model.parameters(), lr=1e-3)
    epochs = []
    for epoch in range(1, 11):
        model.train()
        start = time.perf_counter()
        train_loss = 0.0
        for (x,) in loader:
            opt.zero_grad()
            recon, mu, logvar = model(x)
            loss = loss_function(recon, x, mu, logvar)
            loss.backward()
            train_loss += loss.item()
            opt.step()
        seconds = time.perf_counter() - start
        model.eval()
        test_loss = 0.0
        with torch.no_grad():
            for (x,) in test_loader:
                recon, mu, logvar = model(x)
                test_loss += loss_function(recon, x, mu, logvar).item()
        test_loss /= len(test)
        print(f"epoch {epoch}: train loss {train_loss / len(train):.4f}, test loss {test_loss:.4f}, "
              f"{seconds:.2f} s", flush=True)
        epochs.append({"epoch": epoch, "train_loss": train_loss / len(train), "test_loss": test_loss,
                       "seconds": seconds})
    with open(sys.argv[1], "w") as f:
        json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "epochs": epochs}, f, indent=1)


if __name__ == "__main__":
    main()
