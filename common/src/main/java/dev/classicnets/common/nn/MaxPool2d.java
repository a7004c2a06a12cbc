package dev.classicnets.common.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Max pooling with a square window and no padding (floor mode): libtorch's function and gradient, with the
 * forward pass of 2x2 windows at stride 2 over (N, C, H, W)-contiguous float32 CPU arrays computed here: each
 * window's first largest element found without branches, then taken with {@code gather}, whose backward pass
 * adds the gradient at those elements as libtorch's max-pooling backward does. Results are bitwise libtorch's
 * (ties go to the first element in row order; NaN wins, the last one in a window).
 *
 * <p>Why: libtorch 2.7.1's (N, C, H, W) kernel compares a window's elements with a branch each, and on
 * activations those branches are unpredictable: LeNet-5's S2, (128, 6, 28, 28), took 2.2-2.5 ms forward on
 * 2 threads of a Zen 4 VM (PyTorch 1.13: 1.6), a plain Java loop of that shape with branches 2.4 ms on one,
 * and the same loop without them 0.5-0.9 ms (December 2026). Everything else goes to libtorch
 * ({@code Pool.maxPool2d}): other windows, types and devices, arrays too large for {@code int} positions, and
 * channels-last arrays, whose kernel is vectorised across channels.
 */
public final class MaxPool2d {

    private MaxPool2d() {}

    /** A block pooling {@code kernel x kernel} windows every {@code stride} pixels, no padding. */
    public static ShapedLambda block(int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("max pooling needs a kernel and a stride of at least 1, got kernel "
                    + kernel + " and stride " + stride);
        }
        return new ShapedLambda(x -> pool(x, kernel, stride), "maxPool2d",
                s -> new Shape(s.get(0), s.get(1), outputSize(s.get(2), kernel, stride),
                        outputSize(s.get(3), kernel, stride)));
    }

    private static long outputSize(long input, int kernel, int stride) {
        return (input - kernel) / stride + 1;
    }

    /** Max pooling of (N, C, H, W) {@code x}: (N, C, (H - kernel) / stride + 1, (W - kernel) / stride + 1). */
    public static NDArray pool(NDArray x, int kernel, int stride) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(2) < kernel || s.get(3) < kernel) {
            throw new IllegalArgumentException("max pooling " + kernel + "x" + kernel + " needs (N, C, H, W) of at least "
                    + kernel + "x" + kernel + ", got " + s);
        }
        if (kernel != 2 || stride != 2 || !computedHere(x)) {
            Shape window = new Shape(kernel, kernel);
            return Pool.maxPool2d(x, window, new Shape(stride, stride), new Shape(0, 0), false);
        }
        int planes = Math.toIntExact(s.get(0) * s.get(1));
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int oh = h / 2;
        int ow = w / 2;
        NDArray index = x.getManager().create(new Shape(planes, (long) oh * ow), DataType.INT64);
        FloatBuffer in = x.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        LongBuffer out = index.toByteBuffer(true).order(ByteOrder.nativeOrder()).asLongBuffer();
        firstMaxima(in, out, planes, h, w);
        // (N*C, H*W) gathered at the maxima -> (N*C, OH*OW) -> (N, C, OH, OW)
        return x.reshape(planes, (long) h * w).gather(index, 1).reshape(s.get(0), s.get(1), oh, ow);
    }

    /** Whether {@link #pool} computes {@code x}'s maxima itself (see the class comment). */
    static boolean computedHere(NDArray x) {
        Libtorch torch = Libtorch.get();
        return torch != null && x instanceof PtNDArray pt && x.getDataType() == DataType.FLOAT32
                && Device.cpu().equals(x.getDevice()) && x.size() > 0 && x.size() < Integer.MAX_VALUE
                && torch.isContiguous(pt);
    }

    /**
     * For each plane and 2x2 window, the position in its plane (row * w + column) of the window's first largest
     * element in row order, as libtorch picks it (an element replaces the maximum if it is larger or NaN). Without
     * NaN, each row's pick and the choice between the rows are comparisons turned into numbers, not branches
     * (see the class comment); a window holding NaN is scanned as libtorch scans it.
     */
    static void firstMaxima(FloatBuffer in, LongBuffer out, int planes, int h, int w) {
        int oh = h / 2;
        int ow = w / 2;
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int plane = p * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int first = 2 * i * w + 2 * j;
                    int at = plane + first;
                    float a = in.get(at);
                    float b = in.get(at + 1);
                    float c = in.get(at + w);
                    float d = in.get(at + w + 1);
                    if ((a != a) | (b != b) | (c != c) | (d != d)) {
                        out.put(o++, lastNaN(first, a, b, c, d, w));
                        continue;
                    }
                    int right = b > a ? 1 : 0; // top row: a unless b is larger
                    int bottomRight = d > c ? 1 : 0;
                    int down = Math.max(c, d) > Math.max(a, b) ? -1 : 0; // all ones: the bottom row's pick
                    out.put(o++, first + right + ((bottomRight - right + w) & down));
                }
            }
        }
    }

    /** Where libtorch's scan ends in a window holding NaN: at its last NaN. */
    private static int lastNaN(int first, float a, float b, float c, float d, int w) {
        return d != d ? first + w + 1 : c != c ? first + w : b != b ? first + 1 : first;
    }
}
