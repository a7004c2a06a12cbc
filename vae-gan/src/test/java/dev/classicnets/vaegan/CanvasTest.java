package dev.classicnets.vaegan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.data.ImageSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Padding and enlarging for DCGAN's canvas are undone exactly on the way back to the data's pixels. */
class CanvasTest {

    @Test
    void padScaleAndBackAgain() {
        ImageSet data = TinyData.bars(3, 5);
        for (int scale : new int[] {1, 2}) {
            PadAndScale canvas = new PadAndScale(12, scale);
            Generation generation = new Generation(4, Generation.Output.TANH, new Shape(1, 8, 8), scale, null);
            try (NDManager m = NDManager.newBaseManager()) {
                for (int i = 0; i < data.size(); i++) {
                    Image padded = canvas.apply(data.image(i), new Random(0));
                    assertEquals(12 * scale, padded.height());
                    float[] tanhRange = padded.data().clone();
                    for (int k = 0; k < tanhRange.length; k++) {
                        tanhRange[k] = tanhRange[k] * 2 - 1; // what the normalisation makes of it
                    }
                    NDArray back = generation.pixels(m.create(tanhRange, new Shape(1, 1, 12 * scale, 12 * scale)));
                    assertArrayEquals(data.image(i).data(), back.toFloatArray(), 1e-6f, "image " + i + ", x" + scale);
                }
            }
        }
        assertEquals(0f, new PadAndScale(12, 2).apply(data.image(0), new Random(0)).get(0, 0, 0), "zero border");
    }
}
