package dev.classicnets.alexnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.nn.LocalResponseNorm;
import dev.classicnets.common.testing.BlockChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks at small width and odd class count: every variant saves and loads, input sizes, options.
 * Every variant at full width training every parameter at its smallest input: {@link RegistryTest}.
 */
class AlexNetTest {

    private static final int CLASSES = 7;

    private static AlexNet.Builder small(AlexNet.Variant variant) {
        return AlexNet.builder().variant(variant).numClasses(CLASSES)
                .optWidthMultiplier(0.25f).optClassifierWidth(32);
    }

    @ParameterizedTest
    @EnumSource(AlexNet.Variant.class)
    void saveLoadRoundTrip(AlexNet.Variant variant) throws Exception {
        int size = variant.minInputSize();
        BlockChecks.assertSaveLoadRoundTrip(() -> small(variant).build(), new Shape(2, 3, size, size));
    }

    @ParameterizedTest
    @CsvSource({"PAPER, 67", "ONE_TOWER, 67", "TORCHVISION, 63"})
    void smallestInputSizes(AlexNet.Variant variant, int expected) {
        assertEquals(expected, variant.minInputSize());
    }

    @ParameterizedTest
    @EnumSource(AlexNet.Variant.class)
    void tooSmallAnInputIsRejectedNamingTheMinimum(AlexNet.Variant variant) {
        int min = variant.minInputSize();
        String expected = "AlexNet (" + variant.cliName() + ") needs inputs of at least " + min + "x" + min
                + " pixels, got " + (min - 1) + "x" + (min + 5);
        Shape tooSmall = new Shape(1, 3, min - 1, min + 5);
        AlexNet net = small(variant).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.initialize(manager, DataType.FLOAT32, tooSmall));
            assertEquals(expected, e.getMessage());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, min, min));
            ParameterStore ps = new ParameterStore(manager, false);
            e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(ps, new NDList(manager.zeros(tooSmall)), false));
            assertEquals(expected, e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> net.getOutputShapes(new Shape[] {tooSmall}));
            assertEquals(expected, e.getMessage());
        }
    }

    @Test
    void wrongChannelCountIsRejected() {
        AlexNet net = small(AlexNet.Variant.TORCHVISION).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.getOutputShapes(new Shape[] {new Shape(1, 1, 64, 64)}));
        assertEquals("AlexNet expects (N, 3, H, W) input, got (1, 1, 64, 64)", e.getMessage());
    }

    @Test
    void onlyThePapersVariantsNormaliseResponses() {
        assertEquals(2, countLrn(small(AlexNet.Variant.PAPER).build().features()));
        assertEquals(2, countLrn(small(AlexNet.Variant.ONE_TOWER).build().features()));
        assertEquals(0, countLrn(small(AlexNet.Variant.TORCHVISION).build().features()));
    }

    private static long countLrn(Block features) {
        return features.getChildren().values().stream().filter(b -> b instanceof LocalResponseNorm).count();
    }

    @Test
    void theLastLayerOfTheHeadCanBeReplaced() {
        AlexNet net = small(AlexNet.Variant.PAPER).build();
        ((SequentialBlock) net.head()).replaceLastBlock(Linear.builder().setUnits(3).build());
        BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 3, 67, 67), 3);
    }

    @Test
    void variantsHaveCommandLineNames() {
        assertEquals(AlexNet.Variant.PAPER, AlexNet.Variant.fromCliName("paper"));
        assertEquals(AlexNet.Variant.ONE_TOWER, AlexNet.Variant.fromCliName("one-tower"));
        assertEquals(AlexNet.Variant.ONE_TOWER, AlexNet.Variant.fromCliName("ONE_TOWER"));
        assertEquals(AlexNet.Variant.TORCHVISION, AlexNet.Variant.fromCliName("torchvision"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlexNet.Variant.fromCliName("two-tower"));
        assertEquals("unknown AlexNet variant 'two-tower', expected one of paper|one-tower|torchvision", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "numClasses; 0; numClasses must be >= 1, got 0",
        "inChannels; 0; inChannels must be >= 1, got 0",
        "widthMultiplier; 1.5; widthMultiplier must be in (0, 1], got 1.5",
        "widthMultiplier; 0; widthMultiplier must be in (0, 1], got 0.0",
        "classifierWidth; 0; classifierWidth must be >= 1, got 0",
        "poolSize; 0; poolSize must be >= 1, got 0",
        "dropout; 1; dropout must be in [0, 1), got 1.0"})
    void buildNamesTheValueOutOfRange(String setting, String value, String message) {
        AlexNet.Builder b = AlexNet.builder().variant(AlexNet.Variant.PAPER).numClasses(10);
        switch (setting) {
            case "numClasses" -> b.numClasses(Integer.parseInt(value));
            case "inChannels" -> b.optInChannels(Integer.parseInt(value));
            case "widthMultiplier" -> b.optWidthMultiplier(Float.parseFloat(value));
            case "classifierWidth" -> b.optClassifierWidth(Integer.parseInt(value));
            case "poolSize" -> b.optPoolSize(Integer.parseInt(value));
            case "dropout" -> b.optDropout(Float.parseFloat(value));
            default -> throw new AssertionError(setting);
        }
        assertEquals(message, assertThrows(IllegalArgumentException.class, b::build).getMessage());
    }

    @Test
    void variantIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlexNet.builder().numClasses(10).build());
        assertEquals("variant is required: one of paper|one-tower|torchvision", e.getMessage());
    }

    @Test
    void widthMultiplierKeepsWholeTowers() {
        // 96 * 0.1 = 9.6 filters -> 5 per tower -> 10, so the grouped conv2 gets an even input
        AlexNet net = AlexNet.builder().variant(AlexNet.Variant.PAPER).numClasses(CLASSES)
                .optWidthMultiplier(0.1f).optClassifierWidth(16).build();
        BlockChecks.assertTrainsEveryParameter(net, new Shape(1, 3, 67, 67), CLASSES);
        assertEquals(new Shape(10, 3, 11, 11), net.getParameters().get(0).getValue().getShape());
    }
}
