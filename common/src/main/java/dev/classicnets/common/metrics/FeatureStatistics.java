package dev.classicnets.common.metrics;

import ai.djl.ndarray.NDArray;

/**
 * The mean and covariance of feature vectors, accumulated batch by batch in double precision (sums of
 * x and of x x^T), as the two sides of a {@link FrechetDistance} need them.
 */
public final class FeatureStatistics {

    private final int dimension;
    private final double[] sum;
    private final double[] outer; // upper triangle used, row-major d x d
    private long count;

    /** Empty statistics of {@code dimension}-long vectors. */
    public FeatureStatistics(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("the feature dimension must be at least 1, got " + dimension);
        }
        this.dimension = dimension;
        this.sum = new double[dimension];
        this.outer = new double[dimension * dimension];
    }

    /** Statistics of the rows of {@code features}. */
    public static FeatureStatistics of(double[][] features) {
        if (features.length == 0) {
            throw new IllegalArgumentException("statistics need at least one feature vector");
        }
        FeatureStatistics s = new FeatureStatistics(features[0].length);
        for (double[] f : features) {
            s.add(f);
        }
        return s;
    }

    /** Adds the rows of a (N, D) array. */
    public FeatureStatistics add(NDArray features) {
        if (features.getShape().dimension() != 2 || features.getShape().get(1) != dimension) {
            throw new IllegalArgumentException("features must be (N, " + dimension + "), got " + features.getShape());
        }
        float[] data = features.toFloatArray();
        double[] row = new double[dimension];
        for (int n = 0; n < data.length / dimension; n++) {
            for (int i = 0; i < dimension; i++) {
                row[i] = data[n * dimension + i];
            }
            add(row);
        }
        return this;
    }

    /** Adds one feature vector. */
    public FeatureStatistics add(double[] f) {
        if (f.length != dimension) {
            throw new IllegalArgumentException("a feature vector must have " + dimension + " values, got " + f.length);
        }
        for (int i = 0; i < dimension; i++) {
            if (!Double.isFinite(f[i])) {
                throw new IllegalArgumentException("feature " + i + " is " + f[i] + "; features must be finite");
            }
            sum[i] += f[i];
            for (int j = i; j < dimension; j++) {
                outer[i * dimension + j] += f[i] * f[j];
            }
        }
        count++;
        return this;
    }

    public int dimension() {
        return dimension;
    }

    /** Vectors added so far. */
    public long count() {
        return count;
    }

    /** The mean vector. */
    public double[] mean() {
        requireCount(1);
        double[] m = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            m[i] = sum[i] / count;
        }
        return m;
    }

    /** The unbiased covariance (divided by n - 1, as numpy's {@code np.cov} and torch's {@code torch.cov}). */
    public double[][] covariance() {
        requireCount(2);
        double[] m = mean();
        double[][] c = new double[dimension][dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = i; j < dimension; j++) {
                double v = (outer[i * dimension + j] - count * m[i] * m[j]) / (count - 1);
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        return c;
    }

    private void requireCount(long n) {
        if (count < n) {
            throw new IllegalStateException("statistics need at least " + n + " feature vectors, have " + count);
        }
    }
}
