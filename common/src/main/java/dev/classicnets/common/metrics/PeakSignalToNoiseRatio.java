package dev.classicnets.common.metrics;

import ai.djl.ndarray.NDArray;

/**
 * Peak signal-to-noise ratio in dB, 10 log10(R^2 / MSE) with R the data range, per image and averaged
 * over the images of the epoch (higher is better). Values are compared as given, not clamped: map
 * both sides to the stated range first. An image equal to its target has MSE 0 and an infinite
 * PSNR, which makes the average infinite too.
 */
public class PeakSignalToNoiseRatio extends ImageQualityEvaluator {

    private final double dataRange;

    /** Named "PSNR", for values in [0, 1]. */
    public PeakSignalToNoiseRatio() {
        this("PSNR", 1.0);
    }

    /**
     * @param name the evaluator's name
     * @param dataRange R: the largest value minus the smallest (1 for [0, 1], 2 for [-1, 1], 255 for
     *     bytes)
     */
    public PeakSignalToNoiseRatio(String name, double dataRange) {
        super(name, 0);
        checkDataRange(name, dataRange);
        this.dataRange = dataRange;
    }

    public double getDataRange() {
        return dataRange;
    }

    @Override
    protected double[] compute(NDArray targets, NDArray predictions) {
        double[] psnr = meanPerImage(predictions.sub(targets).square());
        for (int i = 0; i < psnr.length; i++) {
            psnr[i] = 10 * Math.log10(dataRange * dataRange / psnr[i]);
        }
        return psnr;
    }
}
