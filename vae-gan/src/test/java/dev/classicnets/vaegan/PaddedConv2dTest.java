package dev.classicnets.vaegan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The padded convolution computes what a plain one should (values and gradients, in float64 as the
 * reference: oneDNN's double kernels are not the vectorised float ones), and its input gradients stay
 * finite where the plain float32 kernel's were NaN on this machine (DCGAN's discriminator ends).
 */
class PaddedConv2dTest {

    @ParameterizedTest(name = "{0} -> {1}, k{2} s{3} p{4} on {5}x{5}")
    @CsvSource({"8, 1, 4, 1, 0, 4", "64, 1, 4, 1, 0, 4", "1, 8, 4, 2, 1, 8", "3, 20, 3, 1, 1, 6"})
    void matchesTheConvolutionAndStaysFinite(int in, int out, int k, int s, int p, int side) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            PaddedConv2d padded = PaddedConv2d.of(out, k, s, p);
            Shape input = new Shape(16, in, side, side);
            padded.initialize(m, DataType.FLOAT32, input);
            NDArray w = padded.getParameters().get(0).getValue().getArray();
            ParameterStore ps = new ParameterStore(m, false);
            for (int draw = 0; draw < 20; draw++) {
                NDArray x = m.randomNormal(input);
                NDArray upstream = m.randomNormal(padded.getOutputShapes(new Shape[] {input})[0]);
                x.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    y = padded.forward(ps, new NDList(x), true).head();
                    gc.backward(y.mul(upstream).sum());
                }
                float[] gradX = x.getGradient().toFloatArray();
                float[] gradW = w.getGradient().toFloatArray();
                w.getGradient().muli(0);
                assertFalse(x.getGradient().isNaN().any().getBoolean(), "input gradient of draw " + draw);

                // the same convolution in float64
                NDArray x64 = x.stopGradient().toType(DataType.FLOAT64, true);
                NDArray w64 = w.stopGradient().toType(DataType.FLOAT64, true);
                x64.setRequiresGradient(true);
                w64.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y64 = Conv2d.conv2d(x64, w64, null, new Shape(s, s), new Shape(p, p), new Shape(1, 1), 1)
                            .head();
                    assertArrayEquals(y64.toType(DataType.FLOAT32, false).toFloatArray(), y.toFloatArray(), 1e-4f);
                    gc.backward(y64.mul(upstream.toType(DataType.FLOAT64, false)).sum());
                }
                assertArrayEquals(x64.getGradient().toType(DataType.FLOAT32, false).toFloatArray(), gradX, 1e-4f);
                assertArrayEquals(w64.getGradient().toType(DataType.FLOAT32, false).toFloatArray(), gradW, 1e-3f);
            }
            assertEquals(new Shape(out, in, k, k), w.getShape(), "a Conv2d's weight, unpadded");
        }
    }
}
