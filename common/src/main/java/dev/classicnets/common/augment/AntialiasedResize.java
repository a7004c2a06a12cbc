package dev.classicnets.common.augment;

import java.util.Random;

/**
 * Bilinear resizing with antialiasing, as torchvision's {@code Resize(..., antialias=True)} does it
 * (PyTorch's {@code interpolate(mode="bilinear", antialias=True)}): on reduction the triangle filter widens
 * by the scale, so every input pixel counts (plain bilinear {@link Resize} samples 4 and aliases); on
 * enlargement it is plain bilinear with half-pixel centres. Computed in floating point, per axis.
 *
 * <p>{@link #shorterSide(int)} is torchvision's {@code Resize(256)}: the shorter side to 256, the
 * longer in proportion, rounded down ({@code int(256 * long / short)}).
 */
public final class AntialiasedResize implements ImageTransform {
    private final int height;
    private final int width;
    private final int shorterSide;

    private AntialiasedResize(int height, int width, int shorterSide) {
        this.height = height;
        this.width = width;
        this.shorterSide = shorterSide;
    }

    /** To exactly {@code height x width}. */
    public static AntialiasedResize to(int height, int width) {
        return new AntialiasedResize(Check.atLeast("AntialiasedResize", "height", height, 1),
                Check.atLeast("AntialiasedResize", "width", width, 1), 0);
    }

    /** The shorter side to {@code size}, the aspect ratio kept (torchvision's {@code Resize(size)}). */
    public static AntialiasedResize shorterSide(int size) {
        return new AntialiasedResize(0, 0, Check.atLeast("ResizeShorterSide", "size", size, 1));
    }

    @Override
    public Image apply(Image image, Random rng) {
        int h = image.height();
        int w = image.width();
        int outH = height;
        int outW = width;
        if (shorterSide > 0) {
            boolean tall = h >= w;
            int shorter = tall ? w : h;
            int longer = (int) ((long) shorterSide * (tall ? h : w) / shorter);
            outH = tall ? longer : shorterSide;
            outW = tall ? shorterSide : longer;
        }
        if (outH == h && outW == w) {
            return image;
        }
        int c = image.channels();
        float[] in = image.data();
        // rows first (width), then columns (height)
        Axis across = new Axis(w, outW);
        float[] mid = new float[c * h * outW];
        for (int plane = 0; plane < c * h; plane++) {
            across.apply(in, plane * w, 1, mid, plane * outW, 1);
        }
        Axis down = new Axis(h, outH);
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            for (int x = 0; x < outW; x++) {
                down.apply(mid, ch * h * outW + x, outW, out, ch * outH * outW + x, outW);
            }
        }
        return new Image(out, c, outH, outW);
    }

    /** The weights of one axis: for each output position, a first input index and normalised weights. */
    private static final class Axis {
        final int[] first;
        final double[][] weights;

        Axis(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double support = scale >= 1 ? scale : 1.0; // the triangle's half-width: 1 pixel, widened on reduction
            double invScale = scale >= 1 ? 1 / scale : 1.0;
            first = new int[outSize];
            weights = new double[outSize][];
            for (int i = 0; i < outSize; i++) {
                double center = scale * (i + 0.5);
                int min = Math.max((int) (center - support + 0.5), 0);
                int size = Math.min((int) (center + support + 0.5), inSize) - min;
                double[] wt = new double[size];
                double total = 0;
                for (int j = 0; j < size; j++) {
                    double x = Math.abs((j + min - center + 0.5) * invScale);
                    wt[j] = x < 1 ? 1 - x : 0;
                    total += wt[j];
                }
                for (int j = 0; j < size && total != 0; j++) {
                    wt[j] /= total;
                }
                first[i] = min;
                weights[i] = wt;
            }
        }

        void apply(float[] in, int inOffset, int inStride, float[] out, int outOffset, int outStride) {
            for (int i = 0; i < first.length; i++) {
                double sum = 0;
                double[] wt = weights[i];
                int base = inOffset + first[i] * inStride;
                for (int j = 0; j < wt.length; j++) {
                    sum += wt[j] * in[base + j * inStride];
                }
                out[outOffset + i * outStride] = (float) sum;
            }
        }
    }

    @Override
    public String toString() {
        return shorterSide > 0 ? "ResizeShorterSide(" + shorterSide + ")" : "AntialiasedResize(" + height + "x" + width
                + ")";
    }
}
