package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/** The weighted loss against softmax cross-entropy worked out by hand. */
class AuxiliaryLossTest {

    private static final float[][] MAIN = {{2, 0, -1}, {0.5f, 0.5f, 3}};
    private static final float[][] AUX1 = {{0, 1, 0}, {1, 2, 3}};
    private static final float[][] AUX2 = {{1, 1, 1}, {-2, 0, 2}};
    private static final int[] LABELS = {0, 2};

    @Test
    void mainPlusPointThreeTimesEachAuxiliary() {
        double expected = crossEntropy(MAIN) + 0.3 * crossEntropy(AUX1) + 0.3 * crossEntropy(AUX2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList predictions = new NDList(m.create(MAIN), m.create(AUX1), m.create(AUX2));
            float loss = new AuxiliaryLoss(Loss.softmaxCrossEntropyLoss())
                    .evaluate(new NDList(m.create(LABELS)), predictions).getFloat();
            assertEquals(expected, loss, 1e-5);
        }
    }

    @Test
    void atInferenceItIsTheBaseLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = new AuxiliaryLoss(Loss.softmaxCrossEntropyLoss())
                    .evaluate(new NDList(m.create(LABELS)), new NDList(m.create(MAIN))).getFloat();
            assertEquals(crossEntropy(MAIN), loss, 1e-5);
        }
    }

    @Test
    void customWeightAndValidation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList predictions = new NDList(m.create(MAIN), m.create(AUX1));
            float loss = new AuxiliaryLoss(Loss.softmaxCrossEntropyLoss(), 1f)
                    .evaluate(new NDList(m.create(LABELS)), predictions).getFloat();
            assertEquals(crossEntropy(MAIN) + crossEntropy(AUX1), loss, 1e-5);
        }
        assertThrows(IllegalArgumentException.class, () -> new AuxiliaryLoss(Loss.softmaxCrossEntropyLoss(), -0.1f));
    }

    /** Mean over the batch of -log softmax(logits)[label]. */
    private static double crossEntropy(float[][] logits) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double norm = 0;
            for (float z : logits[i]) {
                norm += Math.exp(z);
            }
            sum += Math.log(norm) - logits[i][LABELS[i]];
        }
        return sum / logits.length;
    }
}
