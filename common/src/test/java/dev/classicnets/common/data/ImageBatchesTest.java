package dev.classicnets.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.classicnets.common.augment.Image;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageBatchesTest {

    /** n images of 2x3x3 whose pixels all equal the item's index; labels index % 4. */
    private static ImageSet numbered(int n) {
        float[] px = new float[n * 18];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(px, i * 18, (i + 1) * 18, i);
            labels[i] = i % 4;
        }
        return ImageSet.of(px, labels, 2, 3, 3, List.of("a", "b", "c", "d"));
    }

    /** The first pixel of every image of one epoch, batch by batch. */
    private static List<float[]> epoch(ImageBatches b, NDManager m) {
        List<float[]> out = new ArrayList<>();
        for (Batch batch : b.getData(m)) {
            try (batch) {
                float[] x = batch.getData().head().toFloatArray();
                long[] y = batch.getLabels().head().toLongArray();
                assertEquals(DataType.INT64, batch.getLabels().head().getDataType());
                float[] first = new float[y.length];
                for (int i = 0; i < y.length; i++) {
                    first[i] = x[i * 18];
                    assertEquals((long) first[i] % 4, y[i], "label travels with its image");
                }
                out.add(first);
            }
        }
        return out;
    }

    @Test
    void coversEveryImageOncePerEpochInBatches() {
        ImageBatches b = ImageBatches.builder().source(numbered(10)).batchSize(4).optSeed(3).build();
        assertEquals(3, b.numBatches());
        assertEquals(new Shape(4, 2, 3, 3), b.batchShape());
        try (NDManager m = NDManager.newBaseManager()) {
            List<float[]> e = epoch(b, m);
            assertEquals(List.of(4, 4, 2), e.stream().map(a -> a.length).toList());
            Set<Float> seen = new HashSet<>();
            e.forEach(a -> {
                for (float v : a) {
                    seen.add(v);
                }
            });
            assertEquals(10, seen.size());
        }
    }

    @Test
    void shuffleIsReproducibleAndDiffersBetweenEpochs() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageBatches a = ImageBatches.builder().source(numbered(32)).batchSize(32).optSeed(5).build();
            ImageBatches b = ImageBatches.builder().source(numbered(32)).batchSize(32).optSeed(5)
                    .optPrefetch(0).build();
            float[] a1 = epoch(a, m).get(0);
            float[] a2 = epoch(a, m).get(0);
            assertArrayEquals(a1, epoch(b, m).get(0), "same seed and epoch, with or without prefetch");
            assertFalse(java.util.Arrays.equals(a1, a2), "a new order every epoch");
            b.setEpoch(1);
            assertArrayEquals(a2, epoch(b, m).get(0), "setEpoch resumes the order of that epoch");
        }
    }

    @Test
    void unshuffledKeepsTheOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageBatches b = ImageBatches.builder().source(numbered(5)).batchSize(5).optShuffle(false).build();
            assertArrayEquals(new float[] {0, 1, 2, 3, 4}, epoch(b, m).get(0));
        }
    }

    @Test
    void normalisesEachChannelAndGivesEachImageItsOwnDraw() {
        ImageBatches b = ImageBatches.builder().source(numbered(6)).batchSize(6).optShuffle(false)
                .optNormalize(new float[] {1, 2}, new float[] {2, 4})
                .optTransform((img, rng) -> {
                    float bump = rng.nextInt(1000);
                    for (int i = 0; i < 9; i++) {
                        img.data()[9 + i] += bump; // second channel only
                    }
                    return img;
                })
                .build();
        try (NDManager m = NDManager.newBaseManager(); Batch batch = b.getData(m).iterator().next()) {
            float[] x = batch.getData().head().toFloatArray();
            Set<Float> secondChannel = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                assertEquals((i - 1) / 2f, x[i * 18], 1e-6, "channel 0: (x - 1) / 2");
                secondChannel.add(x[i * 18 + 9] * 4 + 2 - i);
            }
            assertTrue(secondChannel.size() > 1, "each image draws its own random bump: " + secondChannel);
        }
    }

    @Test
    void aTransformThatChangesTheSizeInconsistentlyIsAClearError() {
        ImageBatches b = ImageBatches.builder().source(numbered(4)).batchSize(4).optShuffle(false).optPrefetch(0)
                .optTransform((img, rng) -> img.get(0, 0, 0) == 2 ? Image.zeros(2, 4, 4) : img).build();
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> b.getData(m).iterator().next());
            assertTrue(e.getMessage().contains("from item 2"), e.getMessage());
        }
    }

    @Test
    void badSettingsAreRejected() {
        ImageSet s = numbered(3);
        assertEquals("batch size must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> ImageBatches.builder().source(s).batchSize(0).build()).getMessage());
        assertEquals("normalisation has 1 channel means but images have 2 channels",
                assertThrows(IllegalArgumentException.class, () -> ImageBatches.builder().source(s).batchSize(2)
                        .optNormalize(new float[] {0}, new float[] {1}).build()).getMessage());
        assertEquals("normalisation std must be > 0, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> ImageBatches.builder().optNormalize(new float[] {0}, new float[] {0})).getMessage());
    }
}
