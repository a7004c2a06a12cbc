package dev.classicnets.common.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.augment.AntialiasedResize;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.TransformNames;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.registry.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** classifier.json round trips; the evaluation transform is rebuilt from its name; antialiased resizing. */
class ClassifierSpecTest {

    @TempDir
    Path dir;

    @Test
    void classifierJsonRoundTrips() {
        ClassifierSpec spec = new ClassifierSpec(new Architecture("alexnet-paper", Map.of("width_multiplier", "0.5")),
                "alexnet-paper", List.of("a", "b", "c"), new Shape(1, 67, 67), 28, 28, "Resize(67x67)",
                new Normalization(new float[] {0.28f}, new float[] {0.35f}));
        spec.write(dir);
        assertEquals(spec, ClassifierSpec.read(dir));
        assertEquals(3, ClassifierSpec.read(dir).numClasses());
    }

    @Test
    void aMissingOrForeignFileIsOneSentence() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ClassifierSpec.read(dir));
        assertTrue(missing.getMessage().startsWith(dir + " has no classifier.json"), missing.getMessage());
        Files.writeString(dir.resolve(ClassifierSpec.FILE), "{\"network\": \"x\"}");
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> ClassifierSpec.read(dir));
        assertTrue(foreign.getMessage().contains("does not describe a classifier"), foreign.getMessage());
    }

    @Test
    void evaluationTransformsAreRebuiltFromTheirNamesAndOthersRefused() {
        for (String name : List.of("Identity", "Resize(67x67)", "Resize(36x36) -> CenterCrop(32x32)",
                "ResizeShorterSide(256) -> CenterCrop(224x224)", "AntialiasedResize(28x30)")) {
            assertEquals(name, TransformNames.parse(name).toString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformNames.parse("Resize(32x32) -> RandomHorizontalFlip(p=0.5)"));
        assertTrue(e.getMessage().startsWith("cannot rebuild the evaluation transform step 'RandomHorizontalFlip(p=0.5)'"),
                e.getMessage());
    }

    /** PyTorch's interpolate(antialias=True) of [0, 1, 2, 3] to 2 is [5/7, 16/7]; the shorter side as torchvision. */
    @Test
    void antialiasedResizeWeighsEveryInputPixelAsTorchDoes() {
        Image row = new Image(new float[] {0, 1, 2, 3}, 1, 1, 4);
        Image half = AntialiasedResize.to(1, 2).apply(row, new Random(0));
        assertArrayEquals(new float[] {5f / 7, 16f / 7}, half.data(), 1e-6f);
        Image wide = Image.zeros(3, 280, 320);
        Image resized = AntialiasedResize.shorterSide(256).apply(wide, new Random(0));
        assertEquals(256, resized.height());
        assertEquals(292, resized.width()); // int(256 * 320 / 280)
    }
}
