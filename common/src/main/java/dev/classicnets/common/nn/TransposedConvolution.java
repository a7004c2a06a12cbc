package dev.classicnets.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.stream.IntStream;

/**
 * The transposed 2-D convolution of {@code torch.nn.functional.conv_transpose2d}, built from one
 * ordinary convolution, because DJL's {@code deconvolution} throws "Not implemented" on PyTorch.
 *
 * <p>Sub-pixel decomposition: output row {@code o = q*s + r} (before padding is cropped) receives
 * {@code x[q - t] * w[t*s + r]} for the kernel taps {@code t*s + r < k}, so each of the {@code s}
 * phases {@code r} is an ordinary convolution of the input with the flipped sub-kernel
 * {@code w[r], w[s + r], ...} of {@code T = ceil(k/s)} taps. All {@code s*s} phases share one
 * convolution (their sub-kernels stacked along the output channels, zero taps where {@code k} is
 * not a multiple of {@code s}), and depth-to-space interleaves them (where the output is cropped, one
 * gather through libtorch's {@code as_strided} interleaves and crops at once). Unlike zero insertion followed
 * by a convolution with the whole flipped kernel, no multiply meets an inserted zero; when
 * {@code k == s} the convolution is 1x1, and for a single image a plain matrix product is used.
 * Built from differentiable DJL operations only, so autograd flows through it. Dilation is not
 * supported (none of our networks uses it).
 */
public final class TransposedConvolution {

    /**
     * The convolution's output channels are padded to a multiple of this (with zero filters) when
     * groups == 1: libtorch 2.7.1's oneDNN returns a wrong input gradient for batches above one when
     * they are not a multiple of its SIMD block (16 floats with AVX-512, 8 with AVX2; grouped
     * convolutions were right), measured on an AVX-512 machine; {@code ConvTranspose2dTest} checks it.
     * Costs DCGAN's last layer (3 channels, 12 phases padded to 16) a third more convolution work.
     */
    static final long CHANNEL_BLOCK = 16;

    private TransposedConvolution() {}

    /**
     * {@code torch.nn.functional.conv_transpose2d(x, weight, bias, stride, padding, outputPadding,
     * groups)} with dilation 1. Arguments are assumed valid ({@link ConvTranspose2d} checks them).
     *
     * @param x (N, Cin, H, W)
     * @param weight (Cin, Cout/groups, kh, kw), PyTorch's layout
     * @param bias (Cout), or null
     * @return (N, Cout, (H-1)*sh - 2*ph + kh + oph, (W-1)*sw - 2*pw + kw + opw)
     */
    public static NDArray convTranspose2d(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding,
            Shape outputPadding, int groups) {
        Shape in = x.getShape();
        weight = Parameters.scopedTo(weight, x); // what is computed from them is the batch's
        bias = bias == null ? null : Parameters.scopedTo(bias, x);
        Shape ws = weight.getShape();
        long inChannels = ws.get(0);
        long outPerGroup = ws.get(1);
        long outChannels = outPerGroup * groups;
        Axis h = new Axis(in.get(2), ws.get(2), stride.get(0), padding.get(0), outputPadding.get(0));
        Axis w = new Axis(in.get(3), ws.get(3), stride.get(1), padding.get(1), outputPadding.get(1));

        if (in.get(0) == 1 && groups == 1 && h.kernel == h.stride && w.kernel == w.stride
                && h.convPadding == 0 && w.convPadding == 0) {
            return singleImageKernelEqualsStride(x, weight, bias, h, w);
        }
        // (Cin, Cout/g, kh, kw) -> (Cout*sh*sw, Cin/g, Th, Tw): phase (rh, rw) of output channel c is
        // conv channel (c*sh + rh)*sw + rw, holding taps w[.., t*s + r] in reverse order of t.
        NDArray k = weight;
        if (h.taps * h.stride > h.kernel || w.taps * w.stride > w.kernel) {
            k = k.pad(new Shape(0, w.taps * w.stride - w.kernel, 0, h.taps * h.stride - h.kernel), 0);
        }
        k = k.reshape(groups, inChannels / groups, outPerGroup, h.taps, h.stride, w.taps, w.stride);
        Libtorch torch = Libtorch.get();
        boolean gather = torch != null && torch.hasAsStrided() && h.stride * w.stride > 1 && h.gathers() && w.gathers()
                && (h.crops() || w.crops());
        int[] flips = IntStream.of(h.taps > 1 ? 3 : -1, w.taps > 1 ? 5 : -1, gather && h.phasesReversed() ? 4 : -1,
                gather && w.phasesReversed() ? 6 : -1).filter(a -> a >= 0).toArray();
        if (flips.length > 0) {
            k = k.flip(flips);
        }
        k = k.transpose(0, 2, 4, 6, 1, 3, 5)
                .reshape(outChannels * h.stride * w.stride, inChannels / groups, h.taps, w.taps);
        NDArray b = null;
        if (bias != null) {
            b = h.stride * w.stride == 1 ? bias
                    : bias.reshape(outChannels, 1).broadcast(outChannels, h.stride * w.stride).reshape(-1);
        }
        long convChannels = outChannels * h.stride * w.stride;
        long spareChannels = groups == 1 ? -convChannels & (CHANNEL_BLOCK - 1) : 0;
        if (spareChannels > 0) { // zero filters, cut off again below
            k = k.pad(new Shape(0, 0, 0, 0, 0, 0, 0, spareChannels), 0);
            b = b == null ? null : b.pad(new Shape(0, spareChannels), 0);
        }

        // (N, Cin, H, W) -> (N, Cout*sh*sw, Qh, Qw), Q = H + 2P - T + 1 sub-pixel rows
        NDArray y = Conv2d.conv2d(x, k, b, new Shape(1, 1), new Shape(h.convPadding, w.convPadding),
                new Shape(1, 1), groups).singletonOrThrow();
        if (gather) {
            return interleave(torch, (PtNDArray) y, in.get(0), outChannels, h, w);
        }
        if (spareChannels > 0) {
            y = y.get(new NDIndex(":, :{}", convChannels));
        }
        long qh = y.getShape().get(2);
        long qw = y.getShape().get(3);
        if (h.stride * w.stride > 1) {
            // depth to space: (N*Cout, sh, sw, Qh, Qw) -> (N*Cout, Qh, sh, Qw, sw) -> (N, Cout, Qh*sh, Qw*sw);
            // five axes, not six: libtorch's copy took 15x longer with a separate batch axis of 1
            y = y.reshape(in.get(0) * outChannels, h.stride, w.stride, qh, qw)
                    .transpose(0, 3, 1, 4, 2)
                    .reshape(in.get(0), outChannels, qh * h.stride, qw * w.stride);
        }
        // crop to the output rows and columns
        long top = h.cropStart();
        long left = w.cropStart();
        if (top > 0 || left > 0 || qh * h.stride > h.outputSize() || qw * w.stride > w.outputSize()) {
            y = y.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + h.outputSize(), left, left + w.outputSize()));
        }
        return y;
    }

    /**
     * Depth to space and crop in one gather: output row {@code o = s*m + j} is sub-pixel row {@code m + a(j)} of
     * phase slot {@code j} ({@code a(j) = (j + cropStart) / s}), an address linear in {@code m} and {@code j} when
     * {@link Axis#gathers()}. One view of the convolution's output, copied once to a contiguous result: the
     * reshape, transpose, copy and crop of {@code convTranspose2d}'s other path left a cropped, non-contiguous
     * output (slow in the batch norm after it) and a backward that filled a zero gradient, copied into it and
     * copied it again.
     *
     * @param y (N, Cout*sh*sw + spare, Qh, Qw), phase slot (jh, jw) of channel c at (c*sh + jh)*sw + jw
     */
    private static NDArray interleave(Libtorch torch, PtNDArray y, long batch, long outChannels, Axis h, Axis w) {
        Shape s = y.getShape();
        long channels = s.get(1);
        long qh = s.get(2);
        long qw = s.get(3);
        // element strides of (N, C, Qh, Qw): row-major, or channels-last when the input was
        boolean rowMajor = torch.isContiguous(y);
        long sc = rowMajor ? qh * qw : 1;
        long sh = rowMajor ? qw : qw * channels;
        long sw = rowMajor ? 1 : channels;
        long sn = channels * qh * qw;
        long phases = (long) h.stride * w.stride;
        // (N, Cout, Mh, jh, Mw, jw) -> (N, Cout, Mh*sh, Mw*sw)
        long[] sizes = {batch, outChannels, h.outputSize() / h.stride, h.stride, w.outputSize() / w.stride, w.stride};
        long[] strides = {sn, phases * sc, sh, w.stride * sc + h.rowStep() * sh, sw, sc + w.rowStep() * sw};
        NDArray view = torch.asStrided(y, sizes, strides);
        return view.reshape(batch, outChannels, h.outputSize(), w.outputSize());
    }

    /**
     * U-Net's up-convolution on one image as one matrix product, {@code (Cin, Cout*kh*kw)^T x (Cin, H*W)},
     * with PyTorch's weight layout used as it is: the transposed operand costs no copy, forward or
     * backward, where the convolution route reorders the weight both ways (1.6x as long at 1024 -> 512
     * channels, 28x28).
     */
    private static NDArray singleImageKernelEqualsStride(NDArray x, NDArray weight, NDArray bias, Axis h, Axis w) {
        long inChannels = weight.getShape().get(0);
        long outChannels = weight.getShape().get(1);
        long phases = (long) h.stride * w.stride;
        // (Cin, Cout*sh*sw)^T (Cin, H*W) -> (Cout*sh*sw, H*W)
        NDArray y = weight.reshape(inChannels, outChannels * phases).transpose()
                .matMul(x.reshape(inChannels, h.size * w.size));
        if (bias != null) {
            y = y.add(bias.reshape(outChannels, 1, 1).broadcast(outChannels, phases, 1).reshape(-1, 1));
        }
        // depth to space: (Cout, sh, sw, H, W) -> (Cout, H, sh, W, sw) -> (1, Cout, H*sh, W*sw)
        y = y.reshape(outChannels, h.stride, w.stride, h.size, w.size).transpose(0, 3, 1, 4, 2)
                .reshape(1, outChannels, h.size * h.stride, w.size * w.stride);
        long top = h.cropStart();
        long left = w.cropStart();
        if (top > 0 || left > 0 || h.size * h.stride > h.outputSize() || w.size * w.stride > w.outputSize()) {
            y = y.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + h.outputSize(), left, left + w.outputSize()));
        }
        return y;
    }

    /** The output size along one axis: {@code (in - 1)*stride - 2*padding + kernel + outputPadding}. */
    public static long outputSize(long in, long kernel, long stride, long padding, long outputPadding) {
        return (in - 1) * stride - 2 * padding + kernel + outputPadding;
    }

    /** The sub-pixel arithmetic along one spatial axis. */
    private static final class Axis {
        final long size;
        final long kernel;
        final int stride;
        final long padding;
        final long outputPadding;
        /** Taps per phase, ceil(k/s). */
        final long taps;
        /** Symmetric padding of the sub-pixel convolution, just enough to reach every output row. */
        final long convPadding;

        Axis(long size, long kernel, long stride, long padding, long outputPadding) {
            this.size = size;
            this.kernel = kernel;
            this.stride = Math.toIntExact(stride);
            this.padding = padding;
            this.outputPadding = outputPadding;
            taps = (kernel + stride - 1) / stride;
            // sub-pixel rows q = firstRow .. lastRow hold the output; padding P yields q = T-1-P .. size-1+P
            long firstRow = padding / stride;
            long lastRow = (padding + outputSize() - 1) / stride;
            convPadding = Math.max(0, Math.max(taps - 1 - firstRow, lastRow - size + 1));
        }

        long outputSize() {
            return TransposedConvolution.outputSize(size, kernel, stride, padding, outputPadding);
        }

        /** Rows of the interleaved convolution output before the first output row. */
        long cropStart() {
            return padding - (taps - 1 - convPadding) * stride;
        }

        /** Whether the interleaved output is longer than the output: rows to crop. */
        boolean crops() {
            return cropStart() > 0 || (size + 2 * convPadding - taps + 1) * stride > outputSize();
        }

        /**
         * Whether {@link #interleave} can gather this axis: whole output strides, the crop inside the first
         * stride, and the sub-pixel row {@code m + a(j)} linear in the slot {@code j} (always for two slots;
         * for more, only without a crop at the start).
         */
        boolean gathers() {
            long c = cropStart();
            return outputSize() % stride == 0 && c < stride && (c == 0 || stride == 2);
        }

        /** Slot j holds phase (j + cropStart) mod s: with a stride of 2 and a crop of 1, the phases swap. */
        boolean phasesReversed() {
            return cropStart() == 1 && stride == 2;
        }

        /** How many sub-pixel rows further the next slot's row lies: a(j+1) - a(j) for two slots. */
        long rowStep() {
            return phasesReversed() ? 1 : 0;
        }
    }
}
