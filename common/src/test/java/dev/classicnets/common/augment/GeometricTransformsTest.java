package dev.classicnets.common.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeometricTransformsTest {

    @Test
    void horizontalFlipMirrorsEveryRowAndChannel() {
        Image image = TestImages.ramp(2, 2, 3, 1);
        Image flipped = new RandomHorizontalFlip(1).apply(image.copy(), new Random(1));
        assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9}, flipped.data());
        assertArrayEquals(TestImages.ramp(2, 2, 3, 1).data(), image.data(), "the input is not changed");
    }

    @Test
    void verticalFlipMirrorsEveryColumn() {
        Image flipped = new RandomVerticalFlip(1).apply(TestImages.ramp(1, 3, 2, 1), new Random(1));
        assertArrayEquals(new float[] {4, 5, 2, 3, 0, 1}, flipped.data());
    }

    @Test
    void flipsWithProbabilityZeroLeaveTheImageAlone() {
        Random rng = new Random(3);
        for (GeometricTransform t : new GeometricTransform[] {new RandomHorizontalFlip(0), new RandomVerticalFlip(0)}) {
            for (int i = 0; i < 50; i++) {
                Image image = TestImages.ramp(1, 3, 4, 1);
                Image out = t.apply(image, rng);
                assertSame(image, out);
                assertArrayEquals(TestImages.ramp(1, 3, 4, 1).data(), out.data());
            }
        }
    }

    @Test
    void flipsHappenAboutAsOftenAsAsked() {
        Random rng = new Random(11);
        RandomHorizontalFlip flip = new RandomHorizontalFlip(0.3);
        int flipped = 0;
        for (int i = 0; i < 2000; i++) {
            flipped += flip.draw(4, 4, rng).isIdentity() ? 0 : 1;
        }
        // binomial(2000, 0.3): mean 600, sd 20.5
        assertTrue(Math.abs(flipped - 600) < 70, "flipped " + flipped + " of 2000");
    }

    @Test
    void padAndRandomCropShiftsByWholePixelsWithZerosAndReachesEveryOffset() {
        Image image = TestImages.ramp(2, 6, 5, 1);
        for (int i = 0; i < 60; i++) {
            image.data()[i] += 1; // no zero inside the image, so zeros are padding
        }
        PadAndRandomCrop crop = new PadAndRandomCrop(2);
        Random rng = new Random(5);
        Set<String> offsets = new HashSet<>();
        for (int trial = 0; trial < 400; trial++) {
            Image out = crop.apply(image.copy(), rng);
            assertEquals(2, out.channels());
            assertEquals(6, out.height());
            assertEquals(5, out.width());
            // find the shift from the value at the first non-padding pixel
            int dx = Integer.MIN_VALUE;
            int dy = Integer.MIN_VALUE;
            search:
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 5; x++) {
                    float v = out.get(0, y, x);
                    if (v != 0) {
                        int src = (int) v - 1;
                        dy = src / 5 - y;
                        dx = src % 5 - x;
                        break search;
                    }
                }
            }
            assertTrue(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, "shift " + dx + "," + dy);
            offsets.add(dx + "," + dy);
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 5; x++) {
                        boolean inside = y + dy >= 0 && y + dy < 6 && x + dx >= 0 && x + dx < 5;
                        float expected = inside ? image.get(c, y + dy, x + dx) : 0f;
                        assertEquals(expected, out.get(c, y, x));
                    }
                }
            }
        }
        assertEquals(25, offsets.size(), "every offset of 5 x 5 occurs");
    }

    @Test
    void padAndRandomCropWithFillAndZeroPadding() {
        Image out = new PadAndRandomCrop(3, -1f).apply(TestImages.ramp(1, 2, 2, 1), new Random(2));
        for (float v : out.data()) {
            assertTrue(v == -1f || (v >= 0 && v <= 3));
        }
        Image image = TestImages.ramp(1, 2, 2, 1);
        assertSame(image, new PadAndRandomCrop(0).apply(image, new Random(2)));
    }

    @Test
    void centerCropTakesTheMiddleAndPadsWhenLarger() {
        Image image = TestImages.ramp(1, 4, 5, 1);
        assertArrayEquals(new float[] {6, 7, 8, 11, 12, 13}, new CenterCrop(2, 3).apply(image, null).data());
        // 2x2 into 4x4: one pixel of zeros round it; into 3x4 the odd row of zeros goes to the bottom
        Image small = TestImages.ramp(1, 2, 2, 1);
        for (int i = 0; i < 4; i++) {
            small.data()[i] += 1;
        }
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0},
                new CenterCrop(4, 4).apply(small, null).data());
        assertArrayEquals(new float[] {0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0},
                new CenterCrop(3, 4).apply(small, null).data());
    }

    @Test
    void resizeMatchesPyTorchBilinearWithHalfPixelCentres() {
        // torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False), torch 1.13
        Image up = new Resize(4, 5).apply(TestImages.grey(2, 3, 0, 0.2f, 0.4f, 0.6f, 0.8f, 1f), null);
        assertArrayEquals(new float[] {0.0f, 0.08f, 0.2f, 0.32f, 0.4f, 0.15f, 0.23f, 0.35f, 0.47f, 0.55f,
            0.45f, 0.53f, 0.65f, 0.77f, 0.85f, 0.6f, 0.68f, 0.8f, 0.92f, 1.0f}, up.data(), 1e-6f);
        Image down = new Resize(3, 4).apply(TestImages.ramp(1, 4, 6, 23), null);
        assertArrayEquals(new float[] {0.054348f, 0.119565f, 0.184783f, 0.25f, 0.402174f, 0.467391f, 0.532609f,
            0.597826f, 0.75f, 0.815217f, 0.880435f, 0.945652f}, down.data(), 1e-6f);
        Image same = TestImages.ramp(1, 3, 3, 1);
        assertSame(same, new Resize(3, 3).apply(same, null));
    }

    @Test
    void randomResizedCropOfAFixedScaleCopiesAWindowAndReachesEveryPosition() {
        // area 1/4 at ratio 1 of an 8x8 image is a 4x4 window; resized to 4x4 it is copied exactly
        RandomResizedCrop crop = new RandomResizedCrop(4, 4, 0.25, 0.25, 1, 1);
        Image image = TestImages.ramp(3, 8, 8, 1);
        Random rng = new Random(9);
        Set<Integer> corners = new HashSet<>();
        for (int trial = 0; trial < 300; trial++) {
            Image out = crop.apply(image.copy(), rng);
            assertEquals(3, out.channels());
            int top = (int) out.get(0, 0, 0) / 8;
            int left = (int) out.get(0, 0, 0) % 8;
            corners.add(top * 8 + left);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        assertEquals(image.get(c, top + y, left + x), out.get(c, y, x));
                    }
                }
            }
        }
        assertEquals(25, corners.size(), "every top-left corner in [0, 4]^2 occurs");
    }

    @Test
    void randomResizedCropKeepsTheOutputSizeAndTheValueRange() {
        RandomResizedCrop crop = new RandomResizedCrop(5, 7);
        Random rng = new Random(4);
        Image image = TestImages.ramp(3, 20, 13, 779);
        for (int trial = 0; trial < 100; trial++) {
            Image out = crop.apply(image.copy(), rng);
            assertEquals(3, out.channels());
            assertEquals(5, out.height());
            assertEquals(7, out.width());
            for (float v : out.data()) {
                assertTrue(v >= 0 && v <= 1, "value " + v);
            }
        }
    }

    @Test
    void randomResizedCropFallsBackToTheCentralWindowOfTheNearestRatio() {
        // 4x16 with only square windows of 90-100 % of the area: no try fits, so the central 4x4
        RandomResizedCrop crop = new RandomResizedCrop(4, 4, 0.9, 1, 1, 1);
        Image image = TestImages.ramp(1, 4, 16, 1);
        Image out = crop.apply(image, new Random(1));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(image.get(0, y, x + 6), out.get(0, y, x));
            }
        }
    }

    @Test
    void rotationByQuarterTurnsIsExact() {
        Image image = TestImages.ramp(1, 3, 3, 1);
        // counter-clockwise as displayed: numpy.rot90
        assertArrayEquals(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6},
                RandomAffine.rotateAndShift(3, 3, Math.PI / 2, 0, 0, 0f).apply(image).data());
        assertArrayEquals(new float[] {8, 7, 6, 5, 4, 3, 2, 1, 0},
                RandomAffine.rotateAndShift(3, 3, Math.PI, 0, 0, 0f).apply(image).data());
    }

    @Test
    void rotationMatchesTorchvision() {
        // torchvision 0.14: F.rotate(x, 30.0, InterpolationMode.BILINEAR) of arange(35).reshape(5, 7) / 34
        float[] expected = {0.0f, 0.017873f, 0.070786f, 0.172813f, 0.301226f, 0.429638f, 0.217224f, 0.016818f,
            0.079582f, 0.207994f, 0.336407f, 0.464819f, 0.593232f, 0.648266f, 0.114762f, 0.243175f, 0.371587f, 0.5f,
            0.628413f, 0.756825f, 0.885238f, 0.253658f, 0.406768f, 0.535181f, 0.663593f, 0.792006f, 0.920418f,
            0.617157f, 0.1847f, 0.570362f, 0.698774f, 0.827187f, 0.697163f, 0.250076f, 0.0f};
        Image out = RandomAffine.rotateAndShift(5, 7, Math.toRadians(30), 0, 0, 0f)
                .apply(TestImages.ramp(1, 5, 7, 34));
        assertArrayEquals(expected, out.data(), 1e-5f);
    }

    @Test
    void translationShiftsByWholePixelsWithTheFill() {
        Image out = RandomAffine.rotateAndShift(2, 3, 0, 1, 0, -1f).apply(TestImages.ramp(1, 2, 3, 1));
        assertArrayEquals(new float[] {-1, 0, 1, -1, 3, 4}, out.data());
        RandomAffine shift = RandomAffine.translation(0.25);
        Random rng = new Random(8);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            Image moved = shift.apply(TestImages.ramp(1, 8, 8, 1), rng);
            // whole-pixel shifts of at most 2: every value is a value of the input or the fill 0
            for (float v : moved.data()) {
                assertEquals(Math.rint(v), v, 0);
            }
            seen.add(Arrays.toString(Arrays.copyOf(moved.data(), 8)));
        }
        assertTrue(seen.size() > 10, "shifts vary: " + seen.size());
    }

    @Test
    void smallRandomRotationsKeepShapeAndRange() {
        RandomAffine affine = new RandomAffine(15, 0.1, 0f);
        Random rng = new Random(12);
        Image image = TestImages.ramp(3, 9, 11, 296);
        int changed = 0;
        for (int i = 0; i < 50; i++) {
            Image out = affine.apply(image.copy(), rng);
            assertEquals(3, out.channels());
            assertEquals(9, out.height());
            assertEquals(11, out.width());
            for (float v : out.data()) {
                assertTrue(v >= 0 && v <= 1.0001f, "value " + v);
            }
            changed += Arrays.equals(out.data(), image.data()) ? 0 : 1;
        }
        assertTrue(changed >= 49, "almost every draw moves the image, got " + changed);
        Image still = TestImages.ramp(1, 4, 4, 1);
        assertSame(still, new RandomAffine(0, 0, 0f).apply(still, rng));
    }

    @Test
    void theSameSeedGivesTheSameImages() {
        ImageTransform chain = new RandomResizedCrop(6, 6).andThen(new RandomHorizontalFlip(0.5))
                .andThen(new RandomVerticalFlip(0.5)).andThen(new PadAndRandomCrop(1))
                .andThen(new RandomAffine(10, 0.1, 0f));
        Image image = TestImages.ramp(3, 10, 12, 359);
        Random a = new Random(42);
        Random b = new Random(42);
        Random c = new Random(43);
        boolean differs = false;
        for (int i = 0; i < 20; i++) {
            Image first = chain.apply(image.copy(), a);
            assertArrayEquals(first.data(), chain.apply(image.copy(), b).data());
            differs |= !Arrays.equals(first.data(), chain.apply(image.copy(), c).data());
        }
        assertTrue(differs, "another seed gives other images");
    }

    @Test
    void aWarpRefusesAnImageOfAnotherSize() {
        Warp warp = new RandomHorizontalFlip(1).draw(4, 4, new Random(1));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> warp.apply(TestImages.ramp(1, 4, 5, 1)));
        assertEquals("this warp was drawn for 4x4 inputs, got a 4x5 image", e.getMessage());
        assertNotEquals(warp.apply(TestImages.ramp(1, 4, 4, 1)).get(0, 0, 0), 0f);
    }
}
