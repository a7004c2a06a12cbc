package dev.classicnets.common.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * CutMix (Yun et al. 2019): with probability p, one lambda ~ Beta(alpha, alpha) and a random pairing
 * for the batch; a box reaching floor(floor(W sqrt(1 - lambda)) / 2) columns and
 * floor(floor(H sqrt(1 - lambda)) / 2) rows either side of a uniformly drawn pixel, clipped to the
 * image, is pasted from image perm(i) into image i, the same box for the whole batch. The labels
 * are mixed by the area actually kept: lambda' = 1 - box area / (H W). Otherwise the images are
 * returned as they are, with one-hot labels.
 */
public final class CutMix implements BatchMix {
    private final double alpha;
    private final int numClasses;
    private final double p;

    /** Mixes every batch. */
    public CutMix(double alpha, int numClasses) {
        this(alpha, numClasses, 1);
    }

    /**
     * @param alpha the Beta distribution's parameter, a finite number > 0 (1 in the paper)
     * @param numClasses K, >= 2
     * @param p the probability of mixing a batch, in [0, 1]
     */
    public CutMix(double alpha, int numClasses, double p) {
        this.alpha = Check.positive("CutMix", "alpha", alpha);
        this.numClasses = Check.atLeast("CutMix", "numClasses", numClasses, 2);
        this.p = Check.probability("CutMix", "p", p);
    }

    @Override
    public MixedBatch apply(NDArray images, NDArray labels, Random rng) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("CutMix needs a batch of images shaped (N, C, H, W), got " + shape);
        }
        int n = (int) shape.get(0);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        int[] classes = Mixing.classIndices("CutMix", labels, n, numClasses);
        NDManager owner = images.getManager();
        boolean mix = rng.nextDouble() < p;
        if (!mix) {
            int[] identity = Mixing.permutation(n, null);
            return new MixedBatch(images, owner.create(Mixing.softLabels(classes, identity, 1, numClasses),
                    new Shape(n, numClasses)), 1, identity);
        }
        double lambda = BetaDistribution.sample(rng, alpha, alpha);
        int[] perm = Mixing.permutation(n, rng);
        double cut = Math.sqrt(1 - lambda);
        int boxHeight = (int) (height * cut);
        int boxWidth = (int) (width * cut);
        int cy = rng.nextInt(height);
        int cx = rng.nextInt(width);
        int top = Math.max(0, cy - boxHeight / 2);
        int bottom = Math.min(height, cy + boxHeight / 2);
        int left = Math.max(0, cx - boxWidth / 2);
        int right = Math.min(width, cx + boxWidth / 2);
        float[] box = new float[height * width];
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                box[y * width + x] = 1;
            }
        }
        double kept = 1 - (double) (bottom - top) * (right - left) / (height * width);
        NDArray soft = owner.create(Mixing.softLabels(classes, perm, kept, numClasses), new Shape(n, numClasses));
        NDArray mixed;
        try (NDManager scope = owner.newSubManager()) {
            images.tempAttach(scope);
            NDArray inBox = scope.create(box, new Shape(1, 1, height, width)).toType(images.getDataType(), false);
            NDArray partners = images.get(scope.create(Mixing.toLongs(perm)));
            mixed = images.add(partners.sub(images).mul(inBox));
            mixed.attach(owner);
        }
        return new MixedBatch(mixed, soft, kept, perm);
    }

    @Override
    public String toString() {
        return "CutMix(alpha=" + alpha + ", numClasses=" + numClasses + ", p=" + p + ")";
    }
}
