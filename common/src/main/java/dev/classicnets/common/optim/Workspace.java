package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * Scratch memory for rules that need a second full-size array besides the gradient (Adagrad and
 * RMSprop need the gradient and its square at once): one flat buffer per device and type, as large as
 * the largest parameter, allocated once and reused, so that no update allocates (and page-faults in)
 * fresh memory.
 */
final class Workspace implements AutoCloseable {

    private record Key(Device device, DataType type) {}

    private final Map<Key, NDArray> buffers = new HashMap<>();

    /** A view of the buffer with {@code like}'s shape, type and device; close the view, not the buffer. */
    synchronized NDArray like(NDArray like) {
        Key key = new Key(like.getDevice(), like.getDataType());
        long size = like.size();
        NDArray buffer = buffers.get(key);
        if (buffer == null || buffer.size() < size) {
            if (buffer != null) {
                buffer.close();
            }
            buffer = like.getManager().create(new Shape(size), like.getDataType());
            buffer.detach(); // lives with the optimizer
            buffers.put(key, buffer);
        }
        try (NDArray flat = buffer.get(new NDIndex("0:{}", size))) {
            return flat.reshape(like.getShape());
        }
    }

    @Override
    public synchronized void close() {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
    }
}
