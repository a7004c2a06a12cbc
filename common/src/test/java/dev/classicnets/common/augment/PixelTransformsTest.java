package dev.classicnets.common.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Colour, normalisation and erasing: transforms that change values but not positions. */
class PixelTransformsTest {

    private static Image constant(int channels, int height, int width, float value) {
        float[] data = new float[channels * height * width];
        Arrays.fill(data, value);
        return new Image(data, channels, height, width);
    }

    @Test
    void brightnessScalesByAFactorInRangeAndClips() {
        RandomBrightness brightness = new RandomBrightness(0.4);
        Random rng = new Random(1);
        double min = 2;
        double max = 0;
        for (int i = 0; i < 300; i++) {
            Image out = brightness.apply(TestImages.grey(1, 3, 0.25f, 0.5f, 0.9f), rng);
            double factor = out.get(0, 0, 1) / 0.5;
            assertTrue(factor >= 0.6 - 1e-6 && factor <= 1.4 + 1e-6, "factor " + factor);
            assertEquals(0.25 * factor, out.get(0, 0, 0), 1e-6);
            assertEquals(Math.min(1, 0.9 * factor), out.get(0, 0, 2), 1e-6);
            min = Math.min(min, factor);
            max = Math.max(max, factor);
        }
        assertTrue(min < 0.65 && max > 1.35, "factors spread over the range: " + min + ".." + max);
    }

    @Test
    void brightnessWorksOnAnyChannelCountAndAmountZeroIsTheIdentity() {
        Image rgb = TestImages.ramp(3, 2, 2, 12);
        Image out = new RandomBrightness(0.5).apply(rgb.copy(), new Random(2));
        double factor = out.get(0, 0, 1) / rgb.get(0, 0, 1);
        for (int i = 1; i < 12; i++) {
            assertEquals(Math.min(1, rgb.data()[i] * factor), out.data()[i], 1e-6);
        }
        assertTrue(Math.abs(factor - 1) > 1e-3, "the image changed");
        Image grey = TestImages.ramp(1, 2, 2, 4);
        Image unchanged = new RandomBrightness(0).apply(grey, new Random(3));
        assertArrayEquals(TestImages.ramp(1, 2, 2, 4).data(), unchanged.data());
    }

    @Test
    void contrastBlendsAGreyImageWithItsMean() {
        RandomContrast contrast = new RandomContrast(0.5);
        Random rng = new Random(4);
        for (int i = 0; i < 100; i++) {
            // mean 0.5: out = f x + (1 - f) 0.5, so the spread is f and the mean stays (no clipping for f <= 1.5)
            Image out = contrast.apply(TestImages.grey(1, 2, 0.25f, 0.75f), rng);
            double factor = (out.get(0, 0, 1) - out.get(0, 0, 0)) / 0.5;
            assertTrue(factor >= 0.5 - 1e-6 && factor <= 1.5 + 1e-6, "factor " + factor);
            assertEquals(1.0, out.get(0, 0, 0) + out.get(0, 0, 1), 1e-6);
        }
    }

    @Test
    void contrastOfAnRgbImageUsesTheLumaMean() {
        // half red: the grey level is 0.5 * 0.299 (a plain channel mean would be 0.5 / 3); red becomes
        // 0.5 f + (1 - f) 0.1495 and green and blue (1 - f) 0.1495, which clips to 0 when f > 1
        Random rng = new Random(6);
        int checked = 0;
        for (int i = 0; i < 40; i++) {
            Image out = new RandomContrast(0.8).apply(new Image(new float[] {0.5f, 0.5f, 0, 0, 0, 0}, 3, 1, 2), rng);
            double factor = 2 * (out.get(0, 0, 0) - out.get(1, 0, 0));
            if (factor >= 1) {
                continue;
            }
            checked++;
            assertEquals(0.1495 * (1 - factor), out.get(1, 0, 0), 1e-6);
            assertEquals(out.get(1, 0, 0), out.get(2, 0, 1), 1e-7);
        }
        assertTrue(checked > 10, "draws that lower the contrast: " + checked);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomContrast(0.2).apply(TestImages.ramp(4, 2, 2, 16), new Random(1)));
        assertEquals("RandomContrast needs a 1- or 3-channel image, got 4 channels", e.getMessage());
    }

    @Test
    void normalizeUsesEachChannelsMeanAndStd() {
        Image image = new Image(new float[] {0, 1, 0.5f, 0.25f}, 2, 1, 2);
        Image out = new Normalize(new float[] {0.5f, 0.25f}, new float[] {0.5f, 0.125f}).apply(image, null);
        assertArrayEquals(new float[] {-1, 1, 2, 0}, out.data(), 1e-6f);
        Image grey = new Normalize(new float[] {0.2860f}, new float[] {0.3530f}).apply(TestImages.grey(1, 1, 0.2860f),
                null);
        assertEquals(0f, grey.get(0, 0, 0), 1e-6f);
        assertEquals(1, grey.channels(), "a grey image stays grey (unlike DJL's Normalize)");
    }

    @Test
    void normalizeRefusesAChannelCountThatDoesNotMatch() {
        Normalize rgb = new Normalize(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rgb.apply(TestImages.grey(1, 1, 0.5f), null));
        assertEquals("Normalize has 3 channel mean(s) and std(s) but the image has 1 channel(s)", e.getMessage());
    }

    /** The rectangle where {@code out} differs from {@code in} in channel 0: {top, left, bottom, right}, or null. */
    private static int[] changedBox(Image in, Image out) {
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        for (int y = 0; y < in.height(); y++) {
            for (int x = 0; x < in.width(); x++) {
                if (in.get(0, y, x) != out.get(0, y, x)) {
                    top = Math.min(top, y);
                    left = Math.min(left, x);
                    bottom = Math.max(bottom, y);
                    right = Math.max(right, x);
                }
            }
        }
        return bottom < 0 ? null : new int[] {top, left, bottom, right};
    }

    @Test
    void randomErasingOverwritesOneRectangleInEveryChannel() {
        RandomErasing erasing = new RandomErasing(1, 0.02, 0.33, 0.3, 3.3, -2f);
        Random rng = new Random(7);
        Image image = TestImages.ramp(3, 20, 24, 1440);
        int erased = 0;
        for (int trial = 0; trial < 200; trial++) {
            Image out = erasing.apply(image.copy(), rng);
            int[] box = changedBox(image, out);
            if (box == null) {
                continue; // no try fitted: allowed, and rare here
            }
            erased++;
            int h = box[2] - box[0] + 1;
            int w = box[3] - box[1] + 1;
            assertTrue(h < 20 && w < 24, "smaller than the image: " + h + "x" + w);
            double area = (double) h * w / (20 * 24);
            assertTrue(area > 0.01 && area < 0.38, "area fraction " + area);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 24; x++) {
                        boolean inside = y >= box[0] && y <= box[2] && x >= box[1] && x <= box[3];
                        assertEquals(inside ? -2f : image.get(c, y, x), out.get(c, y, x));
                    }
                }
            }
        }
        assertTrue(erased > 190, "erased " + erased + " of 200");
    }

    @Test
    void randomErasingWithNoiseAndWithProbabilityZero() {
        Image image = TestImages.ramp(1, 16, 16, 256);
        Image noisy = RandomErasing.withNoise(1, 0.1, 0.2, 1, 1).apply(image.copy(), new Random(8));
        int[] box = changedBox(image, noisy);
        assertTrue(box != null, "something was erased");
        float first = noisy.get(0, box[0], box[1]);
        assertTrue(first != noisy.get(0, box[0] + 1, box[1] + 1), "noise varies from pixel to pixel");
        Random rng = new Random(9);
        RandomErasing never = new RandomErasing(0);
        for (int i = 0; i < 50; i++) {
            Image same = image.copy();
            assertSame(same, never.apply(same, rng));
            assertArrayEquals(image.data(), same.data());
        }
    }

    @Test
    void randomErasingWithOneValuePerChannel() {
        Image image = TestImages.ramp(3, 12, 12, 432);
        RandomErasing erasing = new RandomErasing(1, 0.1, 0.2, 0.5, 2, new float[] {0.485f, 0.456f, 0.406f});
        Image out = erasing.apply(image.copy(), new Random(11));
        int[] box = changedBox(image, out);
        assertTrue(box != null, "something was erased");
        assertEquals(0.485f, out.get(0, box[0], box[1]));
        assertEquals(0.456f, out.get(1, box[2], box[3]));
        assertEquals(0.406f, out.get(2, box[0], box[3]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> erasing.apply(TestImages.grey(2, 2, 0, 0, 0, 0), new Random(1)));
        assertEquals("RandomErasing has 3 channel values but the image has 1 channel(s)", e.getMessage());
    }

    @Test
    void cutoutCutsASquareClippedAtTheBorder() {
        Image image = TestImages.ramp(2, 10, 10, 200);
        for (int i = 0; i < 200; i++) {
            image.data()[i] += 0.5f; // no zeros in the image
        }
        Random rng = new Random(10);
        boolean sawFull = false;
        boolean sawClipped = false;
        for (int trial = 0; trial < 200; trial++) {
            Image out = new Cutout(4).apply(image.copy(), rng);
            int[] box = changedBox(image, out);
            int h = box[2] - box[0] + 1;
            int w = box[3] - box[1] + 1;
            assertTrue(h <= 4 && w <= 4 && h >= 2 && w >= 2, h + "x" + w);
            sawFull |= h == 4 && w == 4;
            sawClipped |= h < 4 || w < 4;
            for (int c = 0; c < 2; c++) {
                for (int y = box[0]; y <= box[2]; y++) {
                    for (int x = box[1]; x <= box[3]; x++) {
                        assertEquals(0f, out.get(c, y, x));
                    }
                }
            }
        }
        assertTrue(sawFull && sawClipped);
    }

    @Test
    void theSameSeedGivesTheSameValues() {
        ImageTransform chain = new RandomBrightness(0.3).andThen(new RandomContrast(0.3))
                .andThen(new Normalize(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}))
                .andThen(new RandomErasing(0.5)).andThen(new Cutout(3));
        Image image = TestImages.ramp(3, 8, 8, 192);
        Random a = new Random(5);
        Random b = new Random(5);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(chain.apply(image.copy(), a).data(), chain.apply(image.copy(), b).data());
        }
        assertTrue(!Arrays.equals(chain.apply(image.copy(), new Random(6)).data(),
                chain.apply(image.copy(), new Random(7)).data()));
    }
}
