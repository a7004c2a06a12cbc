package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * {@link ChannelPaddedConv2d} against a float64 convolution, for channel counts libtorch's float32
 * kernels get wrong (see there) and ones they get right; its gradients too.
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

    @ParameterizedTest(name = "{0} channels, {1}x{1}, {2} groups")
    @CsvSource({"24, 3, 1, true", "12, 3, 1, true", "16, 3, 1, false", "32, 3, 1, false", "8, 3, 1, false",
        "24, 1, 1, false", "48, 3, 2, false"})
    void padsOnlyWhereTheKernelsGoWrong(int channels, int kernel, int groups, boolean pads) {
        assertEquals(pads, ChannelPaddedConv2d.pads(channels, new Shape(kernel, kernel), groups));
    }
}
