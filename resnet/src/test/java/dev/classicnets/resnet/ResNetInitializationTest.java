package dev.classicnets.resnet;

import static dev.classicnets.common.testing.InitStatistics.assertNormal;
import static dev.classicnets.common.testing.InitStatistics.assertUniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.testing.InitStatistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ResNet starts as torchvision's: every convolution (the strided 1x1 shortcuts too) N(0, 2 / fan-out),
 * batch norm gamma 1 and beta 0, the classifier U(±1/√fan-in) for weight and bias.
 */
class ResNetInitializationTest {

    @ParameterizedTest
    @ValueSource(ints = {20, 18})
    void convolutionsAreHeNormalOverTheFanOut(int depth) {
        ResNet net = ResNet.builder().depth(depth).numClasses(10).optInChannels(1).build();
        int[] convolutions = {0};
        long fcFanIn = depth == 20 ? 64 : 512;
        int checked = InitStatistics.checkEach(net, new Shape(2, 1, 32, 32), 3, (name, s) -> {
            if (InitStatistics.checkBatchNorm(s)) {
                return;
            }
            if (s.shape().dimension() == 4) {
                convolutions[0]++;
                assertNormal(s, Math.sqrt(2.0 / Initialization.fanOut(s.shape())));
            } else {
                assertTrue(name.contains("fc"), name + " should be the classifier's");
                assertEquals(s.type() == Parameter.Type.WEIGHT ? 2 : 1, s.shape().dimension(), name);
                assertUniform(s, 1 / Math.sqrt(fcFanIn));
            }
        });
        // ResNet-18: the stem, 16 in the blocks, 3 downsampling shortcuts (1x1, stride 2)
        assertEquals(depth == 20 ? 19 : 20, convolutions[0]);
        assertTrue(checked > convolutions[0] + 2, "batch norms were checked too");
    }
}
