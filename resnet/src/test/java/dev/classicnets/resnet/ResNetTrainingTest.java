package dev.classicnets.resnet;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.testing.BlockChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the registry's checks ({@link RegistryTest}: every depth and plain twin, forward and
 * backward) leave out: the paper's bottleneck stride, Fashion-MNIST's 28x28, and save/load round
 * trips. An odd class count (7) catches a hard-coded 10 or 1000.
 */
class ResNetTrainingTest {

    private static final int CLASSES = 7;

    @Test
    void paperBottleneckStrideTrains() {
        ResNet net = ResNet.builder().depth(50).optStrideOn1x1(true).numClasses(CLASSES).build();
        BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 3, 32, 32), CLASSES);
    }

    /** 28 halves to 14 and 7 (every depth and its plain twin trains at 32x32 in RegistryTest). */
    @ParameterizedTest(name = "CIFAR {0} plain={1}")
    @CsvSource({"20, false", "20, true"})
    void cifarNetworksTrainOnFashionMnistSizedInput(int depth, boolean plain) {
        ResNet net = ResNet.builder().depth(depth).plain(plain).numClasses(CLASSES).optInChannels(1).build();
        BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 1, 28, 28), CLASSES);
    }

    @ParameterizedTest(name = "depth {0} plain={1}")
    @CsvSource({"18, false", "20, false", "20, true"})
    void saveLoadRoundTrip(int depth, boolean plain) throws Exception {
        BlockChecks.assertSaveLoadRoundTrip(
                () -> ResNet.builder().depth(depth).plain(plain).numClasses(CLASSES).build(), new Shape(2, 3, 32, 32));
    }
}
