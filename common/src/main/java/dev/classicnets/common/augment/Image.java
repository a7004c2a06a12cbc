package dev.classicnets.common.augment;

import java.util.Arrays;

/**
 * One image as the data pipeline holds it before batching: {@code channels x height x width}
 * floats in CHW order (values in [0, 1] until normalisation). Transforms work on these plain
 * arrays, per image and in Java, because DJL runs an ArrayDataset's pipeline once per batch with a
 * single random draw, and per-image NDArray calls cost more than the training step for small nets.
 */
public final class Image {
    private final float[] data;
    private final int channels;
    private final int height;
    private final int width;

    /** Wraps {@code data} (not copied) as a CHW image. */
    public Image(float[] data, int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image dimensions must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("image of " + channels + "x" + height + "x" + width
                    + " needs " + channels * height * width + " values, got " + data.length);
        }
        this.data = data;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** A zero image. */
    public static Image zeros(int channels, int height, int width) {
        return new Image(new float[channels * height * width], channels, height, width);
    }

    /** The backing array, CHW order. */
    public float[] data() {
        return data;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Value at channel c, row y, column x. */
    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** Sets the value at channel c, row y, column x. */
    public void set(int c, int y, int x, float value) {
        data[(c * height + y) * width + x] = value;
    }

    /** A deep copy. */
    public Image copy() {
        return new Image(Arrays.copyOf(data, data.length), channels, height, width);
    }

    @Override
    public String toString() {
        return "Image(" + channels + "x" + height + "x" + width + ")";
    }
}
