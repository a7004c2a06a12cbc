package dev.classicnets.lenet;

import static dev.classicnets.common.testing.InitStatistics.assertConstant;
import static dev.classicnets.common.testing.InitStatistics.assertNormal;
import static dev.classicnets.common.testing.InitStatistics.assertUniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.testing.InitStatistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** LeNet-5 starts as its Javadoc says: LeCun 1998's U(±2.4 / F_in) (classic), He's N(0, 2 / F_in) (modern). */
class LeNet5InitializationTest {

    @ParameterizedTest
    @EnumSource(LeNet5.Variant.class)
    void weightsFollowTheVariantsRuleAndBiasesStartAtZero(LeNet5.Variant variant) {
        int checked = InitStatistics.checkEach(LeNet5.builder().variant(variant).numClasses(10).build(),
                new Shape(2, 1, 28, 28), 5, (name, s) -> {
                    if (s.type() == Parameter.Type.BIAS) {
                        assertConstant(s, 0);
                        return;
                    }
                    assertEquals(Parameter.Type.WEIGHT, s.type(), name);
                    long fanIn = Initialization.fanIn(s.shape());
                    if (variant == LeNet5.Variant.CLASSIC) {
                        assertUniform(s, 2.4 / fanIn);
                    } else {
                        assertNormal(s, Math.sqrt(2.0 / fanIn));
                    }
                });
        assertEquals(10, checked, "C1, C3, C5, F6 and the output, each a weight and a bias");
    }
}
