package dev.classicnets.lenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Gradients and parameter counts of both baselines: {@link RegistryTest} ({@code softmax}, {@code mlp}). */
class MnistBaselinesTest {

    @Test
    void badDropoutIsRejected() {
        assertEquals("dropout must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> MnistBaselines.mlp(10, 1f)).getMessage());
    }
}
