package dev.classicnets.common.task;

import dev.classicnets.common.metrics.DiceScore;
import dev.classicnets.common.metrics.MeanIoU;

/** Segmentation figures read off a confusion matrix ({@code [true][predicted]} pixel counts). */
final class SegmentationScores {
    private SegmentationScores() {}

    static double pixelAccuracy(long[][] m) {
        long correct = 0;
        long total = 0;
        for (int t = 0; t < m.length; t++) {
            correct += m[t][t];
            for (long v : m[t]) {
                total += v;
            }
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** The mean of the classes' IoU, classes absent from both sides left out (macro). */
    static double meanIoU(long[][] m) {
        return nanMean(MeanIoU.perClass(m));
    }

    /** The mean of the classes' Dice, classes absent from both sides left out (macro). */
    static double meanDice(long[][] m) {
        return nanMean(DiceScore.perClass(m));
    }

    /** All classes' pixels pooled: sum TP / sum (TP + FP + FN) (micro). */
    static double microIoU(long[][] m) {
        long tp = 0;
        long total = 0;
        for (int t = 0; t < m.length; t++) {
            tp += m[t][t];
            for (long v : m[t]) {
                total += v;
            }
        }
        long wrong = total - tp; // each wrong pixel is one FP and one FN
        return total == 0 ? Double.NaN : (double) tp / (tp + 2 * wrong);
    }

    static double nanMean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static void add(long[][] into, long[][] m) {
        for (int t = 0; t < m.length; t++) {
            for (int p = 0; p < m.length; p++) {
                into[t][p] += m[t][p];
            }
        }
    }
}
