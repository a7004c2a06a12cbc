package dev.classicnets.vaegan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageSet;
import dev.classicnets.common.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature classifier is trained once by the loop and then read from its cache; in its features, real
 * held-out images are near the test images and noise is far from them.
 */
class FrechetScoreTest {

    @TempDir
    Path dir;

    /** 28x28 images of two kinds: a bright square top-left or bottom-right, with noise. */
    private static ImageSet squares(int n, long seed) {
        Random rng = new Random(seed);
        float[] px = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(2);
            int at = labels[i] == 0 ? 3 : 15;
            for (int p = 0; p < 784; p++) {
                int y = p / 28;
                int x = p % 28;
                boolean in = y >= at && y < at + 10 && x >= at && x < at + 10;
                px[i * 784 + p] = Math.min(1f, (in ? 0.8f : 0f) + 0.2f * rng.nextFloat());
            }
        }
        return ImageSet.of(px, labels, 1, 28, 28, List.of("top-left", "bottom-right"));
    }

    @Test
    void trainedOnceThenCachedAndItSeparatesRealFromNoise() throws Exception {
        DataSplits data = new DataSplits("squares", squares(512, 1), squares(200, 2), squares(300, 3));
        Path cache = dir.resolve("feature-net");
        double baseline;
        double noise;
        try (FeatureNet net = FeatureNet.trainedOrCached(cache, data, 1, 42); NDManager m = NDManager.newBaseManager()) {
            assertTrue(net.testAccuracy() > 0.95, "two squares are easy: " + net.testAccuracy());
            assertEquals(new Shape(1, 28, 28), net.imageShape());
            FrechetScore score = new FrechetScore(net, data.test(), data.validation(), 200, m);
            baseline = score.baseline();
            Random rng = new Random(5);
            noise = score.score((mm, n) -> mm.create(Generation.gaussian(rng, n * 784), new Shape(n, 1, 28, 28))
                    .abs().clip(0, 1), m);
            assertTrue(baseline < noise / 10, "real-vs-real " + baseline + " against noise " + noise);
        }
        long written = Files.getLastModifiedTime(cache.resolve(RunDirectory.SUMMARY)).toMillis();
        try (FeatureNet again = FeatureNet.trainedOrCached(cache, data, 1, 42); NDManager m = NDManager.newBaseManager()) {
            assertEquals(written, Files.getLastModifiedTime(cache.resolve(RunDirectory.SUMMARY)).toMillis(),
                    "read from the cache, not trained again");
            assertEquals(baseline, new FrechetScore(again, data.test(), data.validation(), 200, m).baseline(), 1e-6,
                    "the same weights");
        }
    }
}
