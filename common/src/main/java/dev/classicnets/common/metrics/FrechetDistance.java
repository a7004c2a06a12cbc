package dev.classicnets.common.metrics;

/**
 * The Fréchet distance between two Gaussians fitted to feature vectors (Heusel et al. 2017, "GANs
 * trained by a two time-scale update rule converge to a local Nash equilibrium", the FID when the
 * features are Inception's):
 *
 * <pre>
 * d^2 = |m1 - m2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2))
 * </pre>
 *
 * <p>{@code tr((S1 S2)^(1/2))} is computed as {@code tr((A S2 A)^(1/2))} with {@code A = S1^(1/2)}: the
 * matrices {@code S1 S2} and {@code A S2 A} are similar, and the second is symmetric, so two symmetric
 * eigen-decompositions (Jacobi, in double precision) replace scipy's general {@code sqrtm}, and no
 * imaginary parts arise. Negative eigenvalues from rounding are taken as 0. Checked against torch in
 * {@code FrechetDistanceTest}.
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    /** The squared Fréchet distance between the Gaussians of {@code a} and {@code b} (same dimension). */
    public static double between(FeatureStatistics a, FeatureStatistics b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("the two sides have features of " + a.dimension() + " and "
                    + b.dimension() + " values; they must be alike");
        }
        return between(a.mean(), a.covariance(), b.mean(), b.covariance());
    }

    /** The squared Fréchet distance between N(m1, s1) and N(m2, s2). */
    public static double between(double[] m1, double[][] s1, double[] m2, double[][] s2) {
        int d = m1.length;
        double meanTerm = 0;
        double traces = 0;
        for (int i = 0; i < d; i++) {
            meanTerm += (m1[i] - m2[i]) * (m1[i] - m2[i]);
            traces += s1[i][i] + s2[i][i];
        }
        double[][] root = SymmetricEigen.of(s1).apply(Math::sqrt);
        double[][] middle = multiply(multiply(root, s2), root);
        symmetrise(middle);
        double traceRoot = 0;
        for (double mu : SymmetricEigen.of(middle).values()) {
            traceRoot += Math.sqrt(Math.max(mu, 0));
        }
        return meanTerm + traces - 2 * traceRoot;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double x = a[i][k];
                if (x == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    c[i][j] += x * b[k][j];
                }
            }
        }
        return c;
    }

    private static void symmetrise(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                double v = (m[i][j] + m[j][i]) / 2;
                m[i][j] = v;
                m[j][i] = v;
            }
        }
    }
}
