package dev.classicnets.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.junit.jupiter.api.Test;

class BatchArraysTest {

    /** DJL's PtNDArray keeps the Java buffer its memory is borrowed from here (null when libtorch owns it). */
    private static Object borrowedBuffer(NDArray a) throws ReflectiveOperationException {
        Field f = PtNDArray.class.getDeclaredField("dataRef");
        f.setAccessible(true);
        return f.get(a);
    }

    @Test
    void holdsWhatCreateHoldsInMemoryLibtorchOwns() throws ReflectiveOperationException {
        float[] pixels = {0.5f, -1f, 3f, 4f, 5f, 6f};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ours = BatchArrays.copyOf(m, FloatBuffer.wrap(pixels), new Shape(1, 2, 3), DataType.FLOAT32);
            NDArray djl = m.create(FloatBuffer.wrap(pixels), new Shape(1, 2, 3));
            assertEquals(djl.getShape(), ours.getShape());
            assertEquals(DataType.FLOAT32, ours.getDataType());
            assertArrayEquals(djl.toFloatArray(), ours.toFloatArray());
            assertTrue(borrowedBuffer(djl) instanceof ByteBuffer b && b.isDirect(), "why this class exists");
            assertNull(borrowedBuffer(ours), "no Java buffer to wait for the garbage collector");

            long[] labels = {3, 1, 4};
            assertArrayEquals(labels, BatchArrays.copyOf(m, LongBuffer.wrap(labels), new Shape(3), DataType.INT64)
                    .toLongArray());
            assertArrayEquals(new int[] {7, 8}, BatchArrays.copyOf(m, IntBuffer.wrap(new int[] {7, 8}), new Shape(2),
                    DataType.INT32).toIntArray());
            ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putFloat(2f).putFloat(-3f).flip();
            assertArrayEquals(new float[] {2f, -3f}, BatchArrays.copyOf(m, bytes, new Shape(2), DataType.FLOAT32)
                    .toFloatArray());
            assertEquals(0, bytes.position(), "the caller's buffer is not moved");
            assertEquals(0, BatchArrays.copyOf(m, FloatBuffer.allocate(0), new Shape(0, 3), DataType.FLOAT32).size());
        }
    }

    @Test
    void refusesABufferOfAnotherTypeOrTooFewElements() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                    () -> BatchArrays.copyOf(m, FloatBuffer.allocate(3), new Shape(3), DataType.INT64));
            assertTrue(type.getMessage().contains("float32") && type.getMessage().contains("int64"), type.getMessage());
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> BatchArrays.copyOf(m, FloatBuffer.allocate(5), new Shape(2, 3), DataType.FLOAT32));
            assertTrue(size.getMessage().contains("6"), size.getMessage());
        }
    }
}
