package dev.classicnets.common.loss;

/**
 * The exact squared Euclidean distance transform of a sampled function (Felzenszwalb &amp; Huttenlocher
 * 2012, "Distance Transforms of Sampled Functions"): a lower envelope of parabolas per row, then per
 * column, linear in the number of pixels.
 */
final class SquaredDistance {
    private SquaredDistance() {}

    /** {@code min over q of (|p - q|^2 + f(q))} for each pixel p of an h x w grid; f is 0 or infinite. */
    static double[] transform(double[] f, int h, int w) {
        double[] out = f.clone();
        int n = Math.max(h, w);
        double[] line = new double[n];
        double[] result = new double[n];
        int[] v = new int[n];
        double[] z = new double[n + 1];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                line[y] = out[y * w + x];
            }
            oneDimension(line, h, result, v, z);
            for (int y = 0; y < h; y++) {
                out[y * w + x] = result[y];
            }
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(out, y * w, line, 0, w);
            oneDimension(line, w, result, v, z);
            System.arraycopy(result, 0, out, y * w, w);
        }
        return out;
    }

    private static void oneDimension(double[] f, int n, double[] d, int[] v, double[] z) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == Double.POSITIVE_INFINITY) {
                continue;
            }
            while (true) {
                if (k < 0) {
                    k = 0;
                    v[0] = q;
                    z[0] = Double.NEGATIVE_INFINITY;
                    z[1] = Double.POSITIVE_INFINITY;
                    break;
                }
                double s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
                if (s <= z[k]) {
                    k--;
                    continue;
                }
                k++;
                v[k] = q;
                z[k] = s;
                z[k + 1] = Double.POSITIVE_INFINITY;
                break;
            }
        }
        if (k < 0) {
            java.util.Arrays.fill(d, 0, n, Double.POSITIVE_INFINITY);
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (z[j + 1] < q) {
                j++;
            }
            double diff = q - v[j];
            d[q] = diff * diff + f[v[j]];
        }
    }
}
