package dev.classicnets.googlenet;

import static dev.classicnets.common.testing.InitStatistics.assertConstant;
import static dev.classicnets.common.testing.InitStatistics.assertTruncatedNormal;
import static dev.classicnets.common.testing.InitStatistics.assertUniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.testing.InitStatistics;
import org.junit.jupiter.api.Test;

/**
 * GoogLeNet starts as torchvision's googlenet() (truncated normal 0.01) or, the paper variant, as
 * Caffe's bvlc_googlenet (xavier weights, biases 0.2, classifiers' biases 0); auxiliary heads included.
 */
class GoogLeNetInitializationTest {

    private static final Shape INPUT = new Shape(2, 1, 64, 64);

    private static GoogLeNet build(Variant variant) {
        return GoogLeNet.builder().variant(variant).aux(true).numClasses(10).optInChannels(1).build();
    }

    @Test
    void torchvisionVariantIsTruncatedNormal() {
        int[] classifierBiases = {0};
        InitStatistics.checkEach(build(Variant.TORCHVISION), INPUT, 4, (name, s) -> {
            if (InitStatistics.checkBatchNorm(s)) {
                return;
            }
            if (s.type() == Parameter.Type.WEIGHT) {
                assertTruncatedNormal(s, 0.01);
            } else {
                // only the linear layers have biases: fc (1024 in), aux fc1 (2048 in) and fc2 (1024 in)
                assertEquals(Parameter.Type.BIAS, s.type(), name);
                classifierBiases[0]++;
                assertUniform(s, 1 / Math.sqrt(name.contains("fc1") ? 2048 : 1024));
            }
        });
        assertEquals(5, classifierBiases[0]);
    }

    @Test
    void paperVariantIsCaffesReferenceModel() {
        int[] zeroBiases = {0};
        int checked = InitStatistics.checkEach(build(Variant.PAPER), INPUT, 4, (name, s) -> {
            if (s.type() == Parameter.Type.WEIGHT) {
                assertUniform(s, Math.sqrt(3.0 / Initialization.fanIn(s.shape())));
                return;
            }
            assertEquals(Parameter.Type.BIAS, s.type(), name);
            boolean classifier = name.matches(".*head_\\d+fc_bias|.*fc2_bias");
            assertConstant(s, classifier ? 0 : 0.2);
            zeroBiases[0] += classifier ? 1 : 0;
        });
        assertEquals(3, zeroBiases[0], "the main classifier and the two auxiliary ones");
        // stem 3 convolutions, 9 modules x 6, aux 2 x (conv, fc1, fc2), fc: each a weight and a bias
        assertEquals(2 * (3 + 54 + 6 + 1), checked);
    }
}
