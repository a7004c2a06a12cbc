package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class MaxPool2dTest {

    private static NDArray libtorch(NDArray x, int kernel, int stride) {
        return Pool.maxPool2d(x, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), false);
    }

    private static void assertLikeLibtorch(NDArray x, int kernel, int stride, String what) {
        SameBits.assertSameForwardAndGradient(x, a -> libtorch(a, kernel, stride), a -> MaxPool2d.pool(a, kernel, stride),
                what);
    }

    /** The windows computed here: 2x2 and 3x3, at strides 1 to 3. */
    private static final int[][] WINDOWS = {{2, 2}, {2, 1}, {2, 3}, {3, 2}, {3, 1}, {3, 3}};

    @Test
    void computesLibtorchsFunctionAndGradientBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray random = m.randomNormal(new Shape(4, 3, 8, 8));
            assertTrue(MaxPool2d.computedHere(random), "a contiguous float32 CPU array is pooled here");
            for (int[] ks : WINDOWS) {
                int k = ks[0];
                int s = ks[1];
                String window = k + "x" + k + "/" + s + ": ";
                assertLikeLibtorch(random, k, s, window + "random");
                assertLikeLibtorch(m.randomNormal(new Shape(2, 5, 7, 9)), k, s, window + "odd sizes (floor)");
                // integers from a small range: most windows hold ties, which go to the first element in row order
                assertLikeLibtorch(m.randomNormal(new Shape(3, 4, 6, 10)).mul(1.5f).round(), k, s, window + "ties");
                assertLikeLibtorch(m.zeros(new Shape(1, 2, 4, 4)), k, s, window + "all equal");
                float[] zeros = {-0f, 0f, 0f, -0f, 0f, -0f, -0f, 0f, 0f, -0f, -0f, 0f};
                assertLikeLibtorch(m.create(zeros, new Shape(1, 1, 3, 4)), k, s, window + "signed zeros");
            }
        }
    }

    @Test
    void aWindowWithNaNTakesItsLastNaNAsLibtorchDoes() {
        try (NDManager m = NDManager.newBaseManager()) {
            float nan = Float.NaN;
            float inf = Float.POSITIVE_INFINITY;
            // 2x2/2 windows (row order): [NaN 1 2 3], [4 NaN NaN 0], [5 6 7 NaN], [-1 -2 -3 -4], [1 1 inf -inf],
            // [-inf -inf -inf -inf]; 3x3 windows see them mixed
            float[] values = {nan, 1, 4, nan, -1, -2, 1, 1,
                2, 3, nan, 0, -3, -4, inf, -inf,
                5, 6, 8, 9, 1, 1, -inf, -inf,
                7, nan, 9, 8, 1, 1, -inf, -inf};
            NDArray x = m.create(values, new Shape(1, 1, 4, 8));
            for (int[] ks : WINDOWS) {
                assertLikeLibtorch(x, ks[0], ks[1], ks[0] + "x" + ks[0] + "/" + ks[1] + ": NaN and infinities");
            }
        }
    }

    @Test
    void whatItDoesNotComputeGoesToLibtorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray channelsLast = m.randomNormal(new Shape(2, 8, 6, 6));
            assertTrue(ChannelsLast.toChannelsLast(channelsLast));
            assertFalse(MaxPool2d.computedHere(channelsLast), "channels-last goes to libtorch's vectorised kernel");
            assertLikeLibtorch(channelsLast, 2, 2, "channels-last");
            NDArray doubles = m.randomNormal(new Shape(2, 3, 6, 6)).toType(DataType.FLOAT64, false);
            assertFalse(MaxPool2d.computedHere(doubles));
            assertLikeLibtorch(doubles, 2, 2, "float64");
            assertLikeLibtorch(m.randomNormal(new Shape(2, 3, 9, 9)), 4, 2, "4x4 stride 2");
            assertLikeLibtorch(m.randomNormal(new Shape(2, 3, 9, 9)), 1, 1, "1x1");
        }
    }

    @Test
    void theBlockSaysItsOutputShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            ShapedLambda block = MaxPool2d.block(2, 2);
            Shape in = new Shape(2, 3, 11, 8);
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), false).head();
            assertEquals(new Shape(2, 3, 5, 4), y.getShape());
            assertEquals(y.getShape(), block.getOutputShapes(new Shape[] {in})[0]);
            assertEquals(new Shape(2, 3, 5, 3), MaxPool2d.block(3, 2).getOutputShapes(new Shape[] {in})[0]);
        }
    }

    @Test
    void refusesWindowsLargerThanTheInputAndEmptyWindows() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> MaxPool2d.pool(m.zeros(new Shape(1, 1, 1, 5)), 2, 2));
            assertTrue(small.getMessage().contains("(1, 1, 1, 5)"), small.getMessage());
            IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                    () -> MaxPool2d.pool(m.zeros(new Shape(4, 4)), 2, 2));
            assertTrue(flat.getMessage().contains("(N, C, H, W)"), flat.getMessage());
            assertThrows(IllegalArgumentException.class, () -> MaxPool2d.block(0, 2));
        }
    }
}
