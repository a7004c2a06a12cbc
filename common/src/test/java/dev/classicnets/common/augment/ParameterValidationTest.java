package dev.classicnets.common.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every parameter is checked where the transform is made, with one sentence naming value and range. */
class ParameterValidationTest {

    private static void refused(String message, Executable construction) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construction).getMessage());
    }

    @Test
    void probabilities() {
        refused("RandomHorizontalFlip: p must be in [0, 1], got 1.5", () -> new RandomHorizontalFlip(1.5));
        refused("RandomVerticalFlip: p must be in [0, 1], got -0.1", () -> new RandomVerticalFlip(-0.1));
        refused("RandomErasing: p must be in [0, 1], got NaN", () -> new RandomErasing(Double.NaN));
        refused("Mixup: p must be in [0, 1], got 2", () -> new Mixup(1, 10, 2));
        refused("CutMix: p must be in [0, 1], got -1", () -> new CutMix(1, 10, -1));
    }

    @Test
    void sizes() {
        refused("PadAndRandomCrop: padding must be >= 0, got -4", () -> new PadAndRandomCrop(-4));
        refused("PadAndRandomCrop: fill must be finite, got NaN", () -> new PadAndRandomCrop(4, Float.NaN));
        refused("Resize: height must be >= 1, got 0", () -> new Resize(0, 4));
        refused("Resize: width must be >= 1, got -2", () -> new Resize(4, -2));
        refused("CenterCrop: height must be >= 1, got 0", () -> new CenterCrop(0, 4));
        refused("RandomResizedCrop: width must be >= 1, got 0", () -> new RandomResizedCrop(4, 0));
        refused("Cutout: size must be >= 1, got 0", () -> new Cutout(0));
    }

    @Test
    void ranges() {
        refused("RandomResizedCrop: scale (min, max) must satisfy 0 < min <= max <= 1, got (0.5, 0.2)",
                () -> new RandomResizedCrop(4, 4, 0.5, 0.2, 0.75, 1.33));
        refused("RandomResizedCrop: scale (min, max) must satisfy 0 < min <= max <= 1, got (0.5, 1.5)",
                () -> new RandomResizedCrop(4, 4, 0.5, 1.5, 0.75, 1.33));
        refused("RandomResizedCrop: ratio (min, max) must satisfy 0 < min <= max, got (0, 1)",
                () -> new RandomResizedCrop(4, 4, 0.08, 1, 0, 1));
        refused("RandomErasing: scale (min, max) must satisfy 0 < min <= max <= 1, got (0, 0.33)",
                () -> new RandomErasing(0.5, 0, 0.33, 0.3, 3.3, 0f));
        refused("RandomErasing: ratio (min, max) must satisfy 0 < min <= max, got (3.3, 0.3)",
                () -> RandomErasing.withNoise(0.5, 0.02, 0.33, 3.3, 0.3));
        refused("RandomErasing: value[1] must be finite, got NaN",
                () -> new RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3, new float[] {0, Float.NaN, 0}));
        refused("RandomErasing: values must hold one value, or one per channel, got []",
                () -> new RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3, new float[0]));
        refused("RandomAffine: maxDegrees must be in [0, 180], got 200", () -> RandomAffine.rotation(200));
        refused("RandomAffine: maxTranslate must be in [0, 1], got 1.5", () -> RandomAffine.translation(1.5));
        refused("RandomAffine: fill must be finite, got Infinity",
                () -> new RandomAffine(10, 0.1, Float.POSITIVE_INFINITY));
        refused("RandomBrightness: amount must be a finite number >= 0, got -0.2", () -> new RandomBrightness(-0.2));
        refused("RandomContrast: amount must be a finite number >= 0, got Infinity",
                () -> new RandomContrast(Double.POSITIVE_INFINITY));
        refused("Mixup: alpha must be a finite number > 0, got 0", () -> new Mixup(0, 10));
        refused("CutMix: numClasses must be >= 2, got 1", () -> new CutMix(1, 1));
    }

    @Test
    void normalize() {
        refused("Normalize: mean and std must have one value per channel, as many of each, got [0.5, 0.5] and [0.5]",
                () -> new Normalize(new float[] {0.5f, 0.5f}, new float[] {0.5f}));
        refused("Normalize: std[1] must be a finite number > 0, got 0.0",
                () -> new Normalize(new float[] {0.5f, 0.5f}, new float[] {0.5f, 0f}));
        refused("Normalize: mean[0] must be finite, got NaN",
                () -> new Normalize(new float[] {Float.NaN}, new float[] {1f}));
    }

    @Test
    void masks() {
        refused("mask of 2x3 needs 6 labels, got 5", () -> new Mask(new int[5], 2, 3));
        refused("mask dimensions must be positive, got 0x3", () -> Mask.filled(0, 3, 1));
        refused("JointTransform.geometric: transform must be given, got null", () -> JointTransform.geometric(null, 0));
    }
}
