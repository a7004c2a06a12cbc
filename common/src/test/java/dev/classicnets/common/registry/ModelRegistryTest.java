package dev.classicnets.common.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.classicnets.common.nn.ClassifierBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's lookups and messages, on made-up providers (common itself registers none). */
class ModelRegistryTest {

    /** A 3x3 convolution with 4 filters, flattened into a linear head: 4*C*9 + 4 + 4*H'*W'*K + K. */
    private static ModelEntry tiny(String name) {
        return ModelEntry.builder(name)
                .network((classes, channels) -> new ClassifierBlock(
                        new SequentialBlock().add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build()),
                        Blocks.batchFlattenBlock(), Linear.builder().setUnits(classes).build()))
                .inputShape(1, 5, 5).normalization(Normalization.FASHION_MNIST)
                .reference(10, 4 * 9 + 4 + 4 * 9 * 10 + 10).citation("made up for this test").build();
    }

    static final class ZooB implements ModelProvider {
        @Override
        public List<ModelEntry> models() {
            return List.of(tiny("vgg16"), tiny("vgg16_bn"));
        }
    }

    static final class ZooA implements ModelProvider {
        @Override
        public List<ModelEntry> models() {
            return List.of(tiny("resnet50"), tiny("alexnet"));
        }
    }

    static final class ZooC implements ModelProvider {
        @Override
        public List<ModelEntry> models() {
            return List.of(tiny("alexnet"));
        }
    }

    private final Catalog catalog = new Catalog(List.of(new ZooB(), new ZooA()));

    @Test
    void providersInClassNameOrderEachInItsOwnOrder() {
        assertEquals(List.of("resnet50", "alexnet", "vgg16", "vgg16_bn"), catalog.names());
        assertEquals(List.of("vgg16", "vgg16_bn"), catalog.providedBy(ZooB.class).stream().map(ModelEntry::name).toList());
        assertTrue(catalog.providedBy(ModelProvider.class).isEmpty());
    }

    @Test
    void lookupIgnoresCaseAndBlanks() {
        assertSame(catalog.get("vgg16_bn"), catalog.get(" VGG16_BN "));
        assertTrue(catalog.find("vgg19").isEmpty());
        assertTrue(catalog.find(null).isEmpty());
    }

    @Test
    void anUnknownNameIsOneSentenceWithTheClosestAndEveryKnownName() {
        assertEquals("unknown model 'vgg61' (closest: vgg16); known models: resnet50, alexnet, vgg16, vgg16_bn",
                assertThrows(IllegalArgumentException.class, () -> catalog.get("vgg61")).getMessage());
        assertEquals("unknown model 'googlenet'; known models: resnet50, alexnet, vgg16, vgg16_bn",
                assertThrows(IllegalArgumentException.class, () -> catalog.get("googlenet")).getMessage());
    }

    @Test
    void withNothingRegisteredTheMessageSaysWhatToAdd() {
        // common's own classpath has no architecture module: the ServiceLoader finds nothing
        assertTrue(ModelRegistry.all().isEmpty(), ModelRegistry.names().toString());
        assertEquals("unknown model 'resnet18': no models are registered; put an architecture module"
                        + " (lenet, alexnet, vgg, googlenet, resnet) on the classpath",
                assertThrows(IllegalArgumentException.class, () -> ModelRegistry.get("resnet18")).getMessage());
    }

    @Test
    void aNameRegisteredTwiceIsRefused() {
        ModelProvider again = new ZooC();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Catalog(List.of(again, new ZooA())));
        assertEquals("model name 'alexnet' is registered twice, by " + ZooA.class.getName() + " and "
                + ZooC.class.getName(), e.getMessage());
    }

    @Test
    void editDistance() {
        assertEquals(0, Catalog.editDistance("vgg16", "vgg16"));
        assertEquals(2, Catalog.editDistance("vgg61", "vgg16"));
        assertEquals(3, Catalog.editDistance("vgg16", "vgg16_bn"));
        assertEquals(6, Catalog.editDistance("", "lenet5"));
    }

    @Test
    void countsTheReferenceConfigurationWithoutRunningIt() {
        ModelEntry e = tiny("tiny");
        assertEquals(e.referenceParameters(), e.countParameters(10, 1));
        // two channels: 9 more weights per filter
        assertEquals(e.referenceParameters() + 4 * 9, e.countParameters(10, 2));
    }

    @Test
    void buildRefusesCountsBelowOne() {
        ModelEntry e = tiny("tiny");
        assertEquals("tiny: numClasses must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> e.build(0, 1)).getMessage());
        assertEquals("tiny: inChannels must be >= 1, got -1",
                assertThrows(IllegalArgumentException.class, () -> e.build(3, -1)).getMessage());
    }

    @Test
    void entryDefaultsAndValidation() {
        ModelEntry e = tiny("tiny");
        assertEquals(5, e.minInputSize());
        assertTrue(e.torchvisionName().isEmpty());
        assertEquals(new Shape(1, 5, 5), e.inputShape());
        assertEquals("model name must be lower case letters, digits, '-' or '_', got 'ResNet'",
                assertThrows(IllegalArgumentException.class, () -> ModelEntry.builder("ResNet").build()).getMessage());
        ModelEntry.Builder rgb = ModelEntry.builder("x").network((k, c) -> Blocks.identityBlock())
                .inputShape(3, 32, 32).normalization(Normalization.FASHION_MNIST).reference(10, 1).citation("c");
        assertTrue(assertThrows(IllegalArgumentException.class, rgb::build).getMessage()
                .startsWith("x: normalization must have one mean and std per input channel (3), got"));
        rgb.normalization(Normalization.CIFAR10).minInputSize(33);
        assertEquals("x: minInputSize must be in [1, 32], got 33",
                assertThrows(IllegalArgumentException.class, rgb::build).getMessage());
    }

    @Test
    void normalizationCopiesItsArraysAndBecomesATransform() {
        float[] mean = Normalization.IMAGENET.mean();
        mean[0] = 0;
        assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, Normalization.IMAGENET.mean());
        assertEquals(3, Normalization.IMAGENET.channels());
        assertEquals(Normalization.FASHION_MNIST, new Normalization(new float[] {0.2860f}, new float[] {0.3530f}));
        assertTrue(Normalization.CIFAR10.toTransform().toString().startsWith("Normalize(mean=[0.4914"));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {0f}, new float[] {0f}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {0f}, new float[] {1f, 1f}));
    }
}
