package dev.classicnets.common.augment;

/** Parameter checks that fail with one sentence naming the owner, the value and the allowed range. */
final class Check {
    private Check() {}

    static double probability(String owner, String name, double value) {
        return range(owner, name, value, 0, 1);
    }

    /** {@code value} in [lo, hi]. */
    static double range(String owner, String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw fail(owner, name, "in [" + format(lo) + ", " + format(hi) + "]", format(value));
        }
        return value;
    }

    static int atLeast(String owner, String name, int value, int min) {
        if (value < min) {
            throw fail(owner, name, ">= " + min, Integer.toString(value));
        }
        return value;
    }

    static double positive(String owner, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw fail(owner, name, "a finite number > 0", format(value));
        }
        return value;
    }

    static double nonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw fail(owner, name, "a finite number >= 0", format(value));
        }
        return value;
    }

    static float finite(String owner, String name, float value) {
        if (!Float.isFinite(value)) {
            throw fail(owner, name, "finite", Float.toString(value));
        }
        return value;
    }

    /** A (min, max) range with 0 < min <= max <= upper. */
    static void interval(String owner, String name, double min, double max, double upper) {
        if (!(min > 0 && min <= max && max <= upper)) {
            throw new IllegalArgumentException(owner + ": " + name + " must satisfy 0 < min <= max"
                    + (Double.isInfinite(upper) ? "" : " <= " + format(upper)) + ", got (" + format(min) + ", "
                    + format(max) + ")");
        }
    }

    static IllegalArgumentException fail(String owner, String name, String expected, String got) {
        return new IllegalArgumentException(owner + ": " + name + " must be " + expected + ", got " + got);
    }

    static String format(double value) {
        boolean whole = value == Math.rint(value) && Math.abs(value) < 1e15;
        return whole ? Long.toString((long) value) : Double.toString(value);
    }
}
