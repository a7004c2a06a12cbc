package dev.classicnets.common.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * SSIM (Wang, Bovik, Sheikh and Simoncelli, "Image quality assessment: from error visibility to
 * structural similarity", IEEE TIP 2004) of (N, C, H, W) images, per image and averaged over the
 * images of the epoch (1 is identical; higher is better).
 *
 * <p>What is implemented: the paper's Gaussian-window form. Local means, variances and the covariance
 * are weighted by an 11 x 11 Gaussian window with sigma 1.5 (normalised to sum 1), evaluated only
 * where the window fits inside the image ("valid": (H - 10) x (W - 10) positions, as the authors'
 * MATLAB code; no padding); SSIM = (2 mu_x mu_y + C1)(2 sigma_xy + C2) / ((mu_x^2 + mu_y^2 + C1)
 * (sigma_x^2 + sigma_y^2 + C2)) with C1 = (0.01 R)^2, C2 = (0.03 R)^2 and R the data range; the
 * variances are the biased window moments E[x^2] - mu^2. An image's SSIM is the mean of the map over
 * positions and channels (each channel on its own, no colour conversion). Not done: the MATLAB
 * code's automatic downsampling of large images. Images must be at least 11 x 11.
 *
 * <p>Cost per batch: one grouped separable convolution over the five stacked moment maps, in float64.
 */
public class StructuralSimilarity extends ImageQualityEvaluator {

    /** The window's side. */
    public static final int WINDOW = 11;
    /** The window's standard deviation in pixels. */
    public static final double SIGMA = 1.5;
    /** The stabilising constants' factors. */
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;

    private final double dataRange;

    /** Named "SSIM", for values in [0, 1]. */
    public StructuralSimilarity() {
        this("SSIM", 1.0);
    }

    /**
     * @param name the evaluator's name
     * @param dataRange R: the largest value minus the smallest (1 for [0, 1], 2 for [-1, 1], 255 for
     *     bytes)
     */
    public StructuralSimilarity(String name, double dataRange) {
        super(name, 4);
        checkDataRange(name, dataRange);
        this.dataRange = dataRange;
    }

    public double getDataRange() {
        return dataRange;
    }

    /** The 1-D Gaussian weights; the 2-D window is their outer product. */
    public static double[] gaussianWindow() {
        double[] w = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - WINDOW / 2;
            w[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += w[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            w[i] /= sum;
        }
        return w;
    }

    @Override
    protected double[] compute(NDArray targets, NDArray predictions) {
        Shape shape = predictions.getShape();
        if (shape.get(2) < WINDOW || shape.get(3) < WINDOW) {
            throw new IllegalArgumentException(getName() + " needs images of at least " + WINDOW + "x" + WINDOW
                    + " (its Gaussian window), got " + shape.get(2) + "x" + shape.get(3));
        }
        // float64: in float32, E[x^2] - mu^2 on flat regions loses ~1e-4 of SSIM to cancellation.
        NDArray x = predictions.toType(DataType.FLOAT64, false);
        NDArray y = targets.toType(DataType.FLOAT64, false);
        int maps = 5 * (int) shape.get(1);
        // All five local moments in one grouped convolution: each channel of each map on its own.
        NDArray stacked = NDArrays.concat(new NDList(x, y, x.square(), y.square(), x.mul(y)), 1);
        double[] g = gaussianWindow();
        double[] weights = new double[maps * WINDOW];
        for (int m = 0; m < maps; m++) {
            System.arraycopy(g, 0, weights, m * WINDOW, WINDOW);
        }
        NDArray vertical = x.getManager().create(weights, new Shape(maps, 1, WINDOW, 1));
        NDArray horizontal = vertical.reshape(maps, 1, 1, WINDOW);
        Shape one = new Shape(1, 1);
        Shape none = new Shape(0, 0);
        NDArray filtered = Conv2d.conv2d(stacked, vertical, null, one, none, one, maps).head();
        filtered = Conv2d.conv2d(filtered, horizontal, null, one, none, one, maps).head();
        NDList moments = filtered.split(5, 1);
        NDArray muX = moments.get(0);
        NDArray muY = moments.get(1);
        NDArray muXX = muX.square();
        NDArray muYY = muY.square();
        NDArray muXY = muX.mul(muY);
        NDArray varX = moments.get(2).sub(muXX);
        NDArray varY = moments.get(3).sub(muYY);
        NDArray covXY = moments.get(4).sub(muXY);
        double c1 = (K1 * dataRange) * (K1 * dataRange);
        double c2 = (K2 * dataRange) * (K2 * dataRange);
        NDArray numerator = muXY.mul(2).add(c1).mul(covXY.mul(2).add(c2));
        NDArray denominator = muXX.add(muYY).add(c1).mul(varX.add(varY).add(c2));
        return meanPerImage(numerator.div(denominator));
    }
}
