package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One kind of per-parameter optimizer state (SGD's velocities, Adam's means, ...), per parameter id
 * and device, each kept as {@code scale * x} where {@code x} is what {@code torch.optim} keeps.
 *
 * <p>Why a scale: DJL's in-place operations have no {@code alpha} ({@code add_(x, alpha=a)}), so each
 * constant factor of an update rule would cost a pass over a full-size array; kept in the state instead,
 * it changes only a float, and the next decay multiplication ({@code state *= beta * newScale / scale})
 * applies it in the pass that happens anyway.
 */
final class ParameterStates {

    /** One state array and its scale: torch's state is {@code array / scale}. */
    static final class Entry {
        final NDArray array;
        float scale;

        Entry(NDArray array, float scale) {
            this.array = array;
            this.scale = scale;
        }

        /**
         * The array as torch keeps it (scale 1), divided in place when needed; still the live state.
         *
         * @param scalars where the divisor comes from
         */
        NDArray normalized(Scalars scalars) {
            if (scale != 1f) {
                array.muli(scalars.of(1f / scale, array));
                scale = 1f;
            }
            return array;
        }
    }

    final String name;
    private final Map<String, Map<Device, Entry>> entries = new ConcurrentHashMap<>();

    ParameterStates(String name) {
        this.name = name;
    }

    /** The parameter's state on {@code device}, or null before its first update. */
    Entry get(String parameterId, Device device) {
        Map<Device, Entry> perDevice = entries.get(parameterId);
        return perDevice == null ? null : perDevice.get(device);
    }

    /** The parameter's state on any device (the first one found), or null. */
    Entry any(String parameterId) {
        Map<Device, Entry> perDevice = entries.get(parameterId);
        return perDevice == null || perDevice.isEmpty() ? null : perDevice.values().iterator().next();
    }

    /**
     * Keeps {@code array} (detached from its manager: it lives as long as the optimizer) as the state
     * of the parameter on the array's device, closing the state it replaces.
     */
    Entry put(String parameterId, NDArray array, float scale) {
        array.detach();
        Entry entry = new Entry(array, scale);
        Entry old = entries.computeIfAbsent(parameterId, k -> new ConcurrentHashMap<>())
                .put(array.getDevice(), entry);
        if (old != null) {
            old.array.close();
        }
        return entry;
    }
}
