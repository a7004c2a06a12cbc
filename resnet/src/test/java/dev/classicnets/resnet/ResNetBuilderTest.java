package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.nn.ModelSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResNetBuilderTest {

    @Test
    void unsupportedDepthNamesTheValueAndTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResNet.builder().depth(19).numClasses(10).build());
        assertTrue(e.getMessage().contains("19"), e.getMessage());
        assertTrue(e.getMessage().contains("[18, 34, 50, 101, 152, 20, 32, 44, 56, 110]"), e.getMessage());
    }

    @Test
    void everySupportedDepthIsTheNetworksLayerCount() {
        assertEquals(List.of(18, 34, 50, 101, 152, 20, 32, 44, 56, 110), List.copyOf(ResNet.supportedDepths()));
        ResNet.DEPTHS.forEach((depth, config) -> assertEquals(depth, config.depth()));
    }

    @Test
    void invalidOptionsAreRejectedWithTheValue() {
        assertMessage("numClasses must be >= 1, got 0", () -> ResNet.builder().depth(18).build());
        assertMessage("inChannels must be >= 1, got 0", () -> ResNet.builder().depth(18).numClasses(3).optInChannels(0).build());
        assertMessage("depth 18", () -> ResNet.builder().depth(18).numClasses(3).optStrideOn1x1(true).build());
        assertMessage("plain", () -> ResNet.builder().depth(20).plain(true).numClasses(3).optZeroInitResidual(true).build());
    }

    @Test
    void wrongInputChannelsStopWithOneSentence() {
        ResNet net = ResNet.builder().depth(20).numClasses(10).optInChannels(1).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(
                    new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 3, 28, 28))), false));
            assertEquals("ResNet-20 expects (N, 1, H, W) input, got (1, 3, 28, 28)", e.getMessage());
        }
    }

    @Test
    void summaryTotalIsTheParameterCount() {
        ModelSummary s = ResNet.summary(ResNet.builder().depth(18).numClasses(1000).build(), 224);
        assertEquals(11_689_512L, s.totalParameters());
        assertTrue(s.format().contains("11689512"), s.format());
        assertTrue(s.format().contains("(1, 512, 7, 7)"), "layer4 at 7x7 for 224x224 input:\n" + s.format());

        ModelSummary cifar = ResNet.summary(ResNet.builder().depth(56).plain(true).numClasses(10).optInChannels(1).build(), 28);
        assertEquals(853_018L - 2 * 16 * 9, cifar.totalParameters());
        assertTrue(cifar.format().contains("852730"), cifar.format());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
