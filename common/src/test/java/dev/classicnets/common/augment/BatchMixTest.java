package dev.classicnets.common.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchMixTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray images(int n, int c, int h, int w) {
        float[] values = new float[n * c * h * w];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + i; // every value distinct, none zero
        }
        return manager.create(values, new Shape(n, c, h, w));
    }

    private static void assertPermutation(int[] perm) {
        int[] sorted = perm.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void betaDrawsHaveTheRightMeanAndVariance() {
        Random rng = new Random(1);
        double[][] params = {{0.2, 0.2}, {1, 1}, {2, 5}};
        for (double[] ab : params) {
            double a = ab[0];
            double b = ab[1];
            int n = 20000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double x = BetaDistribution.sample(rng, a, b);
                assertTrue(x >= 0 && x <= 1);
                sum += x;
                sumSq += x * x;
            }
            double mean = sum / n;
            double variance = sumSq / n - mean * mean;
            double expectedMean = a / (a + b);
            double expectedVariance = a * b / ((a + b) * (a + b) * (a + b + 1));
            // the mean's standard error is sqrt(variance / n) <= 0.0036
            assertEquals(expectedMean, mean, 0.012, "mean of Beta(" + a + ", " + b + ")");
            assertEquals(expectedVariance, variance, 0.1 * expectedVariance, "variance of Beta(" + a + ", " + b + ")");
        }
        // tiny alpha: almost all mass at 0 and 1, and no 0 / 0
        for (int i = 0; i < 1000; i++) {
            double x = BetaDistribution.sample(rng, 0.01, 0.01);
            assertTrue(x >= 0 && x <= 1, "draw " + x);
        }
    }

    @Test
    void mixupMixesImagesAndLabelsWithOneLambdaAndAPairing() {
        NDArray x = images(4, 1, 2, 2);
        NDArray labels = manager.create(new float[] {0, 1, 2, 1}); // float, as DJL's datasets give them
        MixedBatch batch = new Mixup(1, 3).apply(x, labels, new Random(3));
        double lambda = batch.lambda();
        int[] perm = batch.permutation();
        assertTrue(lambda > 0 && lambda < 1, "lambda " + lambda);
        assertPermutation(perm);
        assertEquals(x.getShape(), batch.images().getShape());
        float[] in = x.toFloatArray();
        float[] out = batch.images().toFloatArray();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(lambda * in[i * 4 + j] + (1 - lambda) * in[perm[i] * 4 + j], out[i * 4 + j], 1e-4);
            }
        }
        int[] y = {0, 1, 2, 1};
        float[] soft = batch.labels().toFloatArray();
        assertEquals(new Shape(4, 3), batch.labels().getShape());
        for (int i = 0; i < 4; i++) {
            float[] expected = new float[3];
            expected[y[i]] += (float) lambda;
            expected[y[perm[i]]] += (float) (1 - lambda);
            assertArrayEquals(expected, Arrays.copyOfRange(soft, i * 3, i * 3 + 3), 1e-6f);
        }
        assertSame(x.getManager(), batch.images().getManager());
    }

    @Test
    void mixupWithProbabilityZeroGivesTheImagesAndOneHotLabels() {
        NDArray x = images(3, 1, 2, 2);
        MixedBatch batch = new Mixup(0.2, 4, 0).apply(x, manager.create(new int[] {3, 0, 1}), new Random(1));
        assertSame(x, batch.images());
        assertEquals(1, batch.lambda());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0}, batch.labels().toFloatArray());
    }

    @Test
    void cutMixPastesOneBoxFromThePartnerAndWeighsLabelsByArea() {
        Random rng = new Random(5);
        int h = 6;
        int w = 8;
        int plane = h * w;
        int clipped = 0;
        int checked = 0;
        for (int trial = 0; trial < 40; trial++) {
            NDArray x = images(3, 2, h, w);
            MixedBatch batch = new CutMix(1, 3).apply(x, manager.create(new long[] {0, 1, 2}), rng);
            int[] perm = batch.permutation();
            assertPermutation(perm);
            float[] in = x.toFloatArray();
            float[] out = batch.images().toFloatArray();
            int mover = 0;
            while (mover < 3 && perm[mover] == mover) {
                mover++;
            }
            if (mover == 3) {
                continue; // the identity pairing changes nothing
            }
            // values are distinct, so the box is where the mover took its partner's values
            boolean[] box = new boolean[plane];
            int area = 0;
            for (int p = 0; p < plane; p++) {
                box[p] = out[mover * 2 * plane + p] == in[perm[mover] * 2 * plane + p];
                area += box[p] ? 1 : 0;
            }
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < 2; c++) {
                    for (int p = 0; p < plane; p++) {
                        int own = (i * 2 + c) * plane + p;
                        int partner = (perm[i] * 2 + c) * plane + p;
                        assertEquals(box[p] ? in[partner] : in[own], out[own], "image " + i + " pixel " + p);
                    }
                }
            }
            assertEquals(1 - area / (double) plane, batch.lambda(), 1e-9, "lambda is the area kept");
            int[] rect = boundingBox(box, w);
            if (area > 0) {
                assertEquals((rect[2] - rect[0] + 1) * (rect[3] - rect[1] + 1), area, "the box is a rectangle");
                clipped += rect[0] == 0 || rect[1] == 0 || rect[2] == h - 1 || rect[3] == w - 1 ? 1 : 0;
            }
            checked++;
            float[] soft = batch.labels().toFloatArray();
            for (int i = 0; i < 3; i++) {
                float[] expected = new float[3];
                expected[i] += (float) batch.lambda();
                expected[perm[i]] += (float) (1 - batch.lambda());
                assertArrayEquals(expected, Arrays.copyOfRange(soft, i * 3, i * 3 + 3), 1e-6f);
            }
        }
        assertTrue(checked > 25 && clipped > 0 && clipped < checked, checked + " batches, " + clipped + " at a border");
    }

    /** {top, left, bottom, right} of the true entries. */
    private static int[] boundingBox(boolean[] box, int w) {
        int[] rect = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        for (int p = 0; p < box.length; p++) {
            if (box[p]) {
                rect[0] = Math.min(rect[0], p / w);
                rect[1] = Math.min(rect[1], p % w);
                rect[2] = Math.max(rect[2], p / w);
                rect[3] = Math.max(rect[3], p % w);
            }
        }
        return rect;
    }

    @Test
    void theSameSeedGivesTheSameBatch() {
        for (BatchMix mix : new BatchMix[] {new Mixup(0.4, 3), new CutMix(1, 3)}) {
            MixedBatch a = mix.apply(images(4, 1, 8, 8), manager.create(new int[] {0, 1, 2, 0}), new Random(7));
            MixedBatch b = mix.apply(images(4, 1, 8, 8), manager.create(new int[] {0, 1, 2, 0}), new Random(7));
            MixedBatch c = mix.apply(images(4, 1, 8, 8), manager.create(new int[] {0, 1, 2, 0}), new Random(8));
            assertArrayEquals(a.images().toFloatArray(), b.images().toFloatArray(), mix.toString());
            assertArrayEquals(a.labels().toFloatArray(), b.labels().toFloatArray());
            assertNotEquals(Arrays.toString(a.images().toFloatArray()), Arrays.toString(c.images().toFloatArray()));
        }
    }

    @Test
    void mixingLeavesNoTemporariesBehind() {
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = batch.randomUniform(0, 1, new Shape(4, 3, 5, 5));
            NDArray y = batch.create(new float[] {0, 1, 2, 3});
            new Mixup(1, 4).apply(x, y, new Random(1));
            assertEquals(4, batch.getManagedArrays().size(), "inputs, mixed images and soft labels");
            new CutMix(1, 4).apply(x, y, new Random(1));
            assertEquals(6, batch.getManagedArrays().size());
            assertSame(batch, x.getManager());
            assertSame(batch, y.getManager());
        }
    }

    @Test
    void badLabelsAreRefusedWithOneSentence() {
        NDArray x = images(2, 1, 2, 2);
        assertEquals("Mixup: label 3.0 is not a class index in [0, 3)", assertThrows(IllegalArgumentException.class,
                () -> new Mixup(1, 3).apply(x, manager.create(new int[] {0, 3}), new Random(1))).getMessage());
        assertEquals("CutMix needs one class index per image, shaped (2) or (2, 1), got labels shaped (3)",
                assertThrows(IllegalArgumentException.class,
                        () -> new CutMix(1, 3).apply(x, manager.create(new int[] {0, 1, 2}), new Random(1)))
                        .getMessage());
        assertEquals("CutMix needs a batch of images shaped (N, C, H, W), got (2, 4)",
                assertThrows(IllegalArgumentException.class, () -> new CutMix(1, 3)
                        .apply(manager.zeros(new Shape(2, 4)), manager.create(new int[] {0, 1}), new Random(1)))
                        .getMessage());
    }

    @Test
    void softLabelCrossEntropyByHand() {
        float ln3 = (float) Math.log(3);
        // softmax([0, ln 3]) = (1/4, 3/4); softmax([ln 3, 0]) = (3/4, 1/4)
        NDList logits = new NDList(manager.create(new float[] {0, ln3, ln3, 0}, new Shape(2, 2)));
        SoftLabelCrossEntropyLoss loss = new SoftLabelCrossEntropyLoss();
        double half = -(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75));
        double sure = -Math.log(0.75);
        NDList soft = new NDList(manager.create(new float[] {0.5f, 0.5f, 1, 0}, new Shape(2, 2)));
        assertEquals((half + sure) / 2, loss.evaluate(soft, logits).getFloat(), 1e-6);
        // hard labels, (N) float as DJL's datasets give them, and (N, 1) ints: class 1 for both rows
        double hard = -(Math.log(0.75) + Math.log(0.25)) / 2;
        assertEquals(hard, loss.evaluate(new NDList(manager.create(new float[] {1, 1})), logits).getFloat(), 1e-6);
        assertEquals(hard, loss.evaluate(new NDList(manager.create(new int[] {1, 1}, new Shape(2, 1))), logits)
                .getFloat(), 1e-6);
        assertEquals(hard, loss.evaluate(new NDList(manager.create(new float[] {0, 1, 0, 1}, new Shape(2, 2))), logits)
                .getFloat(), 1e-6, "one-hot labels give the hard-label loss");
    }

    @Test
    void softLabelLossOfAMixedBatchIsTheMixOfTheTwoLosses() {
        NDArray logits = manager.randomNormal(new Shape(5, 4));
        NDArray x = images(5, 1, 2, 2);
        NDArray y = manager.create(new int[] {0, 1, 2, 3, 1});
        MixedBatch batch = new Mixup(1, 4).apply(x, y, new Random(2));
        SoftLabelCrossEntropyLoss loss = new SoftLabelCrossEntropyLoss();
        int[] partner = new int[5];
        int[] labels = {0, 1, 2, 3, 1};
        for (int i = 0; i < 5; i++) {
            partner[i] = labels[batch.permutation()[i]];
        }
        double own = loss.evaluate(new NDList(y), new NDList(logits)).getFloat();
        double other = loss.evaluate(new NDList(manager.create(partner)), new NDList(logits)).getFloat();
        double mixed = loss.evaluate(new NDList(batch.labels()), new NDList(logits)).getFloat();
        assertEquals(batch.lambda() * own + (1 - batch.lambda()) * other, mixed, 1e-5);
    }

    @Test
    void softLabelLossRefusesLabelsThatFitNothing() {
        NDList logits = new NDList(manager.zeros(new Shape(2, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SoftLabelCrossEntropyLoss()
                .evaluate(new NDList(manager.zeros(new Shape(2, 2))), logits));
        assertEquals("SoftLabelCrossEntropyLoss: labels shaped (2, 2) fit neither soft labels (2, 3) nor class indices"
                + " (2) or (2, 1)", e.getMessage());
    }
}
