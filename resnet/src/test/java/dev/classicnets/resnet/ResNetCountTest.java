package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.nn.Parameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trainable parameter counts the paper's networks (and torchvision's) have. Initialise only. */
class ResNetCountTest {

    @ParameterizedTest(name = "{0}{1} -> {2}")
    @CsvSource({
        "18, false, 11689512",
        "34, false, 21797672",
        "50, false, 25557032",
        "101, false, 44549160",
        "152, false, 60192808",
        "18, true, 11515688",
        "34, true, 21623848",
    })
    void imageNetCounts(int depth, boolean plain, long expected) {
        assertEquals(expected, count(ResNet.builder().depth(depth).plain(plain).numClasses(1000).build(), 3));
    }

    @ParameterizedTest(name = "CIFAR {0} plain={1} -> {2}")
    @CsvSource({
        "20, false, 269722", "20, true, 269722",
        "32, false, 464154", "32, true, 464154",
        "44, false, 658586", "44, true, 658586",
        "56, false, 853018", "56, true, 853018",
        "110, false, 1727962", "110, true, 1727962",
    })
    void cifarCounts(int depth, boolean plain, long expected) {
        assertEquals(expected, count(ResNet.builder().depth(depth).plain(plain).numClasses(10).build(), 3));
    }

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
