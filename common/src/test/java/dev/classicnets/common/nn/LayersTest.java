package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class LayersTest {

    @Test
    void lrnMatchesThePapersFormula() {
        int n = 2, c = 7, h = 2, w = 3;
        float[] a = new float[n * c * h * w];
        java.util.Random rng = new java.util.Random(3);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian() * 10;
        }
        int size = 5;
        float alpha = 1e-2f, beta = 0.75f, k = 2f;
        float[] expected = new float[a.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < h * w; p++) {
                    double sum = 0;
                    for (int j = Math.max(0, ch - size / 2); j <= Math.min(c - 1, ch + size / 2); j++) {
                        double v = a[(b * c + j) * h * w + p];
                        sum += v * v;
                    }
                    int idx = (b * c + ch) * h * w + p;
                    expected[idx] = (float) (a[idx] / Math.pow(k + alpha * sum, beta));
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(a, new Shape(n, c, h, w));
            LocalResponseNorm lrn = new LocalResponseNorm(size, alpha, beta, k);
            lrn.initialize(m, DataType.FLOAT32, x.getShape());
            NDArray y = lrn.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(expected, y.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void lrnRejectsEvenSize() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new LocalResponseNorm(4, 1e-4f, 0.75f, 2f));
        assertEquals("LRN size must be an odd number >= 1, got 4", e.getMessage());
    }

    @Test
    void adaptivePoolingUsesTorchsBins() {
        // 5 -> 3 bins: rows [0,2), [1,4), [3,5) (floor(i*5/3) .. ceil((i+1)*5/3))
        float[] a = new float[25];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        int[][] bins = {{0, 2}, {1, 4}, {3, 5}};
        float[] expected = new float[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                int cnt = 0;
                for (int r = bins[i][0]; r < bins[i][1]; r++) {
                    for (int c = bins[j][0]; c < bins[j][1]; c++) {
                        s += a[r * 5 + c];
                        cnt++;
                    }
                }
                expected[i * 3 + j] = (float) (s / cnt);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            AdaptiveAvgPool2d pool = new AdaptiveAvgPool2d(3, 3);
            NDArray x = m.create(a, new Shape(1, 1, 5, 5));
            NDArray y = pool.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertEquals(new Shape(1, 1, 3, 3), y.getShape());
            assertEquals(new Shape(1, 1, 3, 3), pool.getOutputShapes(new Shape[] {x.getShape()})[0]);
            assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
        }
    }
}
