package dev.classicnets.common.data;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.Buffer;

/**
 * A batch's arrays made from Java arrays, in memory libtorch owns and frees when the batch closes.
 *
 * <p>Why not {@code manager.create(buffer, shape)}: on PyTorch, DJL copies a heap buffer into a new direct
 * {@code ByteBuffer} and lets the tensor borrow it, so its memory is freed only when the garbage collector
 * gets to the buffer, long after the batch is closed. A training run then holds as much native memory in
 * such buffers as it makes between two collections, and that grows with the Java heap the JVM chooses: the
 * ResNet-20 preset's memory benchmark held 78-139 MB of them, in step with the Java heap's garbage.
 */
public final class BatchArrays {

    private BatchArrays() {}

    /**
     * A new array of {@code shape} and {@code type} attached to {@code manager}, holding {@code data}'s
     * remaining elements, as {@code manager.create(data, shape, type)} would ({@code data} is not moved). Off
     * the CPU or on another engine, that is what it calls.
     */
    public static NDArray copyOf(NDManager manager, Buffer data, Shape shape, DataType type) {
        BaseNDManager.validateBuffer(data, type, Math.toIntExact(shape.size())); // DJL's own checks and messages
        if (!"PyTorch".equals(manager.getEngine().getEngineName()) || !Device.cpu().equals(manager.getDevice())
                || shape.size() == 0) {
            return manager.create(data, shape, type); // elsewhere the tensor's memory is not ours to write
        }
        NDArray array = manager.create(shape, type);
        // the new tensor's own memory (contiguous, on the CPU), filled by DJL's copy, which reads a duplicate
        BaseNDManager.copyBuffer(data.duplicate(), array.toByteBuffer(true));
        return array;
    }
}
