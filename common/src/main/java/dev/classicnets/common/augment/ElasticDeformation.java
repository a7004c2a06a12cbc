package dev.classicnets.common.augment;

import java.util.Locale;
import java.util.Random;

/**
 * The U-Net paper's elastic deformation (Ronneberger et al. 2015, section 3.1): random displacement
 * vectors on a coarse 3x3 grid, drawn from a Gaussian of {@code sigma} pixels (paper: 10), interpolated
 * bicubically to a displacement per pixel; the image is resampled bicubically, its mask by nearest
 * neighbour from the same coordinates, so the two stay aligned. Coordinates outside the image read its
 * nearest edge pixel. The image keeps its size.
 */
public final class ElasticDeformation implements JointTransform {

    private final int grid;
    private final double sigma;

    /** The paper's: a 3x3 grid, sigma 10 pixels. */
    public static ElasticDeformation paper() {
        return new ElasticDeformation(3, 10);
    }

    /**
     * @param grid control points per side (at least 2), spread evenly from edge to edge
     * @param sigma the displacements' standard deviation in pixels (0 leaves the sample as it is)
     */
    public ElasticDeformation(int grid, double sigma) {
        if (grid < 2) {
            throw new IllegalArgumentException("elastic deformation needs a grid of at least 2x2, got " + grid);
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("elastic deformation sigma must be >= 0 pixels, got " + sigma);
        }
        this.grid = grid;
        this.sigma = sigma;
    }

    @Override
    public ImageWithMask apply(ImageWithMask sample, Random rng) {
        Image image = sample.image();
        int h = image.height();
        int w = image.width();
        double[] gx = new double[grid * grid];
        double[] gy = new double[grid * grid];
        for (int i = 0; i < gx.length; i++) {
            gx[i] = sigma * rng.nextGaussian();
            gy[i] = sigma * rng.nextGaussian();
        }
        if (sigma == 0) {
            return sample;
        }
        int channels = image.channels();
        float[] in = image.data();
        float[] out = new float[in.length];
        int[] labels = sample.mask().labels();
        int[] outLabels = new int[labels.length];
        for (int y = 0; y < h; y++) {
            double v = h == 1 ? 0 : (double) y * (grid - 1) / (h - 1);
            for (int x = 0; x < w; x++) {
                double u = w == 1 ? 0 : (double) x * (grid - 1) / (w - 1);
                double sx = x + interpolate(gx, u, v);
                double sy = y + interpolate(gy, u, v);
                for (int c = 0; c < channels; c++) {
                    out[(c * h + y) * w + x] = (float) bicubic(in, c * h * w, h, w, sx, sy);
                }
                int nx = clamp((int) Math.floor(sx + 0.5), w);
                int ny = clamp((int) Math.floor(sy + 0.5), h);
                outLabels[y * w + x] = labels[ny * w + nx];
            }
        }
        return new ImageWithMask(new Image(out, channels, h, w), new Mask(outLabels, h, w));
    }

    /** The grid's values at grid coordinates (u, v), bicubic with the edge values repeated. */
    private double interpolate(double[] values, double u, double v) {
        int u0 = (int) Math.floor(u);
        int v0 = (int) Math.floor(v);
        double sum = 0;
        for (int j = -1; j <= 2; j++) {
            double wy = keys(v - (v0 + j));
            if (wy == 0) {
                continue;
            }
            for (int i = -1; i <= 2; i++) {
                double wx = keys(u - (u0 + i));
                sum += wx * wy * values[clamp(v0 + j, grid) * grid + clamp(u0 + i, grid)];
            }
        }
        return sum;
    }

    private static double bicubic(float[] in, int base, int h, int w, double sx, double sy) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double sum = 0;
        for (int j = -1; j <= 2; j++) {
            double wy = keys(sy - (y0 + j));
            if (wy == 0) {
                continue;
            }
            int row = base + clamp(y0 + j, h) * w;
            for (int i = -1; i <= 2; i++) {
                sum += keys(sx - (x0 + i)) * wy * in[row + clamp(x0 + i, w)];
            }
        }
        return sum;
    }

    /** Keys' cubic convolution kernel with a = -0.5 (Catmull-Rom): interpolates, sums to 1. */
    private static double keys(double t) {
        double a = Math.abs(t);
        if (a <= 1) {
            return (1.5 * a - 2.5) * a * a + 1;
        }
        if (a < 2) {
            return ((-0.5 * a + 2.5) * a - 4) * a + 2;
        }
        return 0;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ElasticDeformation(grid %dx%d, sigma %s px)", grid, grid, sigma);
    }
}
