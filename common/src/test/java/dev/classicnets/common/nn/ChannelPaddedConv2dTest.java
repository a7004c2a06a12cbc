package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ChannelPaddedConv2d} against a float64 convolution (oneDNN's double kernels are not the
 * vectorised float ones), for channel counts libtorch's float32 kernels get wrong (see there) and ones
 * they get right: values, weight gradients and input gradients, which must also stay finite.
 */
class ChannelPaddedConv2dTest {

    @ParameterizedTest(name = "{0} channels, {1}x{1}, batch {2}")
    @CsvSource({"24, 3, 2", "20, 5, 3", "12, 3, 2", "40, 3, 2", "32, 3, 2", "3, 3, 2", "24, 1, 2", "24, 3, 1"})
    void matchesFloat64(int channels, int kernel, int batch) {
        Engine.getInstance().setRandomSeed(channels * 31 + kernel);
        try (NDManager m = NDManager.newBaseManager()) {
            ChannelPaddedConv2d conv = new ChannelPaddedConv2d(Conv2d.builder().setFilters(16)
                    .setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(kernel / 2, kernel / 2)));
            Shape input = new Shape(batch, channels, 7, 7);
            conv.initialize(m, DataType.FLOAT32, input);
            NDArray x = m.randomNormal(input);
            NDArray w = conv.getParameters().get("weight").getArray();
            NDArray b = conv.getParameters().get("bias").getArray();
            NDArray reference = Conv2d.conv2d(x.toType(DataType.FLOAT64, true), w.toType(DataType.FLOAT64, true),
                    b.toType(DataType.FLOAT64, true), new Shape(1, 1), new Shape(kernel / 2, kernel / 2),
                    new Shape(1, 1), 1).head().toType(DataType.FLOAT32, true);
            NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertEquals(new Shape(batch, 16, 7, 7), y.getShape());
            float error = y.sub(reference).abs().max().getFloat() / reference.abs().max().getFloat();
            assertTrue(error < 1e-5, "relative error " + error);
        }
    }

    @ParameterizedTest(name = "{0} channels")
    @CsvSource({"24", "32"})
    void gradientsMatchFloat64(int channels) {
        Engine.getInstance().setRandomSeed(channels);
        try (NDManager m = NDManager.newBaseManager()) {
            ChannelPaddedConv2d conv = new ChannelPaddedConv2d(Conv2d.builder().setFilters(8)
                    .setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optBias(false));
            Shape input = new Shape(2, channels, 5, 5);
            conv.initialize(m, DataType.FLOAT32, input);
            Parameter weight = conv.getParameters().get("weight");
            NDArray x = m.randomNormal(input);
            NDArray target = m.randomNormal(new Shape(2, 8, 5, 5));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), true).head();
                gc.backward(y.mul(target).sum());
            }
            // d/dW sum(conv(x, W) * t) = correlation of x with t, in float64
            NDArray x64 = x.toType(DataType.FLOAT64, true);
            NDArray t64 = target.toType(DataType.FLOAT64, true);
            NDArray expected = Conv2d.conv2d(x64.transpose(1, 0, 2, 3), t64.transpose(1, 0, 2, 3), null,
                    new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).head().transpose(1, 0, 2, 3)
                    .toType(DataType.FLOAT32, true);
            NDArray grad = weight.getArray().getGradient();
            assertEquals(expected.getShape(), grad.getShape());
            float error = grad.sub(expected).abs().max().getFloat() / expected.abs().max().getFloat();
            assertTrue(error < 1e-5, "relative error of the weight gradient " + error);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}, k{2} s{3} p{4} on {5}x{5}")
    @CsvSource({"8, 1, 4, 1, 0, 4", "64, 1, 4, 1, 0, 4", "1, 8, 4, 2, 1, 8", "3, 20, 3, 1, 1, 6", "8, 8, 3, 1, 1, 6",
        "20, 8, 3, 1, 1, 6", "24, 16, 4, 2, 1, 8", "12, 3, 1, 1, 0, 6",
        "16, 120, 5, 1, 0, 5", "3, 20, 4, 2, 0, 4"}) // the first two and the last two: a matrix product
    void inputGradientsMatchFloat64AndStayFinite(int in, int out, int k, int s, int p, int side) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            ChannelPaddedConv2d conv = ChannelPaddedConv2d.of(out, k, s, p);
            Shape input = new Shape(16, in, side, side);
            conv.initialize(m, DataType.FLOAT32, input);
            NDArray w = conv.getParameters().get("weight").getArray();
            ParameterStore ps = new ParameterStore(m, false);
            for (int draw = 0; draw < 5; draw++) {
                NDArray x = m.randomNormal(input);
                NDArray upstream = m.randomNormal(conv.getOutputShapes(new Shape[] {input})[0]);
                x.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    // an intermediate input, as in a network (DJL reports no gradient for it)
                    y = conv.forward(ps, new NDList(Arithmetic.mul(x, 1)), true).head();
                    gc.backward(y.mul(upstream).sum());
                }
                float[] gradX = x.getGradient().toFloatArray();
                float[] gradW = w.getGradient().toFloatArray();
                w.getGradient().muli(0);
                assertFalse(x.getGradient().isNaN().any().getBoolean(), "input gradient of draw " + draw);

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
                assertArrayEquals(x64.getGradient().toType(DataType.FLOAT32, false).toFloatArray(), gradX, 1e-4f,
                        "input gradient of draw " + draw);
                assertArrayEquals(w64.getGradient().toType(DataType.FLOAT32, false).toFloatArray(), gradW, 1e-3f);
            }
            assertEquals(new Shape(out, in, k, k), w.getShape(), "a Conv2d's weight, unpadded");
            assertEquals(new Shape(16, out, (side + 2 * p - k) / s + 1, (side + 2 * p - k) / s + 1),
                    conv.forward(ps, new NDList(m.randomNormal(input)), false).head().getShape());
        }
    }

    /**
     * LeNet-5's C1 built {@code overData}: on data (no input gradient) it computes 6 filters as they are, and the
     * weight gradient is right; on a leaf asking for an input gradient it pads, and that gradient is right too.
     */
    @ParameterizedTest(name = "input needs a gradient: {0}")
    @ValueSource(booleans = {false, true})
    void overDataPadsOnlyForAnInputThatAsksForAGradient(boolean inputGradient) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            ChannelPaddedConv2d conv = ChannelPaddedConv2d.overData(Conv2d.builder().setFilters(6)
                    .setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)));
            assertTrue(conv.isOverData());
            Shape input = new Shape(16, 1, 28, 28);
            conv.initialize(m, DataType.FLOAT32, input);
            NDArray w = conv.getParameters().get("weight").getArray();
            NDArray b = conv.getParameters().get("bias").getArray();
            NDArray x = m.randomNormal(input);
            NDArray upstream = m.randomNormal(new Shape(16, 6, 28, 28));
            x.setRequiresGradient(inputGradient);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), true).head();
                gc.backward(y.mul(upstream).sum());
            }
            NDArray x64 = x.stopGradient().toType(DataType.FLOAT64, true);
            NDArray w64 = w.stopGradient().toType(DataType.FLOAT64, true);
            x64.setRequiresGradient(true);
            w64.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y64 = Conv2d.conv2d(x64, w64, b.stopGradient().toType(DataType.FLOAT64, true),
                        new Shape(1, 1), new Shape(2, 2), new Shape(1, 1), 1).head();
                gc.backward(y64.mul(upstream.toType(DataType.FLOAT64, false)).sum());
            }
            assertArrayEquals(w64.getGradient().toType(DataType.FLOAT32, false).toFloatArray(),
                    w.getGradient().toFloatArray(), 1e-2f, "weight gradient");
            if (inputGradient) {
                assertArrayEquals(x64.getGradient().toType(DataType.FLOAT32, false).toFloatArray(),
                        x.getGradient().toFloatArray(), 1e-4f, "input gradient");
            }
        }
    }

    @ParameterizedTest(name = "{0} channels, {1}x{1}, {2} groups")
    @CsvSource({"24, 3, 1, true", "12, 3, 1, true", "16, 3, 1, false", "32, 3, 1, false", "8, 3, 1, false",
        "24, 1, 1, false", "48, 3, 2, false"})
    void padsInputsOnlyWhereTheForwardGoesWrong(int channels, int kernel, int groups, boolean pads) {
        assertEquals(pads, ChannelPaddedConv2d.pads(channels, new Shape(kernel, kernel), groups));
    }

    @ParameterizedTest(name = "{0} filters, {1}x{1}, {2} groups")
    @CsvSource({"1, 4, 1, true", "8, 3, 1, true", "24, 3, 1, true", "16, 3, 1, false", "64, 4, 1, false",
        "8, 1, 1, false", "8, 3, 2, false"})
    void padsFiltersOnlyWhereTheInputGradientGoesWrong(int filters, int kernel, int groups, boolean pads) {
        assertEquals(pads, ChannelPaddedConv2d.padsFilters(filters, new Shape(kernel, kernel), groups));
    }
}
