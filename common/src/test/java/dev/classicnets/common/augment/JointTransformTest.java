package dev.classicnets.common.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JointTransformTest {
    private static final int CLASSES = 3;
    private static final int FILL = 255;

    /**
     * A blocky random mask and an image that is its one-hot code (channel k is 1 where the label is
     * k), so the label of a pixel can be read back from the image.
     */
    private static ImageWithMask oneHotSample(Random rng, int height, int width) {
        Mask mask = new Mask(new int[height * width], height, width);
        Image image = Image.zeros(CLASSES, height, width);
        int[][] blocks = new int[height / 3 + 1][width / 3 + 1];
        for (int[] row : blocks) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rng.nextInt(CLASSES);
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int label = blocks[y / 3][x / 3];
                mask.set(y, x, label);
                image.set(label, y, x, 1f);
            }
        }
        return new ImageWithMask(image, mask);
    }

    /**
     * How many pixels contradict alignment. Where the image is exactly one-hot, every source pixel
     * that contributed had that label, the nearest among them too, so the mask has that label (also
     * through a chain of warps). After a single warp ({@code strict}) more holds: bilinear sampling
     * gives the nearest source pixel the largest weight (>= 1/4), so where the mask says label k the
     * image's channel k is >= 1/4, and where the mask has the fill the nearest pixel was outside, so
     * the channels sum to <= 3/4. Labels that are neither classes nor the fill count too.
     * {@code pure[0]} gets the number of exactly one-hot pixels.
     */
    private static int violations(ImageWithMask sample, int[] pure, boolean strict) {
        Image image = sample.image();
        Mask mask = sample.mask();
        int bad = 0;
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                int label = mask.get(y, x);
                double sum = 0;
                int hot = -1;
                int hotCount = 0;
                for (int k = 0; k < CLASSES; k++) {
                    float v = image.get(k, y, x);
                    sum += v;
                    if (v > 1 - 1e-5) {
                        hot = k;
                        hotCount++;
                    } else if (v > 1e-5) {
                        hotCount += 10;
                    }
                }
                if (label == FILL) {
                    bad += !strict || sum <= 0.75 + 1e-5 ? 0 : 1;
                } else if (label < 0 || label >= CLASSES) {
                    bad++;
                } else {
                    bad += !strict || image.get(label, y, x) >= 0.25 - 1e-5 ? 0 : 1;
                }
                if (hotCount == 1) {
                    pure[0]++;
                    bad += label == hot ? 0 : 1;
                }
            }
        }
        return bad;
    }

    private static GeometricTransform geometric(int which) {
        switch (which) {
            case 0: return new RandomHorizontalFlip(0.5);
            case 1: return new RandomVerticalFlip(0.5);
            case 2: return new PadAndRandomCrop(3);
            case 3: return new RandomResizedCrop(10, 11);
            case 4: return new RandomAffine(25, 0.15, 0f);
            case 5: return new Resize(17, 13);
            default: return new CenterCrop(9, 12);
        }
    }

    @Test
    void masksStayAlignedWithImagesUnderEachGeometricTransform() {
        Random rng = new Random(200);
        for (int which = 0; which < 7; which++) {
            GeometricTransform t = geometric(which);
            int pixels = 0;
            int[] pure = new int[1];
            for (int trial = 0; trial < 40; trial++) {
                ImageWithMask out = JointTransform.geometric(t, FILL).apply(oneHotSample(rng, 12, 15), rng);
                assertEquals(0, violations(out, pure, true), t.toString());
                pixels += out.mask().height() * out.mask().width();
            }
            assertTrue(pure[0] > pixels / 3, t + ": the check saw enough one-hot pixels: " + pure[0] + " of " + pixels);
        }
    }

    @Test
    void masksStayAlignedWithImagesThroughRandomGeometricChains() {
        Random pick = new Random(100);
        Random rng = new Random(300);
        int pixels = 0;
        int[] pure = new int[1];
        for (int trial = 0; trial < 100; trial++) {
            JointTransform chain = JointTransform.identity();
            StringBuilder names = new StringBuilder();
            for (int step = 0; step < 3; step++) {
                GeometricTransform t = geometric(pick.nextInt(7));
                names.append(t).append(' ');
                chain = chain.andThen(JointTransform.geometric(t, FILL));
            }
            ImageWithMask out = chain.apply(oneHotSample(rng, 12, 15), rng);
            assertEquals(0, violations(out, pure, false), names.toString());
            pixels += out.mask().height() * out.mask().width();
        }
        assertTrue(pure[0] > pixels / 4, "the check saw enough one-hot pixels: " + pure[0] + " of " + pixels);
    }

    @Test
    void theCheckCatchesAMaskLeftBehind() {
        Random rng = new Random(1);
        ImageWithMask sample = oneHotSample(rng, 12, 15);
        // flip the image only: what a pipeline that transformed image and mask separately would do
        ImageWithMask broken = new ImageWithMask(new RandomHorizontalFlip(1).apply(sample.image(), rng), sample.mask());
        assertTrue(violations(broken, new int[1], false) > 10);
    }

    @Test
    void geometricDrawsOnceForBoth() {
        Image image = TestImages.ramp(1, 2, 3, 1);
        Mask mask = new Mask(new int[] {0, 1, 2, 3, 4, 5}, 2, 3);
        ImageWithMask out = JointTransform.geometric(new RandomHorizontalFlip(1), FILL)
                .apply(new ImageWithMask(image, mask), new Random(1));
        assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3}, out.image().data());
        assertArrayEquals(new int[] {2, 1, 0, 5, 4, 3}, out.mask().labels());
        ImageWithMask padded = JointTransform.geometric(new CenterCrop(2, 5), FILL)
                .apply(new ImageWithMask(image, mask), new Random(1));
        assertArrayEquals(new int[] {FILL, 0, 1, 2, FILL, FILL, 3, 4, 5, FILL}, padded.mask().labels());
    }

    @Test
    void theMaskUsesNearestNeighbourAndKeepsItsLabelSet() {
        // a 2x2 checkerboard of labels 1 and 7 resized to 5x5 and rotated: never a blend like 4
        Mask mask = new Mask(new int[] {1, 7, 7, 1}, 2, 2);
        ImageWithMask sample = new ImageWithMask(Image.zeros(1, 2, 2), mask);
        JointTransform t = JointTransform.geometric(new Resize(5, 5), FILL)
                .andThen(JointTransform.geometric(RandomAffine.rotation(30), FILL));
        Random rng = new Random(3);
        for (int i = 0; i < 50; i++) {
            for (int label : t.apply(sample, rng).mask().labels()) {
                assertTrue(label == 1 || label == 7 || label == FILL, "label " + label);
            }
        }
        // 2 -> 4 upsampling: output pixel centres 0.75 apart from -0.25, rounded to the nearest input
        Mask up = new Resize(4, 4).draw(2, 2, rng).apply(mask, FILL);
        assertArrayEquals(new int[] {1, 1, 7, 7, 1, 1, 7, 7, 7, 7, 1, 1, 7, 7, 1, 1}, up.labels());
    }

    @Test
    void colourTransformsTouchTheImageOnly() {
        Random rng = new Random(4);
        ImageWithMask sample = oneHotSample(rng, 6, 6);
        int[] labels = sample.mask().labels().clone();
        ImageWithMask out = JointTransform.imageOnly(new RandomBrightness(0.5).andThen(new RandomErasing(1)))
                .apply(sample, rng);
        assertSame(sample.mask(), out.mask());
        assertArrayEquals(labels, out.mask().labels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JointTransform.imageOnly(new RandomHorizontalFlip(0.5)));
        assertEquals("JointTransform.imageOnly: transform must not move pixels (use JointTransform.geometric for it),"
                + " got RandomHorizontalFlip(p=0.5)", e.getMessage());
    }

    @Test
    void theSameSeedGivesTheSameSample() {
        JointTransform t = JointTransform.geometric(new RandomResizedCrop(8, 8), FILL)
                .andThen(JointTransform.geometric(new RandomAffine(20, 0.1, 0f), FILL))
                .andThen(JointTransform.imageOnly(new RandomContrast(0.3)));
        ImageWithMask sample = oneHotSample(new Random(5), 12, 12);
        for (int seed = 0; seed < 10; seed++) {
            ImageWithMask a = t.apply(new ImageWithMask(sample.image().copy(), sample.mask().copy()), new Random(seed));
            ImageWithMask b = t.apply(new ImageWithMask(sample.image().copy(), sample.mask().copy()), new Random(seed));
            assertArrayEquals(a.image().data(), b.image().data());
            assertArrayEquals(a.mask().labels(), b.mask().labels());
        }
    }

    @Test
    void imageAndMaskMustHaveTheSameSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageWithMask(Image.zeros(3, 4, 4), Mask.filled(4, 5, 0)));
        assertEquals("image 3x4x4 and mask 4x5 differ in height or width", e.getMessage());
    }
}
