package dev.classicnets.common.loss;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * The border term of the U-Net paper's weight map (Ronneberger et al. 2015, equation 2):
 * {@code w0 * exp(-(d1 + d2)^2 / (2 sigma^2))} on background pixels, where d1 and d2 are the distances
 * to the nearest and the second nearest object, so that the narrow gaps separating touching objects get
 * large weights. The paper sets w0 = 10 and sigma = 5 pixels (about the gap between its cells).
 *
 * <p>Objects are the 4-connected regions of one non-background class in the mask (the paper's cells
 * are instances; in a semantic mask touching objects of one class are one region). Distances are exact
 * Euclidean (Felzenszwalb &amp; Huttenlocher's distance transform, one per object). Pixels with fewer than
 * two objects in the mask get no border term. Computed on the host from the labels of each batch.
 */
public final class BorderWeightMap {

    private final double w0;
    private final double sigma;
    private final int background;
    private final int ignoreIndex;

    /**
     * @param w0 the border weight (paper: 10)
     * @param sigma the gap width in pixels (paper: 5)
     * @param background the background class (not an object)
     * @param ignoreIndex a label that is neither background nor an object, or {@link SegmentationLosses#NO_IGNORE}
     */
    public BorderWeightMap(double w0, double sigma, int background, int ignoreIndex) {
        if (!(w0 >= 0) || Double.isInfinite(w0) || !(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("weight map needs w0 >= 0 and sigma > 0, got w0 " + w0 + ", sigma "
                    + sigma);
        }
        this.w0 = w0;
        this.sigma = sigma;
        this.background = background;
        this.ignoreIndex = ignoreIndex;
    }

    /** The paper's map: w0 = 10, sigma = 5, background class 0. */
    public static BorderWeightMap paper(int ignoreIndex) {
        return new BorderWeightMap(10, 5, 0, ignoreIndex);
    }

    /** The border terms of labels (N, 1, H, W), one float per pixel in the same order. */
    public float[] borderTerms(NDArray labels) {
        long[] l = labels.toLongArray();
        int n = (int) labels.getShape().get(0);
        int h = (int) labels.getShape().get(2);
        int w = (int) labels.getShape().get(3);
        float[] out = new float[l.length];
        int[] mask = new int[h * w];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < h * w; p++) {
                mask[p] = (int) l[i * h * w + p];
            }
            System.arraycopy(borderTerms(mask, h, w), 0, out, i * h * w, h * w);
        }
        return out;
    }

    /** The border terms of one h x w mask, row-major. */
    public float[] borderTerms(int[] mask, int h, int w) {
        int[] region = regions(mask, h, w);
        int count = Arrays.stream(region).max().orElse(0);
        float[] out = new float[h * w];
        if (count < 2) {
            return out;
        }
        double[] d1 = new double[h * w];
        double[] d2 = new double[h * w];
        Arrays.fill(d1, Double.POSITIVE_INFINITY);
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        double[] f = new double[h * w];
        for (int r = 1; r <= count; r++) {
            for (int p = 0; p < h * w; p++) {
                f[p] = region[p] == r ? 0 : Double.POSITIVE_INFINITY;
            }
            double[] d = SquaredDistance.transform(f, h, w);
            for (int p = 0; p < h * w; p++) {
                double dist = Math.sqrt(d[p]);
                if (dist < d1[p]) {
                    d2[p] = d1[p];
                    d1[p] = dist;
                } else if (dist < d2[p]) {
                    d2[p] = dist;
                }
            }
        }
        for (int p = 0; p < h * w; p++) {
            if (mask[p] == background) {
                double s = d1[p] + d2[p];
                out[p] = (float) (w0 * Math.exp(-s * s / (2 * sigma * sigma)));
            }
        }
        return out;
    }

    /** 4-connected regions of equal non-background labels, numbered from 1; 0 for background and ignored pixels. */
    int[] regions(int[] mask, int h, int w) {
        int[] region = new int[h * w];
        int[] stack = new int[h * w];
        int next = 0;
        for (int start = 0; start < h * w; start++) {
            int label = mask[start];
            if (region[start] != 0 || label == background || label == ignoreIndex) {
                continue;
            }
            next++;
            int top = 0;
            stack[top++] = start;
            region[start] = next;
            while (top > 0) {
                int p = stack[--top];
                int y = p / w;
                int x = p % w;
                int[] neighbours = {y > 0 ? p - w : -1, y < h - 1 ? p + w : -1, x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1};
                for (int q : neighbours) {
                    if (q >= 0 && region[q] == 0 && mask[q] == label) {
                        region[q] = next;
                        stack[top++] = q;
                    }
                }
            }
        }
        return region;
    }

    @Override
    public String toString() {
        return "BorderWeightMap(w0=" + w0 + ", sigma=" + sigma + ")";
    }
}
