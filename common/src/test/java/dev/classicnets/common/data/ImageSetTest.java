package dev.classicnets.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    @Test
    void bytesReadAsTheFloatsTheyStandFor() {
        int n = 5, h = 3, w = 4, per = h * w;
        byte[] bytes = new byte[n * per];
        float[] floats = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37); // values on both sides of the signed-byte boundary
            floats[i] = (bytes[i] & 0xff) / 255f;
        }
        bytes[0] = (byte) 255;
        floats[0] = 1f;
        byte[] labels = {0, 1, 2, 1, 0};
        ImageSet fromBytes = ImageSet.fromBytes(bytes, labels, h, w, CLASSES);
        ImageSet fromFloats = ImageSet.of(floats, new int[] {0, 1, 2, 1, 0}, 1, h, w, CLASSES);
        ImageSet[] bothSplits = {fromBytes.randomSplit(0.4, 7)[1], fromFloats.randomSplit(0.4, 7)[1]};
        for (int i = 0; i < n; i++) {
            assertArrayEquals(fromFloats.image(i).data(), fromBytes.image(i).data(), "image " + i);
            float[] dest = new float[per + 2];
            fromBytes.copyImage(i, dest, 2);
            assertArrayEquals(sliceOf(floats, i * per, per, 2), dest, "copyImage " + i);
            assertEquals(fromFloats.label(i), fromBytes.label(i));
        }
        for (int i = 0; i < bothSplits[0].size(); i++) {
            assertArrayEquals(bothSplits[1].image(i).data(), bothSplits[0].image(i).data(), "split image " + i);
        }
        assertArrayEquals(fromFloats.channelMeanStd()[0], fromBytes.channelMeanStd()[0]);
        assertArrayEquals(fromFloats.channelMeanStd()[1], fromBytes.channelMeanStd()[1]);
        assertEquals(1f, fromBytes.image(0).data()[0]);
    }

    /** {@code length} values of {@code a} from {@code from}, after {@code pad} zeros. */
    private static float[] sliceOf(float[] a, int from, int length, int pad) {
        float[] r = new float[pad + length];
        System.arraycopy(a, from, r, pad, length);
        return r;
    }

    @Test
    void bytesOfTheWrongCountAreOneClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.fromBytes(new byte[23], new byte[2], 3, 4, CLASSES));
        assertEquals("2 labels need 24 pixel values for 1x3x4 images, got 23", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.fromBytes(new byte[12], new byte[] {3}, 3, 4, CLASSES));
        assertEquals("label 3 of item 0 is outside [0, 3)", e.getMessage());
    }
}
