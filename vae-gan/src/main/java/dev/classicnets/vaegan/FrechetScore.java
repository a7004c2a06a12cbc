package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.Require;
import dev.classicnets.common.data.Images;
import dev.classicnets.common.metrics.FeatureNetwork;
import dev.classicnets.common.metrics.FeatureStatistics;
import dev.classicnets.common.metrics.FrechetDistance;
import java.util.function.BiFunction;

/**
 * The Fréchet distance of a generator's images to the real test images, in a {@link FeatureNetwork}'s
 * features, with its real-vs-real baseline: {@code samples} held-out training images against the same
 * test images (the floor a perfect generator would reach with that many samples).
 */
final class FrechetScore {

    private static final int CHUNK = 500;

    private final FeatureNetwork network;
    private final FeatureStatistics real;
    private final int samples;
    private final double baseline;

    /**
     * @param test the real images every score compares with (all of them)
     * @param heldOut real images the network's generator never trained on, for the baseline
     * @param samples how many images each score draws (and the baseline takes from {@code heldOut})
     */
    FrechetScore(FeatureNetwork network, Images test, Images heldOut, int samples, NDManager manager) {
        Require.that(samples >= 2, "the Frechet distance needs at least 2 samples, got " + samples);
        Require.that(heldOut.size() >= samples, "the baseline needs " + samples + " held-out images, there are "
                + heldOut.size() + " (lower --fd-samples or raise --validation)");
        this.network = network;
        this.samples = samples;
        this.real = statistics(test, test.size(), manager);
        this.baseline = FrechetDistance.between(statistics(heldOut, samples, manager), real);
    }

    /** The real-vs-real distance of {@code samples} held-out images. */
    double baseline() {
        return baseline;
    }

    int samples() {
        return samples;
    }

    /**
     * The distance of {@code samples} generated images: {@code generate} makes a chunk of images
     * (N, C, H, W) in [0, 1] of the feature network's size in the manager it is given (freed per chunk).
     */
    double score(BiFunction<NDManager, Integer, NDArray> generate, NDManager manager) {
        FeatureStatistics fake = new FeatureStatistics(network.dimension());
        for (int done = 0; done < samples; done += CHUNK) {
            try (NDManager m = manager.newSubManager()) {
                NDArray images = generate.apply(m, Math.min(CHUNK, samples - done));
                fake.add(network.features(images));
            }
        }
        return FrechetDistance.between(fake, real);
    }

    private FeatureStatistics statistics(Images images, int count, NDManager manager) {
        FeatureStatistics s = new FeatureStatistics(network.dimension());
        Shape shape = network.imageShape();
        int pixels = (int) shape.size();
        for (int start = 0; start < count; start += CHUNK) {
            int n = Math.min(CHUNK, count - start);
            float[] data = new float[n * pixels];
            for (int i = 0; i < n; i++) {
                System.arraycopy(images.image(start + i).data(), 0, data, i * pixels, pixels);
            }
            try (NDManager m = manager.newSubManager()) {
                s.add(network.features(m.create(data, new Shape(n, shape.get(0), shape.get(1), shape.get(2)))));
            }
        }
        return s;
    }
}
