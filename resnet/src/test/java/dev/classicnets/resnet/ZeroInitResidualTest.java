package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.classicnets.common.testing.BlockChecks;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code zeroInitResidual}: every block's last batch-norm gamma starts at 0, so every block starts
 * as {@code relu(shortcut(x))}. Then the layers inside a residual branch before that batch norm
 * legitimately get no gradient in the first step, which is why this is not a BlockChecks test.
 */
class ZeroInitResidualTest {

    /** Layers of the branch in front of the zeroed batch norm of a basic block. */
    private static final Pattern BEFORE_LAST_BN = Pattern.compile(".*layer\\d_\\d+_0[1-3](conv1|bn1|conv2)_.*");
    private static final Pattern LAST_BN_GAMMA = Pattern.compile(".*layer\\d_\\d+_04bn2_gamma");

    @Test
    void lastBatchNormGammaOfEveryBlockStartsAtZero() {
        Map<String, Float> gammaSums = gammaSums(ResNet.builder().depth(50).numClasses(7).optZeroInitResidual(true).build());
        long zeroed = gammaSums.entrySet().stream().filter(e -> e.getValue() == 0f).count();
        assertEquals(16, zeroed, "one zeroed batch norm per bottleneck block of ResNet-50");
        gammaSums.forEach((name, sum) -> {
            boolean last = name.matches(".*layer\\d_\\d+_06bn3_gamma");
            assertEquals(last, sum == 0f, name + " sums to " + sum);
        });
    }

    @Test
    void withoutTheOptionNoGammaIsZero() {
        gammaSums(ResNet.builder().depth(18).numClasses(7).build())
                .forEach((name, sum) -> assertTrue(sum > 0, name));
    }

    @Test
    void gradientsStopAtTheZeroedBatchNormOnlyWhenZeroInitialised() {
        Map<String, Float> zeroInit = gradientNorms(ResNet.builder().depth(18).numClasses(7).optZeroInitResidual(true).build());
        Map<String, Float> normal = gradientNorms(ResNet.builder().depth(18).numClasses(7).build());
        int checked = 0;
        for (Map.Entry<String, Float> e : zeroInit.entrySet()) {
            String name = e.getKey();
            assertFalse(Float.isNaN(e.getValue()) || Float.isInfinite(e.getValue()), name);
            assertTrue(normal.get(name) > 0, "without zero init every parameter learns: " + name);
            if (BEFORE_LAST_BN.matcher(name).matches()) {
                assertEquals(0f, e.getValue(), name);
                checked++;
            } else if (LAST_BN_GAMMA.matcher(name).matches() || name.contains("conv1_weight") && !name.contains("layer")) {
                assertTrue(e.getValue() > 0, "the zeroed gamma and the stem still learn: " + name);
            }
        }
        assertEquals(8 * 4, checked, "conv1, bn1 gamma and beta, conv2 of 8 blocks");
    }

    private static Map<String, Float> gammaSums(ResNet net) {
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, Float> sums = new HashMap<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.GAMMA) {
                    sums.put(p.getKey(), p.getValue().getArray().sum().getFloat());
                }
            }
            return sums;
        }
    }

    /** Gradient L1 norms after one training-mode forward and backward pass. */
    private static Map<String, Float> gradientNorms(ResNet net) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(42);
            Shape input = new Shape(2, 3, 32, 32);
            net.initialize(m, DataType.FLOAT32, input);
            NDArray x = m.randomNormal(input);
            NDArray y = m.create(new int[] {1, 5});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = net.forward(new ParameterStore(m, false), new NDList(x), true);
                gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), out));
            }
            Map<String, Float> norms = new HashMap<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    NDArray g = p.getValue().getArray().getGradient();
                    assertFalse(BlockChecks.hasNonFinite(g), p.getKey());
                    norms.put(p.getKey(), g.abs().sum().getFloat());
                }
            }
            return norms;
        }
    }
}
