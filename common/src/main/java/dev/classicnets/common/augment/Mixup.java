package dev.classicnets.common.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Mixup (Zhang et al. 2018): with probability p, one lambda ~ Beta(alpha, alpha) for the batch and
 * a random pairing; image i becomes lambda x_i + (1 - lambda) x_perm(i) and its label lambda y_i +
 * (1 - lambda) y_perm(i) (one-hot). Otherwise the images are returned as they are, with one-hot
 * labels.
 */
public final class Mixup implements BatchMix {
    private final double alpha;
    private final int numClasses;
    private final double p;

    /** Mixes every batch. */
    public Mixup(double alpha, int numClasses) {
        this(alpha, numClasses, 1);
    }

    /**
     * @param alpha the Beta distribution's parameter, a finite number > 0 (0.2 to 0.4 on ImageNet, 1 on
     *     CIFAR)
     * @param numClasses K, >= 2
     * @param p the probability of mixing a batch, in [0, 1]
     */
    public Mixup(double alpha, int numClasses, double p) {
        this.alpha = Check.positive("Mixup", "alpha", alpha);
        this.numClasses = Check.atLeast("Mixup", "numClasses", numClasses, 2);
        this.p = Check.probability("Mixup", "p", p);
    }

    @Override
    public MixedBatch apply(NDArray images, NDArray labels, Random rng) {
        Shape shape = images.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("Mixup needs a batch of images shaped (N, ...), got " + shape);
        }
        int n = (int) shape.get(0);
        int[] classes = Mixing.classIndices("Mixup", labels, n, numClasses);
        NDManager owner = images.getManager();
        boolean mix = rng.nextDouble() < p;
        double lambda = mix ? BetaDistribution.sample(rng, alpha, alpha) : 1;
        int[] perm = mix ? Mixing.permutation(n, rng) : Mixing.permutation(n, null);
        NDArray soft = owner.create(Mixing.softLabels(classes, perm, lambda, numClasses), new Shape(n, numClasses));
        if (!mix) {
            return new MixedBatch(images, soft, 1, perm);
        }
        NDArray mixed;
        try (NDManager scope = owner.newSubManager()) {
            images.tempAttach(scope);
            NDArray partners = images.get(scope.create(Mixing.toLongs(perm)));
            mixed = images.mul(lambda).add(partners.mul(1 - lambda));
            mixed.attach(owner);
        }
        return new MixedBatch(mixed, soft, lambda, perm);
    }

    @Override
    public String toString() {
        return "Mixup(alpha=" + alpha + ", numClasses=" + numClasses + ", p=" + p + ")";
    }
}
