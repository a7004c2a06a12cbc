package dev.classicnets.common.io;

import java.util.Arrays;

/**
 * A tensor as its pickle describes it, before its bytes are read: a strided view of a storage, with
 * {@code offset} and {@code stride} in elements of {@code dtype}, as {@code torch.Tensor.set_} takes them.
 */
record TensorRef(StorageRef storage, TorchDtype dtype, long offset, long[] size, long[] stride) {

    /** The number of elements. */
    long numel() {
        return Arrays.stream(size).reduce(1L, Math::multiplyExact);
    }

    /** True if the elements lie one after another in row-major order, so one copy reads them. */
    boolean isContiguous() {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    @Override
    public String toString() {
        return dtype + " " + Arrays.toString(size) + " in storage '" + storage.key() + "'";
    }
}
