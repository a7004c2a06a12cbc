package dev.classicnets.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic between an array and a Java number that stays right inside a graph autograd differentiates.
 *
 * <p>On PyTorch, DJL's {@code NDArray.mul(Number)} (likewise {@code div} and {@code pow}) wraps the number in a
 * 0-d tensor over a direct {@code ByteBuffer}, without a copy ({@code from_blob}), and closes it right after the
 * call. Autograd keeps that tensor for the backward pass, where the gradients of mul, div and pow read it; by
 * then the garbage collector may have freed the buffer and the memory been reused. The gradient then comes out
 * multiplied by garbage, every element of it by one factor (4e8 to 2e9): 10 in 420,000 backward passes through
 * {@code x.mul(1)}, none in 180,000 through {@code mul(x, 1)}. Here the 0-d tensor is made by libtorch
 * ({@code torch::full}), so the graph owns what it keeps. In-place updates and arrays outside any graph may use
 * DJL's methods.
 */
public final class Arithmetic {

    private Arithmetic() {}

    /** {@code x * factor}, differentiable; the factor is rounded to a float (DJL's {@code full} takes one). */
    public static NDArray mul(NDArray x, double factor) {
        try (NDArray s = scalar(x, factor)) {
            return x.mul(s);
        }
    }

    /** {@code x / divisor}, differentiable; the divisor is rounded to a float. */
    public static NDArray div(NDArray x, double divisor) {
        try (NDArray s = scalar(x, divisor)) {
            return x.div(s);
        }
    }

    /** {@code x ^ exponent}, differentiable; the exponent is rounded to a float. */
    public static NDArray pow(NDArray x, double exponent) {
        try (NDArray s = scalar(x, exponent)) {
            return x.pow(s);
        }
    }

    /**
     * {@code value} as a 0-d array of {@code like}'s type and device, in {@code like}'s manager, whose memory
     * libtorch owns (closing it leaves a graph's reference alone).
     */
    public static NDArray scalar(NDArray like, double value) {
        NDArray s = like.getManager().full(new Shape(), (float) value, like.getDataType());
        if (s.getDevice().equals(like.getDevice())) {
            return s;
        }
        try (s) {
            return s.toDevice(like.getDevice(), false);
        }
    }
}
