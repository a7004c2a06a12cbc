package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.Require;
import dev.classicnets.common.train.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * What every generative task does with its decoder (generator) after an epoch: a grid of samples from
 * the same fixed noise ({@code samples/epoch-NNN.png}, the newest also as {@code samples.png}) and the
 * Fréchet distance of fresh samples beside its real-vs-real baseline. It also turns the decoder's output
 * into pixels in [0, 1] at the data's size: a sigmoid of logits (VAE) or (tanh + 1) / 2 (DCGAN), centre-
 * cropped when the network works on a padded image (Fashion-MNIST's 28 px padded to 32).
 */
final class Generation {

    /** How a decoder's output becomes pixels. */
    enum Output {
        /** Per-pixel Bernoulli logits: sigmoid. */
        LOGITS,
        /** tanh images in [-1, 1]: (x + 1) / 2. */
        TANH
    }

    static final String SAMPLES = "samples.png";
    static final List<String> METRICS = List.of("frechet_distance", "frechet_baseline");
    private static final int GRID = 64;

    private final int latent;
    private final Output output;
    private final Shape pixels;
    private final int scale;
    private final FrechetScore score;
    private final float[] fixedNoise;

    /**
     * @param pixels the data's (C, H, W), which the decoder's output is cropped to
     * @param scale how many times the network's images are enlarged over the padded data ({@link PadAndScale})
     * @param score the Fréchet distance to report per epoch, or null for none
     */
    Generation(int latent, Output output, Shape pixels, int scale, FrechetScore score) {
        Require.that(latent >= 1, "the latent size must be at least 1, got " + latent);
        this.latent = latent;
        this.output = output;
        this.pixels = pixels;
        this.scale = scale;
        this.score = score;
        this.fixedNoise = gaussian(new Random(1234), GRID * latent);
    }

    int latent() {
        return latent;
    }

    /** The metric names the task adds per epoch: the distance and its baseline, when scored. */
    List<String> epochMetrics() {
        return score == null ? List.of() : METRICS;
    }

    /** The grid from fixed noise and the Fréchet distance, with {@code decoder} in inference mode. */
    Map<String, Double> onEpochEnd(int epoch, UnaryOperator<NDList> decoder, NDManager manager, RunDirectory dir) {
        Map<String, Double> row = new LinkedHashMap<>();
        try (NDManager m = manager.newSubManager()) {
            if (dir != null) {
                NDArray grid = images(decoder, m.create(fixedNoise, new Shape(GRID, latent)));
                try {
                    Files.createDirectories(dir.resolve("samples"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String title = String.format(Locale.ROOT, "epoch %d, fixed noise", epoch);
                Mosaic.write(grid, 8, title, dir.resolve(String.format(Locale.ROOT, "samples/epoch-%03d.png", epoch)));
                Mosaic.write(grid, 8, title, dir.resolve(SAMPLES));
            }
            if (score != null) {
                Random rng = new Random(99); // the same noise every epoch: the curve shows the networks change
                row.put("frechet_distance", score.score((mm, n) -> images(decoder,
                        mm.create(gaussian(rng, n * latent), new Shape(n, latent))), m));
                row.put("frechet_baseline", score.baseline());
            }
        }
        return row;
    }

    /** {@code n} new samples from {@code seed}, as pixels. */
    NDArray sample(UnaryOperator<NDList> decoder, NDManager manager, int n, long seed) {
        return images(decoder, manager.create(gaussian(new Random(seed), n * latent), new Shape(n, latent)));
    }

    /** The decoder's images for codes {@code z}, as pixels in [0, 1] at the data's size. */
    NDArray images(UnaryOperator<NDList> decoder, NDArray z) {
        return pixels(decoder.apply(new NDList(z)).head());
    }

    /** A decoder output as pixels in [0, 1], centre-cropped to the data's size. */
    NDArray pixels(NDArray out) {
        NDArray p = output == Output.LOGITS ? ai.djl.nn.Activation.sigmoid(out) : out.add(1).div(2);
        if (scale > 1) { // undo PadAndScale's enlargement: the mean of each scale x scale block
            Shape s = p.getShape();
            p = p.reshape(s.get(0), s.get(1), s.get(2) / scale, scale, s.get(3) / scale, scale).mean(new int[] {5})
                    .mean(new int[] {3});
        }
        long h = p.getShape().get(2);
        long w = p.getShape().get(3);
        long top = (h - pixels.get(1)) / 2;
        long left = (w - pixels.get(2)) / 2;
        if (top > 0 || left > 0) {
            p = p.get(String.format(Locale.ROOT, ":, :, %d:%d, %d:%d", top, top + pixels.get(1), left,
                    left + pixels.get(2)));
        }
        return p.clip(0, 1);
    }

    /** Samples along straight lines between 8 pairs of noise vectors, 10 steps each ({@code interpolation.png}). */
    void writeInterpolation(UnaryOperator<NDList> decoder, NDManager manager, RunDirectory dir) {
        Random rng = new Random(4321);
        float[] a = gaussian(rng, 8 * latent);
        float[] b = gaussian(rng, 8 * latent);
        float[] z = new float[80 * latent];
        for (int i = 0; i < 8; i++) {
            for (int s = 0; s < 10; s++) {
                float t = s / 9f;
                for (int k = 0; k < latent; k++) {
                    z[(i * 10 + s) * latent + k] = (1 - t) * a[i * latent + k] + t * b[i * latent + k];
                }
            }
        }
        try (NDManager m = manager.newSubManager()) {
            Mosaic.write(images(decoder, m.create(z, new Shape(80, latent))), 10,
                    "from one noise vector to another, in 10 steps", dir.resolve(EncoderPictures.INTERPOLATION));
        }
    }

    /** Data batch images (as the encoder takes them) as pixels in [0, 1] at the data's size. */
    NDArray dataPixels(NDArray batch) {
        return output == Output.LOGITS ? batch : pixels(batch);
    }

    /** The data's (C, H, W). */
    Shape pixelShape() {
        return pixels;
    }

    static float[] gaussian(Random rng, int n) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        return z;
    }
}
