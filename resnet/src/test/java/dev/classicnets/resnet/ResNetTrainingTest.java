package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.testing.BlockChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * timm-style checks on every network: a forward and backward pass on a small batch reaches every
 * parameter with a finite, non-zero gradient, the output is (N, classes), and the parameters
 * survive a save/load round trip. An odd class count (7) catches a hard-coded 10 or 1000.
 */
class ResNetTrainingTest {

    private static final int CLASSES = 7;

    /** 101 is 50 with more bottlenecks in layer3; 152 covers the deepest stack of them. */
    @ParameterizedTest(name = "ImageNet {0} plain={1}")
    @CsvSource({"18, false", "34, false", "50, false", "152, false", "18, true", "34, true"})
    void imageNetNetworksTrainAt32x32(int depth, boolean plain) {
        ResNet net = ResNet.builder().depth(depth).plain(plain).numClasses(CLASSES).build();
        BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 3, 32, 32), CLASSES);
    }

    @Test
    void paperBottleneckStrideTrains() {
        ResNet net = ResNet.builder().depth(50).optStrideOn1x1(true).numClasses(CLASSES).build();
        BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 3, 32, 32), CLASSES);
    }

    @ParameterizedTest(name = "CIFAR {0} plain={1}")
    @CsvSource({
        "20, false", "32, false", "44, false", "56, false", "110, false",
        "20, true", "56, true",
    })
    void cifarNetworksTrainOnFashionMnistSizedInput(int depth, boolean plain) {
        ResNet net = ResNet.builder().depth(depth).plain(plain).numClasses(CLASSES).optInChannels(1).build();
        BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 1, 28, 28), CLASSES);
    }

    @Test
    void cifarNetworkOn32x32ColourImages() {
        ResNet net = ResNet.builder().depth(20).numClasses(10).build();
        assertEquals(269_722L, BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 3, 32, 32), 10));
    }

    @ParameterizedTest(name = "depth {0} plain={1}")
    @CsvSource({"18, false", "20, false", "20, true"})
    void saveLoadRoundTrip(int depth, boolean plain) throws Exception {
        BlockChecks.assertSaveLoadRoundTrip(
                () -> ResNet.builder().depth(depth).plain(plain).numClasses(CLASSES).build(), new Shape(2, 3, 32, 32));
    }
}
