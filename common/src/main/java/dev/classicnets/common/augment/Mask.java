package dev.classicnets.common.augment;

import java.util.Arrays;

/**
 * A segmentation mask: one integer class label per pixel, {@code height x width}, row-major. It is
 * a type of its own (not a one-channel {@link Image}) so that a colour transform cannot reach it by
 * mistake and its labels stay integers; geometric transforms sample it with nearest neighbour
 * ({@link Warp#apply(Mask, int)}), so it only ever holds labels it had or the fill label.
 */
public final class Mask {
    private final int[] labels;
    private final int height;
    private final int width;

    /** Wraps {@code labels} (not copied), row-major. */
    public Mask(int[] labels, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("mask dimensions must be positive, got " + height + "x" + width);
        }
        if (labels.length != height * width) {
            throw new IllegalArgumentException("mask of " + height + "x" + width + " needs " + height * width
                    + " labels, got " + labels.length);
        }
        this.labels = labels;
        this.height = height;
        this.width = width;
    }

    /** A mask with every pixel labelled {@code label}. */
    public static Mask filled(int height, int width, int label) {
        int[] labels = new int[Math.max(0, height * width)];
        Arrays.fill(labels, label);
        return new Mask(labels, height, width);
    }

    /** The backing array, row-major. */
    public int[] labels() {
        return labels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Label at row y, column x. */
    public int get(int y, int x) {
        return labels[y * width + x];
    }

    /** Sets the label at row y, column x. */
    public void set(int y, int x, int label) {
        labels[y * width + x] = label;
    }

    /** A deep copy. */
    public Mask copy() {
        return new Mask(labels.clone(), height, width);
    }

    @Override
    public String toString() {
        return "Mask(" + height + "x" + width + ")";
    }
}
