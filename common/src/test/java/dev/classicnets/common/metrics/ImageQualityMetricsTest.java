package dev.classicnets.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageQualityMetricsTest {
    private static final String KEY = "validate/epoch";

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    // Two 1x2x2 images: image 0 is 0 against 0.5 everywhere (MSE 0.25); image 1 differs by 0.2 in one
    // of four values (MSE 0.01).
    private NDArray predictions() {
        return manager.create(new float[] {0, 0, 0, 0, 0.7f, 0.5f, 0.5f, 0.5f}, new Shape(2, 1, 2, 2));
    }

    private NDArray targets() {
        return manager.create(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, new Shape(2, 1, 2, 2));
    }

    @Test
    void mseByHand() {
        MeanSquaredError mse = new MeanSquaredError();
        assertArrayEquals(new double[] {0.25, 0.01}, mse.perImage(targets(), predictions()), 1e-7);
        mse.addAccumulator(KEY);
        mse.updateAccumulator(KEY, new NDList(targets()), new NDList(predictions()));
        assertEquals(0.13f, mse.getAccumulator(KEY), 1e-7);
    }

    @Test
    void psnrByHandPerImageThenAveraged() {
        PeakSignalToNoiseRatio psnr = new PeakSignalToNoiseRatio();
        // 10 log10(1 / 0.25) = 6.0206 dB; 10 log10(1 / 0.01) = 20 dB
        assertArrayEquals(new double[] {6.0206, 20.0}, psnr.perImage(targets(), predictions()), 1e-4);
        psnr.addAccumulator(KEY);
        psnr.updateAccumulator(KEY, new NDList(targets()), new NDList(predictions()));
        assertEquals(13.0103f, psnr.getAccumulator(KEY), 1e-4);
        // a range of 2 (values in [-1, 1]) adds 20 log10(2) = 6.0206 dB
        PeakSignalToNoiseRatio wide = new PeakSignalToNoiseRatio("PSNR", 2);
        assertArrayEquals(new double[] {12.0412, 26.0206}, wide.perImage(targets(), predictions()), 1e-4);
    }

    @Test
    void psnrOfAnExactCopyIsInfinite() {
        PeakSignalToNoiseRatio psnr = new PeakSignalToNoiseRatio();
        assertEquals(Double.POSITIVE_INFINITY, psnr.perImage(targets(), targets().duplicate())[0]);
    }

    @Test
    void accumulatesPerImageAcrossUnevenBatches() {
        MeanSquaredError mse = new MeanSquaredError();
        mse.addAccumulator(KEY);
        assertTrue(Float.isNaN(mse.getAccumulator(KEY)));
        NDArray p = predictions();
        NDArray t = targets();
        mse.updateAccumulator(KEY, new NDList(t.get("0:1")), new NDList(p.get("0:1"))); // one image, 0.25
        NDArray three = p.get("1:2").repeat(0, 3);
        NDArray threeT = t.get("1:2").repeat(0, 3);
        mse.updateAccumulator(KEY, new NDList(threeT), new NDList(three)); // three images, 0.01 each
        assertEquals((0.25 + 3 * 0.01) / 4, mse.getAccumulator(KEY), 1e-7);
        mse.resetAccumulator(KEY);
        assertTrue(Float.isNaN(mse.getAccumulator(KEY)));
    }

    @Test
    void ssimOfIdenticalImagesIsOne() {
        NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 16, 13));
        double[] ssim = new StructuralSimilarity().perImage(x, x.duplicate());
        assertArrayEquals(new double[] {1, 1}, ssim, 1e-5);
    }

    @Test
    void ssimOfTwoConstantImagesByHand() {
        // no variance anywhere: SSIM = (2ab + C1) / (a^2 + b^2 + C1) * C2 / C2
        double a = 0.2f;
        double b = 0.6f;
        double c1 = 1e-4;
        double expected = (2 * a * b + c1) / (a * a + b * b + c1);
        NDArray x = manager.full(new Shape(1, 1, 12, 11), (float) a);
        NDArray y = manager.full(new Shape(1, 1, 12, 11), (float) b);
        assertEquals(expected, new StructuralSimilarity().perImage(y, x)[0], 1e-9);
        // with R = 255 and the values scaled to bytes the value is the same
        assertEquals(expected, new StructuralSimilarity("SSIM", 255).perImage(y.mul(255), x.mul(255))[0], 1e-6);
    }

    @Test
    void ssimMatchesADirectWindowedSum() {
        Random rng = new Random(7);
        int n = 2;
        int c = 2;
        int h = 14;
        int w = 12;
        float[] x = new float[n * c * h * w];
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
            y[i] = Math.min(1, Math.max(0, x[i] + 0.3f * (float) rng.nextGaussian()));
        }
        double[] expected = referenceSsim(x, y, n, c, h, w, 1.0);
        StructuralSimilarity ssim = new StructuralSimilarity();
        Shape shape = new Shape(n, c, h, w);
        double[] actual = ssim.perImage(manager.create(y, shape), manager.create(x, shape));
        assertArrayEquals(expected, actual, 1e-9);
        assertTrue(expected[0] > 0.1 && expected[0] < 0.9, "a non-trivial value: " + expected[0]);
        ssim.addAccumulator(KEY);
        ssim.updateAccumulator(KEY, new NDList(manager.create(y, new Shape(n, c, h, w))),
                new NDList(manager.create(x, new Shape(n, c, h, w))));
        assertEquals((expected[0] + expected[1]) / 2, ssim.getAccumulator(KEY), 1e-7);
    }

    @Test
    void ssimAgreesWithAnIndependentTorchComputation() {
        // x[i] = (i % 17) / 16, y = 1 - x over one 1x1x12x12 image; computed once in PyTorch 1.13 with
        // conv2d of the 11x11 Gaussian window (valid), float64.
        float[] x = new float[144];
        float[] y = new float[144];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 17) / 16f;
            y[i] = 1 - x[i];
        }
        double value = new StructuralSimilarity().perImage(manager.create(y, new Shape(1, 1, 12, 12)),
                manager.create(x, new Shape(1, 1, 12, 12)))[0];
        assertEquals(TORCH_SSIM, value, 1e-9);
    }

    private static final double TORCH_SSIM = -0.988333838696417;

    @Test
    void rejectsBadShapesAndRanges() {
        assertEquals("SSIM: dataRange must be a finite number > 0 (1 for values in [0, 1], 2 for [-1, 1], 255 for"
                        + " bytes), got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new StructuralSimilarity("SSIM", 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PeakSignalToNoiseRatio("PSNR", Double.NaN));
        NDArray small = manager.zeros(new Shape(1, 1, 10, 20));
        assertEquals("SSIM needs images of at least 11x11 (its Gaussian window), got 10x20",
                assertThrows(IllegalArgumentException.class,
                        () -> new StructuralSimilarity().perImage(small, small.duplicate())).getMessage());
        assertEquals("SSIM expects (N, C, H, W) images, got shape (1, 20, 20)",
                assertThrows(IllegalArgumentException.class, () -> new StructuralSimilarity()
                        .perImage(manager.zeros(new Shape(1, 20, 20)), manager.zeros(new Shape(1, 20, 20))))
                        .getMessage());
        assertEquals("MSE: predictions shaped (2, 1, 2, 2) do not match targets shaped (2, 4)",
                assertThrows(IllegalArgumentException.class,
                        () -> new MeanSquaredError().perImage(manager.zeros(new Shape(2, 4)), predictions()))
                        .getMessage());
    }

    @Test
    void leavesNoArraysBehind() {
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = batch.randomUniform(0, 1, new Shape(2, 3, 12, 12));
            NDArray y = batch.randomUniform(0, 1, new Shape(2, 3, 12, 12));
            for (ImageQualityEvaluator e : new ImageQualityEvaluator[] {
                new MeanSquaredError(), new PeakSignalToNoiseRatio(), new StructuralSimilarity()}) {
                e.addAccumulator(KEY);
                e.updateAccumulator(KEY, new NDList(y), new NDList(x));
                assertEquals(2, batch.getManagedArrays().size(), e.getName() + " left arrays in the batch's manager");
                assertTrue(x.getManager() == batch && y.getManager() == batch);
            }
        }
    }

    @Test
    void djlPinsMeanOverSeveralAxesThrowsOnPyTorch() {
        // Why meanPerImage flattens first. If this starts failing, DJL fixed it.
        NDArray x = manager.ones(new Shape(2, 3, 4));
        assertThrows(UnsupportedOperationException.class, () -> x.mean(new int[] {1, 2}));
    }

    /** SSIM summed window by window in double precision, straight from the paper's definitions. */
    static double[] referenceSsim(float[] x, float[] y, int n, int c, int h, int w, double range) {
        double[] g = StructuralSimilarity.gaussianWindow();
        double c1 = Math.pow(0.01 * range, 2);
        double c2 = Math.pow(0.03 * range, 2);
        double[] result = new double[n];
        for (int b = 0; b < n; b++) {
            double total = 0;
            int count = 0;
            for (int ch = 0; ch < c; ch++) {
                int base = (b * c + ch) * h * w;
                for (int i = 0; i + 11 <= h; i++) {
                    for (int j = 0; j + 11 <= w; j++) {
                        double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                        for (int u = 0; u < 11; u++) {
                            for (int v = 0; v < 11; v++) {
                                double weight = g[u] * g[v];
                                double a = x[base + (i + u) * w + j + v];
                                double bb = y[base + (i + u) * w + j + v];
                                mx += weight * a;
                                my += weight * bb;
                                sxx += weight * a * a;
                                syy += weight * bb * bb;
                                sxy += weight * a * bb;
                            }
                        }
                        double vx = sxx - mx * mx;
                        double vy = syy - my * my;
                        double cov = sxy - mx * my;
                        total += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                        count++;
                    }
                }
            }
            result[b] = total / count;
        }
        return result;
    }
}
