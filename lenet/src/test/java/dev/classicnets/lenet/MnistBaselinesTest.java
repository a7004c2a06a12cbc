package dev.classicnets.lenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.testing.BlockChecks;
import org.junit.jupiter.api.Test;

class MnistBaselinesTest {

    @Test
    void softmaxRegressionIsOneLinearLayer() {
        assertEquals(784 * 7 + 7, BlockChecks.assertTrainsEveryParameter(MnistBaselines.softmaxRegression(7),
                new Shape(3, 1, 28, 28), 7));
    }

    @Test
    void mlpHasFiveLayers() {
        long expected = (784 * 200 + 200) + (200 * 100 + 100) + (100 * 60 + 60) + (60 * 30 + 30) + (30 * 7 + 7);
        assertEquals(expected, BlockChecks.assertTrainsEveryParameter(MnistBaselines.mlp(7, 0.25f),
                new Shape(3, 1, 28, 28), 7));
    }

    @Test
    void badDropoutIsRejected() {
        assertEquals("dropout must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> MnistBaselines.mlp(10, 1f)).getMessage());
    }
}
