package dev.classicnets.common.metrics;

import java.util.function.DoubleUnaryOperator;

/**
 * The eigen-decomposition {@code S = V diag(values) V^T} of a real symmetric matrix by cyclic Jacobi
 * rotations, in double precision: slow for large matrices (O(n^3) per sweep) but exact to rounding and
 * dependency-free, which is what a Fréchet distance over a few hundred features needs.
 */
final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;

    private final double[] values;
    private final double[][] vectors; // columns are eigenvectors

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    static SymmetricEigen of(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (symmetric[i].length != n) {
                throw new IllegalArgumentException("the matrix must be square, row " + i + " has "
                        + symmetric[i].length + " values for " + n + " rows");
            }
            a[i] = symmetric[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        double scale = 0;
        for (double[] row : a) {
            for (double x : row) {
                scale = Math.max(scale, Math.abs(x));
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-30 * scale * scale * n * n || scale == 0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return new SymmetricEigen(values, v);
    }

    /** Zeroes a[p][q] (and a[q][p]) by one Jacobi rotation, accumulating it into v. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    double[] values() {
        return values.clone();
    }

    /** {@code V diag(f(values)) V^T}, f applied to eigenvalues clamped at 0 from below. */
    double[][] apply(DoubleUnaryOperator f) {
        int n = values.length;
        double[] fv = new double[n];
        for (int i = 0; i < n; i++) {
            fv[i] = f.applyAsDouble(Math.max(values[i], 0));
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double x = 0;
                for (int k = 0; k < n; k++) {
                    x += vectors[i][k] * fv[k] * vectors[j][k];
                }
                out[i][j] = x;
                out[j][i] = x;
            }
        }
        return out;
    }
}
