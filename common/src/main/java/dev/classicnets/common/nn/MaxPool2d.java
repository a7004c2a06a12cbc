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
 * forward pass of 2x2 and 3x3 windows (any stride) over (N, C, H, W)-contiguous float32 CPU arrays computed
 * here: each window's first largest element found without branches, then taken with {@code gather}, whose
 * backward pass adds the gradient at those elements as libtorch's max-pooling backward does. Results are
 * bitwise libtorch's (ties go to the first element in row order; NaN wins, the last one in a window).
 *
 * <p>Why: libtorch 2.7.1's (N, C, H, W) kernel compares a window's elements with a branch each, and on
 * activations those branches are unpredictable: LeNet-5's S2, (128, 6, 28, 28), took 2.2-2.5 ms forward on
 * 2 threads of a Zen 4 VM (PyTorch 1.13: 1.6), a plain Java loop of that shape with branches 2.4 ms on one,
 * and the same loop without them 0.5-0.9 ms (December 2026); 3x3 windows at stride 2, (32, 64, 33, 33): 14-17 ms
 * with branches, 5.0-5.6 ms without, libtorch 10-12 ms on 2 threads. Everything else goes to libtorch
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
        if (kernel < 2 || kernel > 3 || !computedHere(x)) {
            Shape window = new Shape(kernel, kernel);
            return Pool.maxPool2d(x, window, new Shape(stride, stride), new Shape(0, 0), false);
        }
        int planes = Math.toIntExact(s.get(0) * s.get(1));
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int oh = (int) outputSize(h, kernel, stride);
        int ow = (int) outputSize(w, kernel, stride);
        NDArray index = x.getManager().create(new Shape(planes, (long) oh * ow), DataType.INT64);
        FloatBuffer in = x.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        LongBuffer out = index.toByteBuffer(true).order(ByteOrder.nativeOrder()).asLongBuffer();
        if (kernel == 2) {
            firstMaxima2(in, out, planes, h, w, oh, ow, stride);
        } else {
            firstMaxima3(in, out, planes, h, w, oh, ow, stride);
        }
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
     * For each plane and each of its oh x ow 2x2 windows, the position in its plane (row * w + column) of the window's first largest
     * element in row order, as libtorch picks it (an element replaces the maximum if it is larger or NaN). Without
     * NaN, each row's pick and the choice between the rows are comparisons turned into numbers, not branches
     * (see the class comment); a window holding NaN is scanned as libtorch scans it. One test of the window's sum
     * for NaN instead of one per element, and the window's position stepped rather than multiplied out: 0.80 ms
     * instead of 0.94 at LeNet-5's S2, 0.29 instead of 0.34 at S4 (one thread, an Intel Xeon VM, December 2026).
     */
    static void firstMaxima2(FloatBuffer in, LongBuffer out, int planes, int h, int w, int oh, int ow, int stride) {
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int plane = p * h * w;
            for (int i = 0; i < oh; i++) {
                int first = i * stride * w; // the window's top-left element, in its plane
                for (int j = 0; j < ow; j++, first += stride) {
                    int at = plane + first;
                    float a = in.get(at);
                    float b = in.get(at + 1);
                    float c = in.get(at + w);
                    float d = in.get(at + w + 1);
                    float sum = a + b + c + d;
                    if (sum != sum) { // NaN in the window (or infinities of both signs: scanning is right for those too)
                        out.put(o++, scanned(in, plane, first, 2, w));
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

    /**
     * {@link #firstMaxima2} for 3x3 windows: each row's first maximum, then the rows, an earlier one winning ties.
     * The window walk is written twice on purpose: one loop calling a 2x2 or a 3x3 window method took 30-50% longer
     * (LeNet-5's S2 3.1-3.3 ms forward and backward against 2.2-2.4, AlexNet-cpu's first pool 7.1-9.6 against
     * 5.9-6.6, alternating in one JVM).
     */
    static void firstMaxima3(FloatBuffer in, LongBuffer out, int planes, int h, int w, int oh, int ow, int stride) {
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int plane = p * h * w;
            for (int i = 0; i < oh; i++) {
                int first = i * stride * w;
                for (int j = 0; j < ow; j++, first += stride) {
                    int at = plane + first;
                    float a0 = in.get(at);
                    float a1 = in.get(at + 1);
                    float a2 = in.get(at + 2);
                    float b0 = in.get(at + w);
                    float b1 = in.get(at + w + 1);
                    float b2 = in.get(at + w + 2);
                    float c0 = in.get(at + 2 * w);
                    float c1 = in.get(at + 2 * w + 1);
                    float c2 = in.get(at + 2 * w + 2);
                    float sum = a0 + a1 + a2 + b0 + b1 + b2 + c0 + c1 + c2;
                    if (sum != sum) { // NaN in the window (or infinities of both signs: scanning is right for those too)
                        out.put(o++, scanned(in, plane, first, 3, w));
                        continue;
                    }
                    int ra = a1 > a0 ? 1 : 0;
                    float ma = Math.max(a0, a1);
                    ra = a2 > ma ? 2 : ra;
                    ma = Math.max(ma, a2);
                    int rb = b1 > b0 ? 1 : 0;
                    float mb = Math.max(b0, b1);
                    rb = b2 > mb ? 2 : rb;
                    mb = Math.max(mb, b2);
                    int rc = c1 > c0 ? 1 : 0;
                    float mc = Math.max(c0, c1);
                    rc = c2 > mc ? 2 : rc;
                    mc = Math.max(mc, c2);
                    int best = ra;
                    int down = mb > ma ? -1 : 0; // all ones: the middle row's pick
                    best += (w + rb - best) & down;
                    down = mc > Math.max(ma, mb) ? -1 : 0;
                    best += (2 * w + rc - best) & down;
                    out.put(o++, first + best);
                }
            }
        }
    }

    /** The window's first largest element scanned as libtorch scans it: larger or NaN replaces the maximum. */
    private static int scanned(FloatBuffer in, int plane, int first, int kernel, int w) {
        float max = Float.NEGATIVE_INFINITY;
        int best = first;
        for (int r = 0; r < kernel; r++) {
            for (int c = 0; c < kernel; c++) {
                int at = first + r * w + c;
                float v = in.get(plane + at);
                if (v > max || Float.isNaN(v)) {
                    max = v;
                    best = at;
                }
            }
        }
        return best;
    }
}
