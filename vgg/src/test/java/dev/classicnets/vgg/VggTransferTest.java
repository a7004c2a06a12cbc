package dev.classicnets.vgg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The paper's initialisation of deeper columns from a trained A. */
class VggTransferTest {

    private static final Shape INPUT = new Shape(2, 3, 32, 32);

    private static Vgg small(Vgg.Config config, boolean batchNorm, int classes) {
        return Vgg.builder().config(config).optBatchNorm(batchNorm).numClasses(classes)
                .optWidthMultiplier(0.25f).optClassifierWidth(32).build();
    }

    private static Map<String, float[]> values(Vgg net) {
        Map<String, float[]> values = new HashMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /** Asserts copies equal their source, and every other target tensor kept its value. */
    private static void assertCopiedExactly(Vgg source, Vgg target, Map<String, float[]> before,
            VggTransfer.Result result) {
        Map<String, float[]> src = values(source);
        Map<String, float[]> after = values(target);
        Set<String> copiedTo = result.copied().stream().map(VggTransfer.Copy::to).collect(Collectors.toSet());
        for (VggTransfer.Copy c : result.copied()) {
            assertArrayEquals(src.get(c.from()), after.get(c.to()), c.to() + " is not a copy of " + c.from());
        }
        for (String name : after.keySet()) {
            if (!copiedTo.contains(name)) {
                assertArrayEquals(before.get(name), after.get(name), name + " changed but was not copied");
            }
        }
    }

    @Test
    void copiesTheFirstFourConvolutionsAndTheThreeFullyConnectedLayersOfAIntoD() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Vgg a = small(Vgg.Config.A, false, 7);
            Vgg d = small(Vgg.Config.D, false, 7);
            a.initialize(manager, DataType.FLOAT32, INPUT);
            d.initialize(manager, DataType.FLOAT32, INPUT);
            Map<String, float[]> before = values(d);

            VggTransfer.Result result = VggTransfer.initFromShallower(a, d);

            // A: conv, relu, pool per stage 1-2; D: two convs per stage 1-2, three in stage 3
            List<String> expected = List.of(
                    "01features_01Conv2d <- 01features_01Conv2d",   // stage 1, first
                    "01features_06Conv2d <- 01features_04Conv2d",   // stage 2, first
                    "01features_11Conv2d <- 01features_07Conv2d",   // stage 3, first
                    "01features_13Conv2d <- 01features_09Conv2d",   // stage 3, second
                    "03head_01Linear <- 03head_01Linear",
                    "03head_04Linear <- 03head_04Linear",
                    "03head_07Linear <- 03head_07Linear");
            List<String> copiedLayers = result.copied().stream()
                    .filter(c -> c.to().endsWith("_weight"))
                    .map(c -> c.to().replace("_weight", "") + " <- " + c.from().replace("_weight", ""))
                    .toList();
            assertEquals(expected, copiedLayers);
            assertEquals(14, result.copied().size(), "weight and bias of 7 layers");
            assertEquals(List.of(), result.skipped());
            assertCopiedExactly(a, d, before, result);
            Map<String, float[]> after = values(d);
            for (VggTransfer.Copy c : result.copied()) {
                if (c.to().endsWith("_weight")) { // biases start at zero in both networks
                    assertFalse(Arrays.equals(before.get(c.to()), after.get(c.to())), c.to() + " kept its own values");
                }
            }
        }
    }

    @Test
    void batchNormalisedColumnsCarryTheirBatchNormsAlong() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Vgg a = small(Vgg.Config.A, true, 7);
            Vgg e = small(Vgg.Config.E, true, 7);
            a.initialize(manager, DataType.FLOAT32, INPUT);
            e.initialize(manager, DataType.FLOAT32, INPUT);
            // give A's batch norms values that differ from a fresh one's (ones and zeros)
            for (Pair<String, Parameter> p : a.getParameters()) {
                if (p.getKey().contains("BatchNorm")) {
                    p.getValue().getArray().addi(0.5f);
                }
            }
            Map<String, float[]> before = values(e);

            VggTransfer.Result result = VggTransfer.initFromShallower(a, e);

            assertEquals(4 * (2 + 4) + 3 * 2, result.copied().size(), "4 convs with their batch norms, 3 FC");
            assertTrue(result.copied().stream().anyMatch(c -> c.to().equals("01features_02BatchNorm_runningVar")));
            assertCopiedExactly(a, e, before, result);
        }
    }

    @ParameterizedTest
    @CsvSource({"A_LRN", "B", "C"})
    void everyDeeperColumnGetsAllFourConvolutions(Vgg.Config config) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Vgg a = small(Vgg.Config.A, false, 7);
            Vgg target = small(config, false, 7);
            a.initialize(manager, DataType.FLOAT32, INPUT);
            target.initialize(manager, DataType.FLOAT32, INPUT);
            Map<String, float[]> before = values(target);
            VggTransfer.Result result = VggTransfer.initFromShallower(a, target);
            assertEquals(14, result.copied().size());
            assertCopiedExactly(a, target, before, result);
        }
    }

    @Test
    void layersWhoseShapesDifferAreLeftAsInitialised() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Vgg a = small(Vgg.Config.A, false, 1000);
            Vgg b = small(Vgg.Config.B, false, 10); // a new class count: fc8 cannot be copied
            a.initialize(manager, DataType.FLOAT32, INPUT);
            b.initialize(manager, DataType.FLOAT32, INPUT);
            Map<String, float[]> before = values(b);
            VggTransfer.Result result = VggTransfer.initFromShallower(a, b);
            assertEquals(12, result.copied().size());
            assertEquals(List.of("fully connected layer 3: weight is (1000, 32) in the trained network but (10, 32)"
                    + " in the target"), result.skipped());
            assertCopiedExactly(a, b, before, result);
        }
    }

    @Test
    void refusesWhatItCannotCopy() {
        Vgg d = small(Vgg.Config.D, false, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VggTransfer.initFromShallower(Linear.builder().setUnits(3).build(), d));
        assertEquals("initFromShallower needs VGG networks, the trained one is a Linear", e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> VggTransfer.initFromShallower(small(Vgg.Config.A, false, 7), d));
        assertEquals("the trained VGG A is not initialised; initialise it (or load its parameters) first", s.getMessage());
    }
}
