package dev.classicnets.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.Accuracy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {
    private static final String KEY = "validate/epoch";
    private static final double EPS = 1e-9;
    private static final int IGNORE = 255;

    // One 2x3 image. The ignored pixel (row 1, col 1) is predicted 2: counting it would add a false
    // positive to class 2.
    private static final int[] TRUTH = {0, 0, 1, 2, IGNORE, 1};
    private static final int[] PREDICTED = {0, 1, 1, 2, 2, 0};
    // counted: 0->0, 0->1, 1->1, 2->2, 1->0  =>  [[1,1,0],[1,1,0],[0,0,1]]

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** (N, K, H, W) logits whose arg max over the classes is {@code predicted}, one image per h*w values. */
    private NDList logits(int numClasses, int h, int w, int... predicted) {
        int n = predicted.length / (h * w);
        float[] values = new float[n * numClasses * h * w];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < numClasses; k++) {
                for (int p = 0; p < h * w; p++) {
                    values[(b * numClasses + k) * h * w + p] = predicted[b * h * w + p] == k ? 3f : 0.1f * k;
                }
            }
        }
        return new NDList(manager.create(values, new Shape(n, numClasses, h, w)));
    }

    private NDList labels(Shape shape, int... values) {
        return new NDList(manager.create(values, shape));
    }

    /** The 2x3 example's labels, (1, 2, 3). */
    private NDList truth() {
        return labels(new Shape(1, 2, 3), TRUTH);
    }

    /** The 2x3 example's logits with K classes. */
    private NDList predicted(int numClasses) {
        return logits(numClasses, 2, 3, PREDICTED);
    }

    private static <T extends ConfusionMatrixEvaluator> T accumulated(T evaluator, NDList labels, NDList logits) {
        evaluator.addAccumulator(KEY);
        evaluator.updateAccumulator(KEY, labels, logits);
        return evaluator;
    }

    @Test
    void meanIoUByHandSkippingTheIgnoreIndex() {
        MeanIoU iou = accumulated(new MeanIoU(3, IGNORE), truth(), predicted(3));
        assertArrayEquals(new long[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 1}}, iou.matrix(KEY));
        // IoU = TP / (row + column - TP): 1/3, 1/3, 1/1
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0}, iou.perClass(KEY), EPS);
        assertEquals(5.0 / 9, iou.getAccumulator(KEY), 1e-6);
    }

    @Test
    void diceByHand() {
        DiceScore dice = accumulated(new DiceScore(3, IGNORE), truth(), predicted(3));
        // Dice = 2 TP / (row + column): 2/4, 2/4, 2/2
        assertArrayEquals(new double[] {0.5, 0.5, 1.0}, dice.perClass(KEY), EPS);
        assertEquals(2.0 / 3, dice.getAccumulator(KEY), 1e-6);
    }

    @Test
    void pixelAccuracySkipsIgnoredPixelsUnlikeDjlsAccuracy() {
        PixelAccuracy acc = accumulated(new PixelAccuracy(3, IGNORE), labels(new Shape(1, 2, 3), TRUTH),
                logits(3, 2, 3, PREDICTED));
        assertEquals(3f / 5, acc.getAccumulator(KEY), 1e-6);
        // the same pixels with the ignored one labelled 2 (predicted 2): DJL's Accuracy counts all six
        int[] labelled = TRUTH.clone();
        labelled[4] = 2;
        Accuracy djl = new Accuracy("Accuracy", 1);
        djl.addAccumulator(KEY);
        djl.updateAccumulator(KEY, labels(new Shape(1, 2, 3), labelled), logits(3, 2, 3, PREDICTED));
        assertEquals(4f / 6, djl.getAccumulator(KEY), 1e-6);
    }

    @Test
    void labelsWithAChannelAxisGiveTheSameCounts() {
        MeanIoU plain = accumulated(new MeanIoU(3, IGNORE), truth(), predicted(3));
        MeanIoU channel = accumulated(new MeanIoU(3, IGNORE), labels(new Shape(1, 1, 2, 3), TRUTH), predicted(3));
        assertArrayEquals(plain.matrix(KEY), channel.matrix(KEY));
    }

    @Test
    void aClassAbsentFromPredictionAndTargetIsNaNAndLeftOutOfTheMean() {
        MeanIoU iou = accumulated(new MeanIoU(4, IGNORE), truth(), predicted(4));
        assertTrue(Double.isNaN(iou.perClass(KEY)[3]));
        assertEquals(5.0 / 9, iou.getAccumulator(KEY), 1e-6);
        DiceScore dice = accumulated(new DiceScore(4, IGNORE), truth(), predicted(4));
        assertTrue(Double.isNaN(dice.perClass(KEY)[3]));
        assertEquals(2.0 / 3, dice.getAccumulator(KEY), 1e-6);
    }

    @Test
    void allCorrectAllWrongAndAllIgnored() {
        int[] truth = {0, 1, 1, 0};
        MeanIoU right = accumulated(new MeanIoU(2), labels(new Shape(1, 2, 2), truth), logits(2, 2, 2, truth));
        assertEquals(1f, right.getAccumulator(KEY));
        MeanIoU wrong = accumulated(new MeanIoU(2), labels(new Shape(1, 2, 2), truth), logits(2, 2, 2, 1, 0, 0, 1));
        assertArrayEquals(new double[] {0, 0}, wrong.perClass(KEY), EPS);
        assertEquals(0f, wrong.getAccumulator(KEY));
        PixelAccuracy none = accumulated(new PixelAccuracy(2, -1), labels(new Shape(1, 2, 2), -1, -1, -1, -1),
                logits(2, 2, 2, truth));
        assertTrue(Float.isNaN(none.getAccumulator(KEY)), "nothing counted");
        MeanIoU noneIoU = accumulated(new MeanIoU(2, -1), labels(new Shape(1, 2, 2), -1, -1, -1, -1),
                logits(2, 2, 2, truth));
        assertTrue(Float.isNaN(noneIoU.getAccumulator(KEY)));
    }

    @Test
    void accumulatesOverImagesNotPerImageMeans() {
        // image 1: class 1 is one pixel, predicted right; image 2: class 1 is three pixels, one predicted
        MeanIoU iou = new MeanIoU(2);
        iou.addAccumulator(KEY);
        iou.updateAccumulator(KEY, labels(new Shape(1, 2, 2), 0, 0, 0, 1), logits(2, 2, 2, 0, 0, 0, 1));
        iou.updateAccumulator(KEY, labels(new Shape(1, 2, 2), 0, 1, 1, 1), logits(2, 2, 2, 0, 1, 0, 0));
        // totals: class 0: TP 4, FN 0, FP 2 -> 4/6; class 1: TP 2, FN 2, FP 0 -> 2/4
        assertArrayEquals(new double[] {4.0 / 6, 0.5}, iou.perClass(KEY), EPS);
        assertEquals((4.0 / 6 + 0.5) / 2, iou.getAccumulator(KEY), 1e-6);
    }

    @Test
    void batchOfTwoImagesAtOnce() {
        MeanIoU iou = accumulated(new MeanIoU(2), labels(new Shape(2, 2, 2), 0, 0, 0, 1, 0, 1, 1, 1),
                logits(2, 2, 2, 0, 0, 0, 1, 0, 1, 0, 0));
        assertArrayEquals(new double[] {4.0 / 6, 0.5}, iou.perClass(KEY), EPS);
    }

    @Test
    void aLabelOutsideTheClassesThatIsNotIgnoredIsAnError() {
        MeanIoU iou = new MeanIoU(3, -1);
        assertEquals("MeanIoU: label 255 is outside the classes [0, 3) and is not the ignore index -1",
                assertThrows(IllegalArgumentException.class,
                        () -> iou.count(truth(), predicted(3))).getMessage());
    }
}
