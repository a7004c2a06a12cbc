package dev.classicnets.common.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The paper's elastic deformation moves image and mask together and keeps the mask's labels. */
class ElasticDeformationTest {

    /** A 64x64 image whose value is its mask's label / 4: three blocks of labels 1-3 on 0. */
    private static ImageWithMask blocks() {
        int[] labels = new int[64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                labels[y * 64 + x] = x >= 8 && x < 24 && y >= 8 && y < 56 ? 1 : x >= 32 && y < 24 ? 2 : y >= 40
                        && x >= 36 ? 3 : 0;
            }
        }
        float[] pixels = new float[labels.length];
        for (int p = 0; p < labels.length; p++) {
            pixels[p] = labels[p] / 4f;
        }
        return new ImageWithMask(new Image(pixels, 1, 64, 64), new Mask(labels, 64, 64));
    }

    @Test
    void imageAndMaskMoveTogether() {
        ImageWithMask in = blocks();
        ImageWithMask out = ElasticDeformation.paper().apply(in, new Random(3));
        assertNotEquals(Arrays.toString(in.mask().labels()), Arrays.toString(out.mask().labels()), "it moved");
        int agree = 0;
        for (int p = 0; p < 64 * 64; p++) {
            int label = out.mask().labels()[p];
            assertTrue(label >= 0 && label <= 3, "labels stay labels");
            agree += Math.abs(out.image().data()[p] - label / 4f) < 0.05f ? 1 : 0;
        }
        // away from the blocks' edges the bicubic image and the nearest-neighbour mask say the same
        assertTrue(agree > 0.9 * 64 * 64, agree + " of 4096 pixels agree");
        ImageWithMask again = ElasticDeformation.paper().apply(in, new Random(3));
        assertArrayEquals(out.image().data(), again.image().data(), "one seed, one deformation");
    }

    @Test
    void zeroSigmaLeavesTheSampleAndBadSettingsAreRefused() {
        ImageWithMask in = blocks();
        assertSame(in, new ElasticDeformation(3, 0).apply(in, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> new ElasticDeformation(1, 10));
        assertThrows(IllegalArgumentException.class, () -> new ElasticDeformation(3, -1));
    }
}
