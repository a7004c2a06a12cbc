package dev.classicnets.alexnet;

import static dev.classicnets.common.testing.InitStatistics.assertConstant;
import static dev.classicnets.common.testing.InitStatistics.assertNormal;
import static dev.classicnets.common.testing.InitStatistics.assertUniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.testing.InitStatistics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** AlexNet starts as section 5 of the paper says, the torchvision variant as torchvision's alexnet(). */
class AlexNetInitializationTest {

    /** The cpu preset's size; the rule does not depend on it. */
    private static AlexNet build(AlexNet.Variant variant) {
        return AlexNet.builder().variant(variant).numClasses(10).optInChannels(1).optWidthMultiplier(0.5f)
                .optClassifierWidth(1024).optPoolSize(1).build();
    }

    @ParameterizedTest
    @EnumSource(value = AlexNet.Variant.class, names = {"PAPER", "ONE_TOWER"})
    void paperWeightsAreNormal001AndBiasesOneInConv245Fc6Fc7(AlexNet.Variant variant) {
        List<Float> biases = new ArrayList<>();
        int[] weights = {0};
        int checked = InitStatistics.checkEach(build(variant), new Shape(2, 1, 67, 67), 1, (name, s) -> {
            if (s.type() == Parameter.Type.WEIGHT) {
                // the paper's 0.01 keeping its gain at width 0.5 and a 1,024-wide classifier; conv1 sees the image
                int layer = weights[0]++;
                assertNormal(s, layer == 0 ? 0.01 : s.shape().dimension() == 4 ? 0.01 / Math.sqrt(0.5) : 0.02);
            } else {
                assertEquals(Parameter.Type.BIAS, s.type(), name);
                assertEquals(s.min(), s.max(), 0, name + " is a constant");
                biases.add((float) s.min());
            }
        });
        assertEquals(16, checked);
        // conv1..conv5, fc6, fc7, fc8
        assertEquals(List.of(0f, 1f, 0f, 1f, 1f, 1f, 1f, 0f), biases);
    }

    @Test
    void torchvisionVariantHasPyTorchsLayerDefaults() {
        Shape[] lastWeight = new Shape[1];
        int checked = InitStatistics.checkEach(build(AlexNet.Variant.TORCHVISION), new Shape(2, 1, 64, 64), 1,
                (name, s) -> {
                    if (s.type() == Parameter.Type.WEIGHT) {
                        lastWeight[0] = s.shape();
                    } else {
                        assertEquals(Parameter.Type.BIAS, s.type(), name);
                    }
                    // a bias comes right after its weight and has the weight's fan-in
                    assertUniform(s, 1 / Math.sqrt(Initialization.fanIn(lastWeight[0])));
                });
        assertEquals(16, checked);
    }

    @Test
    void theSummaryStillStartsFromZeros() {
        // a recipe's --summary overrides every initialiser: what it prints costs no random draws
        AlexNet net = build(AlexNet.Variant.PAPER);
        net.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, p -> true);
        InitStatistics.checkEach(net, new Shape(1, 1, 67, 67), 1, (name, s) -> assertConstant(s, 0));
    }
}
