package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The libtorch entry points DJL does not expose: {@link Libtorch#asStrided}. */
class LibtorchTest {

    private static Libtorch torch;

    @BeforeAll
    static void entryPoints() {
        torch = Libtorch.get();
        assertNotNull(torch, "libtorch's entry points should load on x86-64 Linux");
    }

    @Test
    void asStridedReadsTheElementsAtItsOffsets() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.arange(24f).reshape(2, 3, 4);
            // offsets i*5 + j*2 for i, j in 0..1 and 0..2: 0, 2, 4, 5, 7, 9
            NDArray view = torch.asStrided((PtNDArray) a, new long[] {2, 3}, new long[] {5, 2});
            assertEquals(new Shape(2, 3), view.getShape());
            assertArrayEquals(new float[] {0, 2, 4, 5, 7, 9}, view.toFloatArray());
            assertEquals(a.getManager(), view.getManager(), "the view joins its array's manager");
        }
    }

    @Test
    void asStridedOfAChannelsLastArrayCountsInItsMemoryOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.arange(24f).reshape(1, 2, 3, 4); // memory order (H, W, C) once channels-last
            assertTrue(ChannelsLast.toChannelsLast(a));
            // offsets 0 and 1 are channel 0 and channel 1 of pixel (0, 0)
            NDArray view = torch.asStrided((PtNDArray) a, new long[] {2}, new long[] {1});
            assertArrayEquals(new float[] {0, 12}, view.toFloatArray());
        }
    }

    @Test
    void theGradientReachesTheElementsReadAndOnlyThem() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(3, 4));
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray view = torch.asStrided((PtNDArray) a, new long[] {2, 2}, new long[] {5, 1}); // 0, 1, 5, 6
                gc.backward(view.mul(m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2))).sum());
            }
            assertArrayEquals(new float[] {1, 2, 0, 0, 0, 3, 4, 0, 0, 0, 0, 0}, a.getGradient().toFloatArray());
        }
    }

    @Test
    void offsetsOutsideTheArrayAreRefusedBeforeLibtorchSeesThem() {
        try (NDManager m = NDManager.newBaseManager()) {
            PtNDArray a = (PtNDArray) m.zeros(new Shape(3, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> torch.asStrided(a, new long[] {2, 3}, new long[] {6, 4}));
            assertEquals("as_strided needs positive sizes, non-negative strides and offsets inside a dense array, "
                    + "got sizes [2, 3], strides [6, 4] on (3, 4)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> torch.asStrided(a, new long[] {2}, new long[] {-1}));
            PtNDArray column = (PtNDArray) a.get(":, 1");
            e = assertThrows(IllegalArgumentException.class,
                    () -> torch.asStrided(column, new long[] {1}, new long[] {1}));
            assertTrue(e.getMessage().endsWith("on (3) (not dense)"), e.getMessage());
        }
    }
}
