package dev.classicnets.vgg;

import static dev.classicnets.common.testing.InitStatistics.assertConstant;
import static dev.classicnets.common.testing.InitStatistics.assertNormal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.testing.InitStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VGG starts as the paper (N(0, 0.01²), biases 0) without batch norm, and as torchvision's vgg*_bn
 * with it (convolutions He-normal over the fan-out, linear N(0, 0.01²), biases 0, gamma 1, beta 0).
 */
class VggInitializationTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void weightsBiasesAndBatchNormStartAsSpecified(boolean batchNorm) {
        // the cpu preset's size (width 0.25, fc 256)
        Vgg net = Vgg.builder().config(Vgg.Config.A).optBatchNorm(batchNorm).numClasses(10).optInChannels(1)
                .optWidthMultiplier(0.25f).optClassifierWidth(256).optPoolSize(1).build();
        int[] convolutions = {0};
        int checked = InitStatistics.checkEach(net, new Shape(2, 1, 32, 32), 2, (name, s) -> {
            if (InitStatistics.checkBatchNorm(s)) {
                assertTrue(batchNorm, name);
            } else if (s.type() == Parameter.Type.BIAS) {
                assertConstant(s, 0);
            } else if (s.shape().dimension() == 4) {
                // the paper's 0.01 keeping its gain at width 0.25 (x2) after the first, which sees the image
                double paper = convolutions[0]++ == 0 ? 0.01 : 0.02;
                assertNormal(s, batchNorm ? Math.sqrt(2.0 / Initialization.fanOut(s.shape())) : paper);
            } else {
                assertEquals(2, s.shape().dimension(), name);
                assertNormal(s, 0.04); // 0.01 * sqrt(4096 / 256)
            }
        });
        assertEquals(8, convolutions[0]);
        assertEquals(batchNorm ? 2 * 11 + 4 * 8 : 2 * 11, checked);
    }

    @Test
    void atThePapersWidthEveryWeightIsNormal001() {
        Vgg net = Vgg.builder().config(Vgg.Config.A).numClasses(10).optPoolSize(1).build();
        int checked = InitStatistics.checkEach(net, new Shape(1, 3, 32, 32), 2, (name, s) -> {
            if (s.type() == Parameter.Type.WEIGHT) {
                assertNormal(s, 0.01);
            }
        });
        assertEquals(2 * 11, checked);
    }
}
