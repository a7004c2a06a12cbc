package dev.classicnets.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.classicnets.common.loss.PixelCrossEntropyLoss;
import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelRegistry;
import dev.classicnets.common.testing.BlockChecks;
import dev.classicnets.common.testing.RegistryChecks;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry's checks over the U-Nets at full width. common's {@code AbstractRegistryTest} expects class
 * scores (N, K); a segmentation network gives a map (N, K, H', W'), so the training check is written
 * here with the per-pixel cross-entropy; the name and count checks are common's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryTest {

    List<ModelEntry> entries() {
        return ModelRegistry.providedBy(UNetModels.class);
    }

    @Test
    void registersItsNetworksByName() {
        RegistryChecks.assertRegistered(UNetModels.class, "unet", "unet-padded", "unet-bilinear");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void hasThePublishedParameterCount(ModelEntry entry) {
        RegistryChecks.assertReferenceParameterCount(entry);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void noConvolutionHitsTheOneDnnFaults(ModelEntry entry) {
        RegistryChecks.assertNoConvolutionHitsTheOneDnnFaults(entry);
    }

    /**
     * A batch at the smallest side (at least 32): output (N, classes, H', W'), finite, and a finite, non-zero
     * gradient on every trainable parameter.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void trainsEveryParameter(ModelEntry entry) {
        int side = Math.max(entry.minInputSize(), 32);
        int classes = RegistryChecks.CLASSES;
        Block block = entry.build(classes, RegistryChecks.CHANNELS);
        Shape input = new Shape(RegistryChecks.BATCH, RegistryChecks.CHANNELS, side, side);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1234);
            block.initialize(m, DataType.FLOAT32, input);
            Shape expected = block.getOutputShapes(new Shape[] {input})[0];
            NDArray y = m.randomInteger(0, classes, new Shape(input.get(0), 1, expected.get(2), expected.get(3)),
                    DataType.INT64);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(m, false), new NDList(m.randomNormal(input)), true).head();
                assertEquals(new Shape(input.get(0), classes, expected.get(2), expected.get(3)), out.getShape());
                assertFalse(BlockChecks.hasNonFinite(out), "non-finite output");
                gc.backward(new PixelCrossEntropyLoss(classes).evaluate(new NDList(y), new NDList(out)));
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    float norm = p.getValue().getArray().getGradient().norm().getFloat();
                    assertTrue(Float.isFinite(norm) && norm > 0, "gradient of " + p.getKey() + ": " + norm);
                }
            }
        }
    }
}
