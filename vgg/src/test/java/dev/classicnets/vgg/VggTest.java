package dev.classicnets.vgg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.nn.LocalResponseNorm;
import dev.classicnets.common.testing.BlockChecks;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks at a quarter width and odd class count: every column, with and without BN, saves and
 * loads; A-LRN and C train every parameter (the registered columns do so in {@link RegistryTest}).
 */
class VggTest {

    private static final int CLASSES = 7;

    private static Vgg.Builder small(Vgg.Config config, boolean batchNorm) {
        return Vgg.builder().config(config).optBatchNorm(batchNorm).numClasses(CLASSES)
                .optWidthMultiplier(0.25f).optClassifierWidth(32);
    }

    static Stream<Arguments> everyConfiguration() {
        return Stream.of(Vgg.Config.values())
                .flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    /** The columns torchvision lacks; the others train at full width in {@link RegistryTest}. */
    static Stream<Arguments> columnsNotRegistered() {
        return Stream.of(Vgg.Config.A_LRN, Vgg.Config.C)
                .flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    @ParameterizedTest
    @MethodSource("columnsNotRegistered")
    void everyParameterGetsAGradientAt32Pixels(Vgg.Config config, boolean batchNorm) {
        BlockChecks.assertTrainsEveryParameter(small(config, batchNorm).build(), new Shape(2, 3, 32, 32), CLASSES);
    }

    @ParameterizedTest
    @MethodSource("everyConfiguration")
    void saveLoadRoundTrip(Vgg.Config config, boolean batchNorm) throws Exception {
        BlockChecks.assertSaveLoadRoundTrip(() -> small(config, batchNorm).build(), new Shape(2, 3, 32, 32));
    }

    @Test
    void oneChannelNonSquareInputWithASmallPool() {
        Vgg net = small(Vgg.Config.A, true).optInChannels(1).optPoolSize(1).build();
        // 1x40x56 -> 128 x 1 x 1 after five pools -> 128 features into the head
        long params = BlockChecks.assertTrainsEveryParameter(net, new Shape(3, 1, 40, 56), CLASSES);
        long convs = (1 * 9 + 1) * 16 + 2 * 16 + (16 * 9 + 1) * 32 + 2 * 32
                + (32 * 9 + 1) * 64 + (64 * 9 + 1) * 64 + 4 * 64
                + (64 * 9 + 1) * 128 + 3 * (128 * 9 + 1) * 128 + 8 * 128;
        long fcs = (128 + 1) * 32 + (32 + 1) * 32 + (32 + 1) * CLASSES;
        assertEquals(convs + fcs, params);
    }

    @ParameterizedTest
    @EnumSource(Vgg.Config.class)
    void inputsBelow32PixelsAreRejectedNamingTheMinimum(Vgg.Config config) {
        Vgg net = small(config, false).build();
        Shape tooSmall = new Shape(1, 3, 32, 31);
        String expected = "VGG needs inputs of at least 32x32 pixels, got 32x31";
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> net.initialize(manager, DataType.FLOAT32, tooSmall)).getMessage());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ParameterStore ps = new ParameterStore(manager, false);
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> net.forward(ps, new NDList(manager.zeros(tooSmall)), false)).getMessage());
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> net.getOutputShapes(new Shape[] {tooSmall})).getMessage());
        }
    }

    @Test
    void wrongChannelCountIsRejected() {
        Vgg net = small(Vgg.Config.D, false).optInChannels(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.getOutputShapes(new Shape[] {new Shape(1, 3, 32, 32)}));
        assertEquals("VGG expects (N, 1, H, W) input, got (1, 3, 32, 32)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"A, 11, 0", "A_LRN, 11, 1", "B, 13, 0", "C, 16, 0", "D, 16, 0", "E, 19, 0"})
    void columnsHaveThePapersDepth(Vgg.Config config, int weightLayers, int lrns) {
        assertEquals(weightLayers, config.weightLayers());
        Vgg net = small(config, true).build();
        var layers = net.features().getChildren().values();
        assertEquals(weightLayers - 3, layers.stream().filter(b -> b instanceof Conv2d).count());
        assertEquals(weightLayers - 3, layers.stream().filter(b -> b instanceof BatchNorm).count());
        assertEquals(lrns, layers.stream().filter(b -> b instanceof LocalResponseNorm).count());
        assertEquals(3, net.head().getChildren().values().stream().filter(b -> b instanceof Linear).count());
    }

    @Test
    void configurationCHasThreeOneByOneConvolutions() {
        Vgg net = small(Vgg.Config.C, false).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            long oneByOne = net.features().getChildren().values().stream()
                    .filter(b -> b instanceof Conv2d)
                    .filter(b -> b.getParameters().get("weight").getArray().getShape().get(3) == 1)
                    .count();
            assertEquals(3, oneByOne);
        }
    }

    @Test
    void theLastLayerOfTheHeadCanBeReplaced() {
        Vgg net = small(Vgg.Config.A, false).build();
        ((SequentialBlock) net.head()).replaceLastBlock(Linear.builder().setUnits(3).build());
        BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 3, 32, 32), 3);
    }

    @Test
    void configurationsHaveCommandLineNames() {
        assertEquals(Vgg.Config.A_LRN, Vgg.Config.fromCliName("A-LRN"));
        assertEquals(Vgg.Config.A_LRN, Vgg.Config.fromCliName("a_lrn"));
        assertEquals(Vgg.Config.E, Vgg.Config.fromCliName("e"));
        assertEquals("A-LRN", Vgg.Config.A_LRN.cliName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vgg.Config.fromCliName("F"));
        assertEquals("unknown VGG configuration 'F', expected one of A|A-LRN|B|C|D|E", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "numClasses; 0; numClasses must be >= 1, got 0",
        "inChannels; 0; inChannels must be >= 1, got 0",
        "widthMultiplier; 1.01; widthMultiplier must be in (0, 1], got 1.01",
        "widthMultiplier; -0.5; widthMultiplier must be in (0, 1], got -0.5",
        "classifierWidth; 0; classifierWidth must be >= 1, got 0",
        "poolSize; 0; poolSize must be >= 1, got 0",
        "dropout; -0.1; dropout must be in [0, 1), got -0.1"})
    void buildNamesTheValueOutOfRange(String setting, String value, String message) {
        Vgg.Builder b = Vgg.builder().config(Vgg.Config.A).numClasses(10);
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
    void configIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vgg.builder().numClasses(10).build());
        assertEquals("config is required: one of A|A-LRN|B|C|D|E", e.getMessage());
    }
}
