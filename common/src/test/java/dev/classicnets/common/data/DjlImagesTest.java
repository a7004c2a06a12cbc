package dev.classicnets.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.RandomHorizontalFlip;
import java.util.List;
import org.junit.jupiter.api.Test;

class DjlImagesTest {

    @Test
    void readsHwcByteImagesAsChwFloatsAndGivesEachItsOwnAugmentation() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 8 images of 2x3 pixels, 3 channels, HWC bytes: value = 100*c + 10*y + x (+ item)
            byte[] px = new byte[8 * 2 * 3 * 3];
            float[] labels = new float[8];
            for (int n = 0; n < 8; n++) {
                labels[n] = n % 2;
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        for (int c = 0; c < 3; c++) {
                            px[((n * 2 + y) * 3 + x) * 3 + c] = (byte) (100 * c + 10 * y + x + n);
                        }
                    }
                }
            }
            ArrayDataset ds = new ArrayDataset.Builder()
                    .setData(m.create(px, new Shape(8, 2, 3, 3)).toType(DataType.UINT8, false))
                    .optLabels(m.create(labels)).setSampling(1, false).build();
            try (DjlImages images = new DjlImages(ds, List.of("even", "odd"))) {
                assertEquals(8, images.size());
                assertEquals(3, images.channels());
                assertEquals(2, images.height());
                assertEquals(3, images.width());
                Image img = images.image(5);
                assertEquals((200 + 10 * 1 + 2 + 5) / 255f, img.get(2, 1, 2), 1e-6f);
                assertEquals(5 / 255f, img.get(0, 0, 0), 1e-6f);
                assertEquals(1, images.label(5));

                // through ImageBatches: a flip with p=1 mirrors every image (DJL's own flip is a no-op)
                ImageBatches batches = ImageBatches.builder().source(images).batchSize(8).optShuffle(false)
                        .optTransform(new RandomHorizontalFlip(1)).build();
                try (Batch b = batches.getData(m).iterator().next()) {
                    float[] x = b.getData().head().toFloatArray();
                    assertEquals(new Shape(8, 3, 2, 3), b.getData().head().getShape());
                    // item 0, channel 0, row 0: x = 0,1,2 mirrored -> 2,1,0
                    assertArrayEquals(new float[] {2 / 255f, 1 / 255f, 0}, java.util.Arrays.copyOf(x, 3), 1e-6f);
                    assertNotEquals(images.image(0).get(0, 0, 0), x[0]);
                }
            }
        }
    }
}
