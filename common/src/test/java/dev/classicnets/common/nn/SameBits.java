package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;

/** Bitwise comparisons of a layer's output and input gradient against a reference computation. */
final class SameBits {

    private SameBits() {}

    /** The output and the input's gradient (for the upstream gradient given) of {@code f} on {@code x}. */
    static NDArray[] forwardAndGradient(NDArray x, UnaryOperator<NDArray> f, NDArray upstream) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            y = f.apply(input);
            gc.backward(y.mul(upstream).sum());
        }
        return new NDArray[] {y.stopGradient(), input.getGradient().duplicate()};
    }

    /** Bit for bit: NaN against NaN, -0 against +0. */
    static void assertSameBits(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float[] e = expected.toType(DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
        int[] eb = new int[e.length];
        int[] ab = new int[a.length];
        for (int i = 0; i < e.length; i++) {
            eb[i] = Float.floatToRawIntBits(e[i]);
            ab[i] = Float.floatToRawIntBits(a[i]);
        }
        assertArrayEquals(eb, ab, what);
    }

    /** The output and the input gradient of {@code ours} are {@code reference}'s, to the bit. */
    static void assertSameForwardAndGradient(NDArray x, UnaryOperator<NDArray> reference, UnaryOperator<NDArray> ours,
            String what) {
        NDArray upstream = x.getManager().randomNormal(reference.apply(x).getShape());
        NDArray[] theirs = forwardAndGradient(x, reference, upstream);
        NDArray[] mine = forwardAndGradient(x, ours, upstream);
        assertSameBits(theirs[0], mine[0], what + ": forward");
        assertSameBits(theirs[1], mine[1], what + ": input gradient");
    }
}
