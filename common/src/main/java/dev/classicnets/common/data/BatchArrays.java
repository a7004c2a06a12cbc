package dev.classicnets.common.data;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * A batch's arrays made from Java arrays, in memory libtorch owns and frees when the batch closes.
 *
 * <p>Why not {@code manager.create(buffer, shape)}: on PyTorch, DJL copies a heap buffer into a new direct
 * {@code ByteBuffer} and lets the tensor borrow it, so its memory is freed only when the garbage collector
 * gets to the buffer, long after the batch is closed. A training run then holds as much native memory in
 * such buffers as it makes between two collections, and that grows with the Java heap the JVM chooses: the
 * ResNet-20 preset's memory benchmark held 80-135 MB of them, in step with the Java heap's garbage.
 */
public final class BatchArrays {

    private BatchArrays() {}

    /**
     * A new array of {@code shape} and {@code type} attached to {@code manager}, holding {@code data}'s
     * remaining elements, as {@code manager.create(data, shape, type)} would ({@code data} is not moved).
     */
    public static NDArray copyOf(NDManager manager, Buffer data, Shape shape, DataType type) {
        BaseNDManager.validateBuffer(data, type, Math.toIntExact(shape.size())); // DJL's own checks and messages
        NDArray array = manager.create(shape, type);
        if (!(array instanceof PtNDArray) || shape.size() == 0) {
            array.close();
            return manager.create(data, shape, type); // other engines: their own copy
        }
        ByteBuffer target = array.toByteBuffer(true); // the tensor's own memory (contiguous, just made)
        if (data instanceof FloatBuffer f) {
            target.asFloatBuffer().put(f.duplicate());
        } else if (data instanceof LongBuffer l) {
            target.asLongBuffer().put(l.duplicate());
        } else if (data instanceof IntBuffer i) {
            target.asIntBuffer().put(i.duplicate());
        } else if (data instanceof DoubleBuffer d) {
            target.asDoubleBuffer().put(d.duplicate());
        } else if (data instanceof ByteBuffer b) {
            target.put(b.duplicate());
        } else {
            array.close();
            throw new IllegalArgumentException("unsupported buffer " + data.getClass().getSimpleName());
        }
        return array;
    }
}
