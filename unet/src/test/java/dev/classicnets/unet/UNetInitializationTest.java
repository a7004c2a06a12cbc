package dev.classicnets.unet;

import static dev.classicnets.common.testing.InitStatistics.assertConstant;
import static dev.classicnets.common.testing.InitStatistics.assertNormal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.testing.InitStatistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * U-Net starts as the paper's section 3 says: every weight Gaussian with std sqrt(2/N), N the inputs of
 * one neuron (k·k·C for a convolution, C for the 2x2 stride-2 up-convolution, whose outputs each see one
 * pixel per input channel), biases 0; with batch norm gamma 1 and beta 0.
 */
class UNetInitializationTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void weightsAreGaussianOverTheInputsOfOneNeuron(boolean batchNorm) {
        UNet net = UNet.padded().optDepth(2).optBaseWidth(16).optBatchNorm(batchNorm).numClasses(3).build();
        int[] convolutions = {0};
        int[] upConvolutions = {0};
        int checked = InitStatistics.checkEach(net, new Shape(2, 1, 32, 32), 5, (name, s) -> {
            if (InitStatistics.checkBatchNorm(s)) {
                return;
            }
            if (s.type() == Parameter.Type.BIAS) {
                assertConstant(s, 0);
            } else if (s.shape().get(2) == 2) { // (C_in, C_out, 2, 2)
                upConvolutions[0]++;
                assertNormal(s, Math.sqrt(2.0 / s.shape().get(0)));
            } else {
                convolutions[0]++;
                assertNormal(s, Math.sqrt(2.0 / Initialization.fanIn(s.shape())));
            }
        });
        assertEquals(2, upConvolutions[0]);
        assertEquals(2 + 2 * 2 + 2 * 2 + 1, convolutions[0]); // inc, two per down and up block, outc
        assertEquals(true, checked > convolutions[0] + upConvolutions[0]);
    }
}
