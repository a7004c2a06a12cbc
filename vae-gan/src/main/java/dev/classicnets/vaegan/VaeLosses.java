package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.classicnets.common.nn.Arithmetic;

/** The VAE's loss terms, each summed over an image and over the batch (divide by N for per-image means). */
final class VaeLosses {
    private VaeLosses() {}

    /** How the decoder's per-pixel outputs are scored against the image. */
    enum Reconstruction {
        /** Bernoulli cross-entropy on logits, summed over pixels (the reference example's). */
        BERNOULLI,
        /** Squared error of sigmoid(logits) against the pixels, summed (a Gaussian of fixed variance). */
        GAUSSIAN
    }

    /** The reconstruction term of a batch (a scalar). */
    static NDArray reconstruction(Reconstruction kind, NDArray logits, NDArray x) {
        if (kind == Reconstruction.GAUSSIAN) {
            return Activation.sigmoid(logits).sub(x).square().sum();
        }
        // -[x log sigmoid(l) + (1 - x) log(1 - sigmoid(l))] = softplus(l) - x l; libtorch's softplus is
        // stable (log1p(exp(l)), l itself above 20), and one operation where the expanded form took six
        return Activation.softPlus(logits).sub(x.mul(logits)).sum();
    }

    /** KL(N(mu, exp(logvar)) || N(0, I)) of a batch: -1/2 sum(1 + logvar - mu^2 - exp(logvar)). */
    static NDArray kl(NDArray mu, NDArray logvar) {
        return Arithmetic.mul(logvar.add(1).sub(mu.square()).sub(logvar.exp()).sum(), -0.5);
    }

    /** The reparameterisation trick: mu + eps * exp(logvar / 2). */
    static NDArray reparameterise(NDArray mu, NDArray logvar, NDArray eps) {
        return mu.add(eps.mul(Arithmetic.mul(logvar, 0.5).exp()));
    }
}
