package dev.classicnets.common.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.classicnets.common.callback.MonitorMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    /** Feeds {@code values} as epochs 1..n and returns the epoch it stopped after (0 = never). */
    private static int stopEpoch(EarlyStopping es, String monitor, double... values) {
        for (int i = 0; i < values.length; i++) {
            if (!es.onEpochEnd(i + 1, Map.of(monitor, values[i]), null)) {
                return i + 1;
            }
        }
        return 0;
    }

    @Test
    void minModeComparesWithTheBestNotThePreviousEpoch() {
        // best 0.5 at epoch 2; 0.6, 0.55, 0.52 are each better than the epoch before but not than the best
        EarlyStopping es = EarlyStopping.builder().monitor("validate_loss").patience(3).build();
        assertEquals(5, stopEpoch(es, "validate_loss", 0.9, 0.5, 0.6, 0.55, 0.52, 0.1));
        assertEquals(2, es.bestEpoch());
        assertEquals(0.5, (double) es.summary().get("best_validate_loss"));
        assertEquals(true, es.summary().get("stopped_early"));
    }

    @Test
    void maxModeAndAutoFromTheName() {
        EarlyStopping es = EarlyStopping.builder().monitor("validate_accuracy").patience(2).build();
        assertTrue(es.maximises());
        assertEquals(4, stopEpoch(es, "validate_accuracy", 0.8, 0.85, 0.84, 0.85));
        assertEquals(2, es.bestEpoch());
        EarlyStopping forcedMin = EarlyStopping.builder().monitor("validate_accuracy")
                .optMode(MonitorMode.MIN).patience(1).build();
        assertEquals(2, stopEpoch(forcedMin, "validate_accuracy", 0.8, 0.85));
    }

    @Test
    void minDeltaIsAnAbsoluteMarginOverTheBest() {
        EarlyStopping es = EarlyStopping.builder().monitor("validate_loss").patience(2).optMinDelta(0.01).build();
        // 0.995 and 0.991 improve by less than 0.01 over 1.0: no improvement; stop after epoch 3
        assertEquals(3, stopEpoch(es, "validate_loss", 1.0, 0.995, 0.991, 0.5));
        EarlyStopping enough = EarlyStopping.builder().monitor("validate_loss").patience(2).optMinDelta(0.01).build();
        assertEquals(0, stopEpoch(enough, "validate_loss", 1.0, 0.98, 0.96, 0.94));
    }

    @Test
    void aPlateauStopsAfterPatienceEpochs() {
        EarlyStopping es = EarlyStopping.builder().monitor("train_loss").patience(4).build();
        assertEquals(5, stopEpoch(es, "train_loss", 0.3, 0.3, 0.3, 0.3, 0.3, 0.3));
    }

    @Test
    void aBaselineMustBeBeaten() {
        EarlyStopping es = EarlyStopping.builder().monitor("validate_accuracy").patience(2).optBaseline(0.9).build();
        // improving, but never above 0.9: stops after 2 epochs as Keras does
        assertEquals(2, stopEpoch(es, "validate_accuracy", 0.5, 0.6, 0.7));
    }

    @Test
    void epochsBeforeTheStartAreNotJudged() {
        EarlyStopping es = EarlyStopping.builder().monitor("validate_loss").patience(1).optStartFromEpoch(3).build();
        assertEquals(4, stopEpoch(es, "validate_loss", 1, 2, 3, 4));
        assertEquals(3, es.bestEpoch());
    }

    @Test
    void restoresTheBestEpochsWeights() {
        try (Model model = Model.newInstance("m")) {
            Linear linear = Linear.builder().setUnits(2).build();
            model.setBlock(linear);
            linear.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
            NDArray w = linear.getParameters().get("weight").getArray();
            EarlyStopping es = EarlyStopping.builder().monitor("validate_loss").patience(2)
                    .optRestoreBestWeights(true).build();
            float[] atBest = null;
            double[] losses = {1.0, 0.4, 0.6, 0.7};
            for (int epoch = 1; epoch <= losses.length; epoch++) {
                w.addi(1f); // "training" changes the weights every epoch
                if (epoch == 2) {
                    atBest = w.toFloatArray();
                }
                if (!es.onEpochEnd(epoch, Map.of("validate_loss", losses[epoch - 1]), Map.of("m", linear))) {
                    break;
                }
            }
            assertFalse(java.util.Arrays.equals(atBest, w.toFloatArray()));
            es.onTrainingEnd(Map.of("m", linear));
            assertArrayEquals(atBest, w.toFloatArray(), 0f);
            assertEquals(true, es.summary().get("restored_best_weights"));
        }
    }

    @Test
    void anUnknownOrMissingMonitorIsOneClearError() {
        EarlyStopping es = EarlyStopping.builder().monitor("validate_f1").patience(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> es.onEpochEnd(1, Map.of("validate_loss", 0.1), null));
        assertTrue(e.getMessage().startsWith("early stopping monitors 'validate_f1', which this run does not record"),
                e.getMessage());
        EarlyStopping nan = EarlyStopping.builder().monitor("validate_loss").patience(2).build();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> nan.onEpochEnd(1, Map.of("validate_loss", Double.NaN), null)).getMessage()
                .contains("is there validation data?"));
        assertEquals("patience must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.builder().patience(0).build()).getMessage());
    }
}
