package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** Bilinear x2 with align_corners=True, as torch.nn.Upsample computes it, and its gradient. */
class BilinearUpsampleTest {

    @Test
    void aTwoByTwoBecomesTheAlignedCornersFourByFour() {
        try (NDManager m = NDManager.newBaseManager()) {
            BilinearUpsample up = new BilinearUpsample(2);
            NDArray x = m.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = up.forward(new ParameterStore(m, false), new NDList(x), true).head();
                gc.backward(y.sum());
            }
            assertEquals(new Shape(1, 1, 4, 4), y.getShape());
            // output i reads input i/3 (the corners stay where they are)
            float t = 1 / 3f;
            assertArrayEquals(new float[] {
                0, t, 2 * t, 1,
                2 * t, 1, 4 * t, 5 * t,
                4 * t, 5 * t, 2, 7 * t,
                2, 7 * t, 8 * t, 3}, y.toFloatArray(), 1e-6f);
            // each input's weights over the 16 outputs sum to 4 (a quarter of the output each)
            assertArrayEquals(new float[] {4, 4, 4, 4}, x.getGradient().toFloatArray(), 1e-5f);
            assertEquals(new Shape(2, 3, 10, 14), up.getOutputShapes(new Shape[] {new Shape(2, 3, 5, 7)})[0]);
            assertEquals(DataType.FLOAT32, y.getDataType());
        }
        assertThrows(IllegalArgumentException.class, () -> new BilinearUpsample(0));
    }
}
