package dev.classicnets.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import dev.classicnets.common.nn.ChannelPaddedConv2d;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks every registered network passes, as timm's {@code tests/test_models.py} runs them over
 * its registry: each module's {@code RegistryTest} runs them over the entries its provider
 * registered through {@code ServiceLoader}.
 */
public final class RegistryChecks {
    private RegistryChecks() {}

    /** Neither 1, 10 nor 1000: a hard-coded class count fails. */
    public static final int CLASSES = 7;

    /** Neither 1 nor 3: a hard-coded channel count fails. */
    public static final int CHANNELS = 2;

    /** Batch size of the training check: 2, so that batch norm sees more than one value per channel. */
    public static final int BATCH = 2;

    /**
     * Asserts that {@code provider} registered exactly {@code expectedNames}, in that order, through
     * {@code META-INF/services}, and that a network with a torchvision counterpart has its name.
     *
     * @return the provider's entries
     */
    public static List<ModelEntry> assertRegistered(Class<? extends ModelProvider> provider, String... expectedNames) {
        List<ModelEntry> entries = ModelRegistry.providedBy(provider);
        assertEquals(List.of(expectedNames), entries.stream().map(ModelEntry::name).toList(),
                provider.getSimpleName() + "'s entries as ServiceLoader finds them");
        for (ModelEntry e : entries) {
            e.torchvisionName().ifPresent(tv -> assertEquals(tv, e.name(), "a torchvision model keeps its name"));
            assertEquals(e, ModelRegistry.get(e.name().toUpperCase(java.util.Locale.ROOT)), "lookup by name");
        }
        return entries;
    }

    /**
     * The square side the training check uses: the network's smallest input, but at least 32 pixels
     * (or the designed size, where that is smaller), so that every stage sees more than one pixel
     * where it can while big ImageNet networks stay fast.
     */
    public static int checkSize(ModelEntry entry) {
        int designed = (int) Math.min(entry.inputShape().get(1), entry.inputShape().get(2));
        return Math.max(entry.minInputSize(), Math.min(32, designed));
    }

    /**
     * Builds {@code entry} for 7 classes, replaces its head for 3, and compares its parameter names with the
     * network built for 3 (and, for a network with auxiliary heads as an option, with them on).
     */
    public static void assertReplaceHeadKeepsNames(ModelEntry entry) {
        List<java.util.Map<String, String>> variants = new java.util.ArrayList<>();
        variants.add(java.util.Map.of());
        if (entry.optionNames().contains("aux")) {
            variants.add(java.util.Map.of("aux", "true"));
        }
        for (java.util.Map<String, String> options : variants) {
            int channels = (int) entry.inputShape().get(0);
            ai.djl.nn.Block seven = entry.build(7, channels, options);
            assertTrue(seven instanceof dev.classicnets.common.nn.ClassifierBlock, entry + " is not a ClassifierBlock");
            ((dev.classicnets.common.nn.ClassifierBlock) seven).replaceHead(3);
            ai.djl.nn.Block three = entry.build(3, channels, options);
            assertEquals(three.getParameters().keys(), seven.getParameters().keys(), entry + " " + options);
            // the count tells the class count of every head (GoogLeNet's auxiliary ones too)
            Shape input = new Shape(1, channels, entry.inputShape().get(1), entry.inputShape().get(2));
            assertEquals(dev.classicnets.common.nn.Parameters.countAt(three, input),
                    dev.classicnets.common.nn.Parameters.countAt(seven, input), entry + " " + options);
        }
    }

    /**
     * Builds the entry for {@link #CLASSES} classes and {@link #CHANNELS} channels and runs {@link
     * BlockChecks#assertTrainsEveryParameter} on a batch of {@link #BATCH} at {@link #checkSize}:
     * output (N, classes), finite, and a finite, non-zero gradient on every trainable parameter;
     * then, where the entry's {@link ModelEntry#minInputSize() smallest input} is smaller, one
     * image of that size runs through in inference mode.
     */
    public static void assertTrainsEveryParameter(ModelEntry entry) {
        int side = checkSize(entry);
        int min = entry.minInputSize();
        List<Shape> smallest = min < side ? List.of(new Shape(1, CHANNELS, min, min)) : List.of();
        long params = BlockChecks.assertTrainsEveryParameter(entry.build(CLASSES, CHANNELS),
                new Shape(BATCH, CHANNELS, side, side), CLASSES, smallest);
        assertTrue(params > 0, entry + " has no trainable parameters");
    }

    /**
     * Asserts that no convolution of the entry (as registered, at {@link #checkSize}) is a plain {@code Conv2d}
     * whose shape libtorch's CPU kernels compute wrongly: those are {@link ChannelPaddedConv2d}s. LeNet-5's
     * C5 (16 -> 120, 5x5) was one, and trained on input gradients off by a third of their range.
     */
    public static void assertNoConvolutionHitsTheOneDnnFaults(ModelEntry entry) {
        int channels = (int) entry.inputShape().get(0);
        int side = checkSize(entry);
        Block net = entry.build(CLASSES, channels);
        List<String> wrong = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, channels, side, side));
            collectFaultyConvolutions(entry.name(), net, wrong);
        }
        assertTrue(wrong.isEmpty(), "plain Conv2d where libtorch's kernels are wrong (build them as "
                + "ChannelPaddedConv2d): " + wrong);
    }

    /**
     * {@link BlockChecks#assertGradientsMatchFloat64} for the entry at {@link #checkSize} (a batch of 4). Skipped
     * for a network with dropout, whose random masks differ between the two passes, and with batch norm: over 4
     * images at 1x1 it divides by spreads near zero, and float32's rounding alone grew ResNet-50's first gradient
     * 16% off float64's. The convolutions of those networks are held to {@link #assertNoConvolutionHitsTheOneDnnFaults}.
     */
    public static void assertGradientsMatchFloat64(ModelEntry entry) {
        int channels = (int) entry.inputShape().get(0);
        org.junit.jupiter.api.Assumptions.assumeFalse(has(entry.build(CLASSES, channels),
                ai.djl.nn.norm.Dropout.class, ai.djl.nn.norm.BatchNorm.class), entry + " has dropout or batch norm");
        int side = checkSize(entry);
        BlockChecks.assertGradientsMatchFloat64(() -> entry.build(CLASSES, channels),
                new Shape(4, channels, side, side), CLASSES);
    }

    /**
     * For a network that stores its weights channels-last: {@link BlockChecks#assertConvolutionsAgreeInBothLayouts},
     * so that oneDNN's NHWC kernels are held to the (N, C, H, W) ones, which {@link #assertGradientsMatchFloat64}
     * and {@link #assertNoConvolutionHitsTheOneDnnFaults} check.
     */
    public static void assertChannelsLastMatchesTheDefaultLayout(ModelEntry entry) {
        int channels = (int) entry.inputShape().get(0);
        org.junit.jupiter.api.Assumptions.assumeTrue(entry.build(CLASSES, channels) instanceof ClassifierBlock c
                && c.isChannelsLast(), entry + " keeps the default layout");
        int side = checkSize(entry);
        assertTrue(BlockChecks.assertConvolutionsAgreeInBothLayouts(() -> (ClassifierBlock) entry.build(CLASSES,
                channels), new Shape(1, channels, side, side)) > 0, entry + " has no convolution");
    }

    /** Whether {@code block} or a block inside it is one of {@code kinds}. */
    private static boolean has(Block block, Class<?>... kinds) {
        return java.util.Arrays.stream(kinds).anyMatch(k -> k.isInstance(block))
                || block.getChildren().values().stream().anyMatch(child -> has(child, kinds));
    }

    private static void collectFaultyConvolutions(String path, Block block, List<String> wrong) {
        if (block instanceof Conv2d conv && !(block instanceof ChannelPaddedConv2d)) {
            Shape w = conv.getParameters().get("weight").getArray().getShape(); // (F, C / groups, kh, kw)
            Shape k = conv.getKernelShape();
            int g = conv.getGroups();
            if (ChannelPaddedConv2d.padsFilters(w.get(0), k, g) || ChannelPaddedConv2d.pads(w.get(1), k, g)) {
                wrong.add(path + " " + w);
            }
        }
        for (var child : block.getChildren()) {
            collectFaultyConvolutions(path + "/" + child.getKey(), child.getValue(), wrong);
        }
    }

    /** Asserts the published trainable parameter count of the entry's reference configuration. */
    public static void assertReferenceParameterCount(ModelEntry entry) {
        assertEquals(entry.referenceParameters(),
                entry.countParameters(entry.referenceClasses(), (int) entry.inputShape().get(0)),
                entry + " with " + entry.referenceClasses() + " classes and " + entry.inputShape() + " input");
    }
}
