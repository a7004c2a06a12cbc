package dev.classicnets.vaegan;

import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.ImageSet;
import dev.classicnets.common.data.Images;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** Small synthetic images for fast task tests: a bright bar, horizontal (class 0) or vertical (class 1). */
final class TinyData {
    private TinyData() {}

    static final int SIDE = 8;

    static ImageSet bars(int n, long seed) {
        Random rng = new Random(seed);
        float[] pixels = new float[n * SIDE * SIDE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(2);
            int at = 1 + rng.nextInt(SIDE - 2);
            for (int k = 0; k < SIDE; k++) {
                int y = labels[i] == 0 ? at : k;
                int x = labels[i] == 0 ? k : at;
                pixels[i * SIDE * SIDE + y * SIDE + x] = 0.8f + 0.2f * rng.nextFloat();
            }
        }
        return ImageSet.of(pixels, labels, 1, SIDE, SIDE, List.of("horizontal", "vertical"));
    }

    /** Batches without labels, in [0, 1], or in [-1, 1] for a tanh generator. */
    static ImageBatches batches(Images images, int batchSize, boolean train, boolean tanh, ImageTransform transform) {
        ImageBatches.Builder b = ImageBatches.builder().source(new Unlabeled(images)).batchSize(batchSize)
                .optShuffle(train).optTransform(transform);
        if (tanh) {
            b.optNormalize(new float[] {0.5f}, new float[] {0.5f});
        }
        return b.build();
    }

    /** Passes images through unchanged, and fails at its {@code failAt}-th image (a killed run). */
    static ImageTransform failingAt(int failAt) {
        AtomicInteger seen = new AtomicInteger();
        return (Image image, Random rng) -> {
            if (seen.incrementAndGet() == failAt) {
                throw new IllegalStateException("injected failure");
            }
            return image;
        };
    }
}
