package dev.classicnets.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.listener.EvaluatorTrainingListener;
import dev.classicnets.common.metrics.PrecisionRecallF1.Average;
import dev.classicnets.common.metrics.PrecisionRecallF1.Score;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final String KEY = EvaluatorTrainingListener.VALIDATE_EPOCH;
    private static final double EPS = 1e-9;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Logits whose arg max is {@code predicted[i]} for row i. */
    private NDList logits(int numClasses, int... predicted) {
        float[] values = new float[predicted.length * numClasses];
        for (int i = 0; i < predicted.length; i++) {
            for (int k = 0; k < numClasses; k++) {
                values[i * numClasses + k] = k == predicted[i] ? 2f : -1f - 0.1f * k;
            }
        }
        return new NDList(manager.create(values, new Shape(predicted.length, numClasses)));
    }

    private NDList labels(int... labels) {
        return new NDList(manager.create(labels));
    }

    private static <T extends ConfusionMatrixEvaluator> T accumulated(T evaluator, NDList labels, NDList logits) {
        evaluator.addAccumulator(KEY);
        evaluator.updateAccumulator(KEY, labels, logits);
        return evaluator;
    }

    // labels [0, 0, 1, 2, 2], predictions [0, 1, 1, 2, 0]:
    //   true 0 -> predicted 0, 1; true 1 -> 1; true 2 -> 2, 0
    private static final int[] TRUE = {0, 0, 1, 2, 2};
    private static final int[] PREDICTED = {0, 1, 1, 2, 0};

    @Test
    void confusionMatrixCountsTrueClassByPredictedClass() {
        ConfusionMatrix cm = accumulated(new ConfusionMatrix(3), labels(TRUE), logits(3, PREDICTED));
        assertArrayEquals(new long[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 1}}, cm.matrix(KEY));
        assertEquals(0.6f, cm.getAccumulator(KEY), 1e-7);
        assertArrayEquals(new long[] {2, 1, 2}, cm.support(KEY));
        double[][] normalized = cm.normalizedByTrueClass(KEY);
        assertArrayEquals(new double[] {0.5, 0.5, 0}, normalized[0], EPS);
        assertArrayEquals(new double[] {0, 1, 0}, normalized[1], EPS);
        assertArrayEquals(new double[] {0.5, 0, 0.5}, normalized[2], EPS);
    }

    @Test
    void precisionRecallF1ByHand() {
        PrecisionRecallF1 m = accumulated(PrecisionRecallF1.macroF1(3), labels(TRUE), logits(3, PREDICTED));
        // precision: TP / column sums (2, 2, 1); recall: TP / row sums (2, 1, 2)
        assertArrayEquals(new double[] {0.5, 0.5, 1.0}, m.precision(KEY), EPS);
        assertArrayEquals(new double[] {0.5, 1.0, 0.5}, m.recall(KEY), EPS);
        assertArrayEquals(new double[] {0.5, 2.0 / 3, 2.0 / 3}, m.f1(KEY), EPS);
        assertEquals((0.5 + 2.0 / 3 + 2.0 / 3) / 3, m.getAccumulator(KEY), 1e-6);
        assertEquals(2.0 / 3, m.averaged(Score.PRECISION, Average.MACRO, KEY), EPS);
        assertEquals(2.0 / 3, m.averaged(Score.RECALL, Average.MACRO, KEY), EPS);
        for (Score s : Score.values()) {
            assertEquals(0.6, m.averaged(s, Average.MICRO, KEY), EPS, "micro " + s + " is the accuracy");
        }
        assertEquals(0.6f, accumulated(PrecisionRecallF1.microF1(3), labels(TRUE), logits(3, PREDICTED))
                .getAccumulator(KEY), 1e-6);
        assertEquals(2f / 3, accumulated(PrecisionRecallF1.macroPrecision(3), labels(TRUE), logits(3, PREDICTED))
                .getAccumulator(KEY), 1e-6);
        assertEquals(2f / 3, accumulated(PrecisionRecallF1.macroRecall(3), labels(TRUE), logits(3, PREDICTED))
                .getAccumulator(KEY), 1e-6);
    }

    @Test
    void aClassAbsentFromBothSidesIsNaNAndLeftOutOfTheMacroAverage() {
        PrecisionRecallF1 m = accumulated(PrecisionRecallF1.macroF1(4), labels(TRUE), logits(4, PREDICTED));
        assertTrue(Double.isNaN(m.f1(KEY)[3]));
        assertTrue(Double.isNaN(m.precision(KEY)[3]));
        assertTrue(Double.isNaN(m.recall(KEY)[3]));
        assertEquals((0.5 + 2.0 / 3 + 2.0 / 3) / 3, m.getAccumulator(KEY), 1e-6);
        ConfusionMatrix cm = accumulated(new ConfusionMatrix(4), labels(TRUE), logits(4, PREDICTED));
        assertArrayEquals(new double[] {0, 0, 0, 0}, cm.normalizedByTrueClass(KEY)[3], EPS);
    }

    @Test
    void aClassNeverPredictedScoresZeroPrecisionAndCounts() {
        // true [0, 1], predicted [0, 0]: class 1 occurs but is never predicted
        PrecisionRecallF1 m = accumulated(PrecisionRecallF1.macroF1(2), labels(0, 1), logits(2, 0, 0));
        assertArrayEquals(new double[] {0.5, 0}, m.precision(KEY), EPS);
        assertArrayEquals(new double[] {1, 0}, m.recall(KEY), EPS);
        assertArrayEquals(new double[] {2.0 / 3, 0}, m.f1(KEY), EPS);
        assertEquals(1.0 / 3, m.getAccumulator(KEY), 1e-6);
        assertEquals(0.25, m.averaged(Score.PRECISION, Average.MACRO, KEY), EPS);
        // predicted-only class: true [0, 0], predicted [0, 1] -> class 1 recall 0, counted in the mean
        PrecisionRecallF1 p = accumulated(PrecisionRecallF1.macroRecall(2), labels(0, 0), logits(2, 0, 1));
        assertArrayEquals(new double[] {0.5, 0}, p.recall(KEY), EPS);
        assertEquals(0.25f, p.getAccumulator(KEY), 1e-6);
    }

    @Test
    void allCorrectAndAllWrong() {
        PrecisionRecallF1 right = accumulated(PrecisionRecallF1.macroF1(3), labels(2, 0, 1, 1), logits(3, 2, 0, 1, 1));
        assertEquals(1f, right.getAccumulator(KEY));
        assertArrayEquals(new double[] {1, 1, 1}, right.precision(KEY), EPS);
        PrecisionRecallF1 wrong = accumulated(PrecisionRecallF1.macroF1(3), labels(0, 1), logits(3, 1, 0));
        assertEquals(0f, wrong.getAccumulator(KEY));
        assertArrayEquals(new double[] {0, 0, Double.NaN}, wrong.f1(KEY), EPS);
        ConfusionMatrix cm = accumulated(new ConfusionMatrix(3), labels(0, 1), logits(3, 1, 0));
        assertEquals(0f, cm.getAccumulator(KEY));
    }

    @Test
    void batchOfOne() {
        PrecisionRecallF1 m = accumulated(PrecisionRecallF1.macroF1(3), labels(2), logits(3, 2));
        assertEquals(1f, m.getAccumulator(KEY));
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, 1}, m.f1(KEY), EPS);
        ConfusionMatrix cm = accumulated(new ConfusionMatrix(3), labels(2), logits(3, 0));
        assertArrayEquals(new long[][] {{0, 0, 0}, {0, 0, 0}, {1, 0, 0}}, cm.matrix(KEY));
    }

    @Test
    void accumulatesOverBatchesPerKeyAndResets() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        String other = EvaluatorTrainingListener.TRAIN_EPOCH;
        cm.addAccumulator(KEY);
        cm.addAccumulator(other);
        assertTrue(Float.isNaN(cm.getAccumulator(KEY)), "no sample yet");
        cm.updateAccumulators(new String[] {KEY, other}, labels(0, 1), logits(3, 0, 1));
        cm.updateAccumulator(KEY, labels(2, 2), logits(3, 0, 2));
        assertArrayEquals(new long[][] {{1, 0, 0}, {0, 1, 0}, {1, 0, 1}}, cm.matrix(KEY));
        assertEquals(0.75f, cm.getAccumulator(KEY));
        assertEquals(1f, cm.getAccumulator(other));
        cm.resetAccumulator(KEY);
        assertTrue(Float.isNaN(cm.getAccumulator(KEY)));
        assertArrayEquals(new long[3][3], cm.matrix(KEY));
        assertEquals(1f, cm.getAccumulator(other), "the other key keeps its counts");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cm.getAccumulator("nope"));
        assertEquals("ConfusionMatrix has no accumulator 'nope'; call addAccumulator(\"nope\") first", e.getMessage());
    }

    @Test
    void acceptsDjlStyleFloatLabelsColumnLabelsAndSoftLabels() {
        long[][] expected = {{1, 1, 0}, {0, 1, 0}, {1, 0, 1}};
        float[] asFloat = {0, 0, 1, 2, 2};
        ConfusionMatrix floats = accumulated(new ConfusionMatrix(3), new NDList(manager.create(asFloat)),
                logits(3, PREDICTED));
        assertArrayEquals(expected, floats.matrix(KEY));
        ConfusionMatrix column = accumulated(new ConfusionMatrix(3),
                new NDList(manager.create(new long[] {0, 0, 1, 2, 2}, new Shape(5, 1))), logits(3, PREDICTED));
        assertArrayEquals(expected, column.matrix(KEY));
        NDArray soft = manager.create(new float[] {
            0.7f, 0.3f, 0, 0.6f, 0, 0.4f, 0.2f, 0.8f, 0, 0, 0.1f, 0.9f, 0.3f, 0.3f, 0.4f}, new Shape(5, 3));
        ConfusionMatrix mixed = accumulated(new ConfusionMatrix(3), new NDList(soft), logits(3, PREDICTED));
        assertArrayEquals(expected, mixed.matrix(KEY));
    }

    @Test
    void tiesGoToTheFirstClassAndNaNWinsAsInTorchArgmax() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        NDList logits = new NDList(manager.create(new float[] {1, 1, 0, -1, 2, 2, 0, Float.NaN, 5}, new Shape(3, 3)));
        assertArrayEquals(new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}}, cm.count(labels(0, 1, 2), logits));
        NDList float64 = new NDList(logits.head().toType(DataType.FLOAT64, false));
        assertArrayEquals(new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}}, cm.count(labels(0, 1, 2), float64));
    }

    @Test
    void evaluateGivesTheBatchValueWithoutAccumulating() {
        PrecisionRecallF1 m = PrecisionRecallF1.macroF1(3);
        NDArray value = m.evaluate(labels(TRUE), logits(3, PREDICTED));
        assertEquals((0.5 + 2.0 / 3 + 2.0 / 3) / 3, value.getFloat(), 1e-6);
    }

    @Test
    void leavesNoArraysBehind() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.addAccumulator(KEY);
        try (NDManager batch = manager.newSubManager()) {
            NDList l = new NDList(batch.create(new float[] {0, 1}));
            NDList p = new NDList(batch.create(new float[] {1, 0, 0, 0, 0, 1}, new Shape(2, 3)));
            cm.updateAccumulator(KEY, l, p);
            assertEquals(2, batch.getManagedArrays().size(), "only the batch's own arrays remain");
            assertTrue(l.head().getManager() == batch && p.head().getManager() == batch);
        }
    }

    @Test
    void rejectsBadInputsWithOneClearSentence() {
        assertEquals("ConfusionMatrix: numClasses must be >= 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(1)).getMessage());
        assertEquals("MeanIoU: ignoreIndex must lie outside the classes [0, 3), got 2",
                assertThrows(IllegalArgumentException.class, () -> new MeanIoU(3, 2)).getMessage());
        ConfusionMatrix cm = new ConfusionMatrix(3);
        assertEquals("ConfusionMatrix expects predictions shaped (N, 3, ...) with the 3 classes on axis 1, got (2, 4)",
                assertThrows(IllegalArgumentException.class, () -> cm.count(labels(0, 1), logits(4, 0, 1)))
                        .getMessage());
        assertEquals("ConfusionMatrix: label 3 is outside the classes [0, 3)",
                assertThrows(IllegalArgumentException.class, () -> cm.count(labels(0, 3), logits(3, 0, 1)))
                        .getMessage());
        assertEquals("ConfusionMatrix: label 0.5 is not a class index",
                assertThrows(IllegalArgumentException.class,
                        () -> cm.count(new NDList(manager.create(new float[] {0.5f, 1})), logits(3, 0, 1)))
                        .getMessage());
        assertEquals("ConfusionMatrix: labels shaped (3) do not fit predictions shaped (2, 3); expected (2), (2, 1)"
                        + " or (2, 3)",
                assertThrows(IllegalArgumentException.class, () -> cm.count(labels(0, 1, 2), logits(3, 0, 1)))
                        .getMessage());
        NDList int64 = new NDList(manager.create(new int[] {0, 1}).toType(DataType.INT64, false));
        assertArrayEquals(new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 0}}, cm.count(int64, logits(3, 0, 1)));
    }
}
