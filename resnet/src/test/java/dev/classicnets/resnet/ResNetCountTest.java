package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.nn.Parameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What changes the trainable parameter count and what does not. The published counts of every
 * depth, residual and plain, are checked in {@link RegistryTest}. Initialise only.
 */
class ResNetCountTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"18", "50"})
    void strideOn1x1AndZeroInitKeepTheCount(int depth) {
        ResNet.Builder b = ResNet.builder().depth(depth).numClasses(1000).optZeroInitResidual(true);
        if (depth == 50) {
            b.optStrideOn1x1(true);
        }
        assertEquals(count(ResNet.builder().depth(depth).numClasses(1000).build(), 3), count(b.build(), 3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"20", "34"})
    void oneInputChannelRemovesTwoThirdsOfTheStem(int depth) {
        long kernels = depth == 20 ? 16 * 3 * 3 : 64 * 7 * 7; // stem filters x kernel area, per input channel
        ResNet rgb = ResNet.builder().depth(depth).numClasses(10).build();
        ResNet grey = ResNet.builder().depth(depth).numClasses(10).optInChannels(1).build();
        assertEquals(count(rgb, 3) - 2 * kernels, count(grey, 1));
    }

    static long count(ResNet net, int channels) {
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 32, 32));
            return Parameters.countTrainable(net);
        }
    }
}
