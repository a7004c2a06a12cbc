package dev.classicnets.common.metrics;

/**
 * Per-class precision, recall and F1 of a single-label classifier, with macro and micro averages,
 * from the confusion matrix accumulated over an epoch. One instance reports one of the six averages
 * as its scalar (its {@link #getAccumulator}, e.g. macro F1 for early stopping); all per-class values
 * and averages are available from the same accumulator.
 *
 * <p>For class c with TP, FP (predicted c, was not) and FN (was c, predicted otherwise):
 * precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2 TP / (2 TP + FP + FN). A class that
 * occurs in the targets or the predictions but leaves a denominator 0 scores 0 there (scikit-learn's
 * {@code zero_division=0}); a class absent from both is NaN and left out of the macro average
 * (scikit-learn's default label set: the classes seen). Micro averages pool TP, FP and FN over the
 * classes; for single-label data micro precision = micro recall = micro F1 = accuracy.
 */
public class PrecisionRecallF1 extends ConfusionMatrixEvaluator {

    /** Which score. */
    public enum Score { PRECISION, RECALL, F1 }

    /** How the per-class scores are combined. */
    public enum Average {
        /** The unweighted mean over the classes that occur (every class counts the same). */
        MACRO,
        /** TP, FP and FN summed over the classes first (every sample counts the same). */
        MICRO
    }

    private final Score score;
    private final Average average;

    /**
     * @param name the evaluator's name
     * @param numClasses K, at least 2
     * @param score the score {@link #getAccumulator} reports
     * @param average the average {@link #getAccumulator} reports
     */
    public PrecisionRecallF1(String name, int numClasses, Score score, Average average) {
        super(name, numClasses, NO_IGNORE_INDEX);
        if (score == null || average == null) {
            throw new IllegalArgumentException(name + ": score and average must be given, got " + score + " and "
                    + average);
        }
        this.score = score;
        this.average = average;
    }

    /** Named "MacroF1". */
    public static PrecisionRecallF1 macroF1(int numClasses) {
        return new PrecisionRecallF1("MacroF1", numClasses, Score.F1, Average.MACRO);
    }

    /** Named "MicroF1" (equal to accuracy for single-label data). */
    public static PrecisionRecallF1 microF1(int numClasses) {
        return new PrecisionRecallF1("MicroF1", numClasses, Score.F1, Average.MICRO);
    }

    /** Named "MacroPrecision". */
    public static PrecisionRecallF1 macroPrecision(int numClasses) {
        return new PrecisionRecallF1("MacroPrecision", numClasses, Score.PRECISION, Average.MACRO);
    }

    /** Named "MacroRecall" (balanced accuracy). */
    public static PrecisionRecallF1 macroRecall(int numClasses) {
        return new PrecisionRecallF1("MacroRecall", numClasses, Score.RECALL, Average.MACRO);
    }

    @Override
    protected double score(long[][] matrix) {
        return averaged(score, average, matrix);
    }

    /** Per-class precision accumulated under {@code key}. */
    public double[] precision(String key) {
        return perClass(Score.PRECISION, matrix(key));
    }

    /** Per-class recall accumulated under {@code key}. */
    public double[] recall(String key) {
        return perClass(Score.RECALL, matrix(key));
    }

    /** Per-class F1 accumulated under {@code key}. */
    public double[] f1(String key) {
        return perClass(Score.F1, matrix(key));
    }

    /** Any of the averages accumulated under {@code key}. */
    public double averaged(Score which, Average how, String key) {
        return averaged(which, how, matrix(key));
    }

    /** Per-class values of a score for a confusion matrix ({@code [true][predicted]} counts). */
    public static double[] perClass(Score which, long[][] matrix) {
        double[] values = new double[matrix.length];
        for (int c = 0; c < matrix.length; c++) {
            long tp = truePositives(matrix, c);
            long actual = actual(matrix, c);
            long predicted = predicted(matrix, c);
            if (actual == 0 && predicted == 0) {
                values[c] = Double.NaN;
                continue;
            }
            values[c] = ratio(which, tp, predicted, actual);
        }
        return values;
    }

    /** A macro or micro average of a score for a confusion matrix; NaN when it holds no sample. */
    public static double averaged(Score which, Average how, long[][] matrix) {
        if (how == Average.MACRO) {
            return nanMean(perClass(which, matrix));
        }
        long tp = 0;
        long predicted = 0;
        long actual = 0;
        for (int c = 0; c < matrix.length; c++) {
            tp += truePositives(matrix, c);
            predicted += predicted(matrix, c);
            actual += actual(matrix, c);
        }
        return actual == 0 && predicted == 0 ? Double.NaN : ratio(which, tp, predicted, actual);
    }

    private static double ratio(Score which, long tp, long predicted, long actual) {
        switch (which) {
            case PRECISION:
                return predicted == 0 ? 0 : (double) tp / predicted;
            case RECALL:
                return actual == 0 ? 0 : (double) tp / actual;
            default:
                return 2.0 * tp / (predicted + actual);
        }
    }
}
