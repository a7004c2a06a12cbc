package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.classicnets.common.nn.Arithmetic;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers as cached 0-d arrays, for the arithmetic of the update rules. DJL's {@code NDArray.muli(Number)}
 * creates and frees a scalar array at each call, which on PyTorch costs 15-80 us, more than the arithmetic
 * of a small layer. The values of one optimizer step (hyper-parameters, the step's learning rate and bias
 * corrections) repeat over all parameters, so the most recently used few are kept; older ones are closed.
 */
final class Scalars {

    /** More than the distinct values one parameter's update uses, so none is closed while in use. */
    private static final int CAPACITY = 64;

    private record Key(Device device, DataType type, float value) {}

    private final Map<Key, NDArray> cache = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, NDArray> eldest) {
            if (size() > CAPACITY) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    /** {@code value} as a 0-d array of {@code like}'s type on its device. Not to be closed. */
    synchronized NDArray of(float value, NDArray like) {
        Key key = new Key(like.getDevice(), like.getDataType(), value);
        NDArray s = cache.get(key);
        if (s == null) {
            s = Arithmetic.scalar(like, value);
            s.detach(); // lives with the optimizer, not in the parameters' manager
            cache.put(key, s);
        }
        return s;
    }
}
