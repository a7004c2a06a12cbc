package dev.classicnets.common.augment;

/**
 * One drawn geometric transform: where each output pixel comes from in the input. Image pixels are
 * sampled bilinearly, mask labels by nearest neighbour, from the same coordinates, which is what
 * keeps an image and its mask aligned.
 *
 * <p>Coordinates are in pixels with pixel centres at integers: output pixel (x, y) reads the input
 * at sx = a x + b y + c, sy = d x + e y + f. Flips, crops and padding map centres onto centres, so
 * they copy values exactly. Outside the input an affine warp reads the fill value (the blend at the
 * border treats outside pixels as having that value); a resize warp instead clamps to its source
 * rectangle (the edge pixels repeat), as a crop followed by a resize does.
 */
public final class Warp {
    private static final double SNAP = 1e-9;

    private final int inHeight;
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;
    private final double a;
    private final double b;
    private final double c;
    private final double d;
    private final double e;
    private final double f;
    private final boolean identity;
    private final boolean clamp;
    private final int top;
    private final int left;
    private final int bottom;
    private final int right;
    private final float fill;

    private Warp(int inHeight, int inWidth, int outHeight, int outWidth, double[] coefficients, boolean identity,
            boolean clamp, int[] rect, float fill) {
        if (inHeight < 1 || inWidth < 1 || outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("warp sizes must be positive, got " + inHeight + "x" + inWidth + " -> "
                    + outHeight + "x" + outWidth);
        }
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.a = coefficients[0];
        this.b = coefficients[1];
        this.c = coefficients[2];
        this.d = coefficients[3];
        this.e = coefficients[4];
        this.f = coefficients[5];
        this.identity = identity;
        this.clamp = clamp;
        this.top = rect[0];
        this.left = rect[1];
        this.bottom = rect[2];
        this.right = rect[3];
        this.fill = fill;
    }

    /** Leaves a height x width input as it is (apply returns the same object). */
    public static Warp identity(int height, int width) {
        return new Warp(height, width, height, width, new double[] {1, 0, 0, 0, 1, 0}, true, false,
                new int[4], 0f);
    }

    /**
     * An affine map from output to input coordinates; pixels read from outside the input get
     * {@code fill} (the mask's fill is given when it is warped).
     */
    public static Warp affine(int inHeight, int inWidth, int outHeight, int outWidth, double a, double b, double c,
            double d, double e, double f, float fill) {
        return new Warp(inHeight, inWidth, outHeight, outWidth, new double[] {a, b, c, d, e, f}, false, false,
                new int[4], fill);
    }

    /** A whole-pixel shift: output (x, y) reads input (x + dx, y + dy); outside reads {@code fill}. */
    public static Warp shift(int inHeight, int inWidth, int outHeight, int outWidth, int dx, int dy, float fill) {
        return affine(inHeight, inWidth, outHeight, outWidth, 1, 0, dx, 0, 1, dy, fill);
    }

    /**
     * The {@code cropHeight x cropWidth} rectangle at ({@code top}, {@code left}) of the input, resized
     * to {@code outHeight x outWidth}: half-pixel centres (PyTorch's {@code align_corners=False}),
     * no antialiasing, coordinates clamped to the rectangle.
     */
    public static Warp resize(int inHeight, int inWidth, int top, int left, int cropHeight, int cropWidth,
            int outHeight, int outWidth) {
        if (top < 0 || left < 0 || cropHeight < 1 || cropWidth < 1 || top + cropHeight > inHeight
                || left + cropWidth > inWidth) {
            throw new IllegalArgumentException("crop " + cropHeight + "x" + cropWidth + " at (" + top + ", " + left
                    + ") does not fit in " + inHeight + "x" + inWidth);
        }
        double sx = (double) cropWidth / outWidth;
        double sy = (double) cropHeight / outHeight;
        return new Warp(inHeight, inWidth, outHeight, outWidth,
                new double[] {sx, 0, left + 0.5 * sx - 0.5, 0, sy, top + 0.5 * sy - 0.5}, false, true,
                new int[] {top, left, top + cropHeight - 1, left + cropWidth - 1}, 0f);
    }

    public boolean isIdentity() {
        return identity;
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    /** The warped image (bilinear); the same object for the identity. */
    public Image apply(Image image) {
        checkSize(image.height(), image.width(), "image");
        if (identity) {
            return image;
        }
        int channels = image.channels();
        float[] in = image.data();
        float[] out = new float[channels * outHeight * outWidth];
        int plane = inHeight * inWidth;
        int outPlane = outHeight * outWidth;
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                double sx = snap(a * x + b * y + c);
                double sy = snap(d * x + e * y + f);
                if (clamp) {
                    sx = Math.min(Math.max(sx, left), right);
                    sy = Math.min(Math.max(sy, top), bottom);
                }
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int x1 = clamp ? Math.min(x0 + 1, right) : x0 + 1;
                int y1 = clamp ? Math.min(y0 + 1, bottom) : y0 + 1;
                int o = y * outWidth + x;
                for (int ch = 0; ch < channels; ch++) {
                    int base = ch * plane;
                    double top0 = (1 - fx) * read(in, base, x0, y0) + fx * read(in, base, x1, y0);
                    double top1 = (1 - fx) * read(in, base, x0, y1) + fx * read(in, base, x1, y1);
                    out[ch * outPlane + o] = (float) ((1 - fy) * top0 + fy * top1);
                }
            }
        }
        return new Image(out, channels, outHeight, outWidth);
    }

    /** The warped mask (nearest neighbour); labels read from outside the input are {@code fillLabel}. */
    public Mask apply(Mask mask, int fillLabel) {
        checkSize(mask.height(), mask.width(), "mask");
        if (identity) {
            return mask;
        }
        int[] in = mask.labels();
        int[] out = new int[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                double sx = snap(a * x + b * y + c);
                double sy = snap(d * x + e * y + f);
                if (clamp) {
                    sx = Math.min(Math.max(sx, left), right);
                    sy = Math.min(Math.max(sy, top), bottom);
                }
                // the nearest centre; ties go up, and the pixel chosen always has a positive bilinear weight
                int xi = (int) Math.floor(sx + 0.5);
                int yi = (int) Math.floor(sy + 0.5);
                boolean inside = xi >= 0 && xi < inWidth && yi >= 0 && yi < inHeight;
                out[y * outWidth + x] = inside ? in[yi * inWidth + xi] : fillLabel;
            }
        }
        return new Mask(out, outHeight, outWidth);
    }

    private float read(float[] in, int base, int x, int y) {
        if (x < 0 || y < 0 || x >= inWidth || y >= inHeight) {
            return fill;
        }
        return in[base + y * inWidth + x];
    }

    private void checkSize(int height, int width, String what) {
        if (height != inHeight || width != inWidth) {
            throw new IllegalArgumentException("this warp was drawn for " + inHeight + "x" + inWidth + " inputs, got a "
                    + height + "x" + width + " " + what);
        }
    }

    private static double snap(double v) {
        double r = Math.rint(v);
        return Math.abs(v - r) < SNAP ? r : v;
    }
}
