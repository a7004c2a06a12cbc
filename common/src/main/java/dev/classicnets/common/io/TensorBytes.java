package dev.classicnets.common.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies a tensor's elements out of its storage's bytes into a new array, following its offset and strides,
 * so a transposed view or a slice of a shared storage comes out as the values torch shows, in row-major order.
 */
final class TensorBytes {

    private TensorBytes() {}

    /**
     * The tensor {@code ref} as an array of {@code manager}, read from {@code storage}, the bytes of its whole
     * root storage; {@code bigEndian} when the file was written on a big-endian machine.
     */
    static NDArray toArray(NDManager manager, TensorRef ref, byte[] storage, boolean bigEndian, String source) {
        Shape shape = new Shape(ref.size());
        long numel = ref.numel();
        if (numel == 0) {
            return manager.zeros(shape, ref.dtype().arrayType());
        }
        int es = ref.dtype().size();
        long base = ref.storage().start() * ref.storage().elementSize() + ref.offset() * es;
        long last = ref.offset();
        for (int d = 0; d < ref.size().length; d++) {
            last += (ref.size()[d] - 1) * ref.stride()[d];
        }
        long end = ref.storage().start() * ref.storage().elementSize() + (last + 1) * es;
        if (end > storage.length || numel * es > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(source + ": tensor " + ref + " needs bytes up to " + end
                    + " but its storage has " + storage.length + " (truncated or corrupt)");
        }
        boolean asStored = !(bigEndian && es > 1) && !ref.dtype().widened();
        if (asStored && ref.isContiguous()) { // the common case: one copy, straight into the array's memory
            ByteBuffer direct = ByteBuffer.allocateDirect(Math.toIntExact(numel * es)).order(ByteOrder.nativeOrder());
            direct.put(storage, (int) base, direct.capacity()).rewind();
            return manager.create(direct, shape, ref.dtype().arrayType());
        }
        byte[] out = new byte[Math.toIntExact(numel * es)];
        if (ref.isContiguous()) {
            System.arraycopy(storage, (int) base, out, 0, out.length);
        } else {
            gather(ref, storage, (int) base, es, out);
        }
        if (bigEndian && es > 1) {
            reverseEachElement(out, es);
        }
        if (ref.dtype().widened()) {
            out = widen(out, ref.dtype());
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(out.length).order(ByteOrder.nativeOrder());
        direct.put(out).rewind(); // libtorch keeps this buffer as the array's memory
        return manager.create(direct, shape, ref.dtype().arrayType());
    }

    /** Little-endian bfloat16 to float32 (its top 16 bits), or int16 to int32 (sign-extended). */
    private static byte[] widen(byte[] in, TorchDtype dtype) {
        byte[] out = new byte[in.length * 2];
        boolean bf16 = dtype == TorchDtype.BFLOAT16;
        for (int i = 0, o = 0; i < in.length; i += 2, o += 4) {
            byte sign = (byte) (in[i + 1] < 0 ? 0xff : 0);
            out[o] = bf16 ? 0 : in[i];
            out[o + 1] = bf16 ? 0 : in[i + 1];
            out[o + 2] = bf16 ? in[i] : sign;
            out[o + 3] = bf16 ? in[i + 1] : sign;
        }
        return out;
    }

    /** Row-major walk over the index space, innermost dimension in the inner loop. */
    private static void gather(TensorRef ref, byte[] storage, int base, int es, byte[] out) {
        long[] size = ref.size();
        long[] stride = ref.stride();
        int dims = size.length;
        long inner = size[dims - 1];
        long innerStep = stride[dims - 1] * es;
        long[] index = new long[dims];
        int at = 0;
        while (at < out.length) {
            long from = base;
            for (int d = 0; d < dims - 1; d++) {
                from += index[d] * stride[d] * es;
            }
            for (long i = 0; i < inner; i++, from += innerStep, at += es) {
                System.arraycopy(storage, (int) from, out, at, es);
            }
            for (int d = dims - 2; d >= 0; d--) { // advance the outer index like an odometer
                if (++index[d] < size[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    private static void reverseEachElement(byte[] data, int es) {
        for (int i = 0; i < data.length; i += es) {
            for (int a = i, b = i + es - 1; a < b; a++, b--) {
                byte t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }
}
