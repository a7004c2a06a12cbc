package dev.classicnets.common.data;

import dev.classicnets.common.augment.Image;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Labelled images held in memory, read as floats in [0, 1]. Subsets and splits are views over the same
 * storage (an index array), so a train/validation split copies no pixels. Unsigned-byte images stay bytes
 * (a quarter of the memory: Fashion-MNIST's 70,000 images take 55 MB instead of 220) and become floats as
 * they are read, {@code (b & 0xff) / 255f}, the same values a float copy would hold.
 */
public final class ImageSet implements LabeledImages {

    /** The pixels, CHW per image: floats, or unsigned bytes read as {@code b / 255f} (one of the two is null). */
    private final float[] floats;
    private final byte[] bytes;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;
    private final int[] index;

    private ImageSet(float[] floats, byte[] bytes, int[] labels, int channels, int height, int width,
            List<String> classNames, int[] index) {
        this.floats = floats;
        this.bytes = bytes;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
        this.index = index;
    }

    /**
     * Wraps CHW float pixels (image {@code i} at offset {@code i*C*H*W}) and their labels.
     *
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public static ImageSet of(float[] pixels, int[] labels, int channels, int height, int width,
            List<String> classNames) {
        return new ImageSet(pixels, null, labels, channels, height, width, classNames,
                allOf(pixels.length, labels, channels, height, width, classNames));
    }

    /** Unsigned-byte images (N x H x W, one channel), read as floats in [0, 1], e.g. from IDX files. */
    public static ImageSet fromBytes(byte[] images, byte[] labels, int height, int width, List<String> classNames) {
        int[] l = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            l[i] = labels[i] & 0xff;
        }
        return new ImageSet(null, images, l, 1, height, width, classNames,
                allOf(images.length, l, 1, height, width, classNames));
    }

    /** Checks the sizes and labels; the index of every item. */
    private static int[] allOf(int values, int[] labels, int channels, int height, int width, List<String> classNames) {
        long per = (long) channels * height * width;
        if (per <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (values != per * labels.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + per * labels.length
                    + " pixel values for " + channels + "x" + height + "x" + width + " images, got " + values);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of item " + i
                        + " is outside [0, " + classNames.size() + ")");
            }
        }
        int[] all = new int[labels.length];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** Copies {@code length} stored values from position {@code from} into {@code dest}, as floats. */
    private void copyPixels(int from, float[] dest, int offset, int length) {
        if (floats != null) {
            System.arraycopy(floats, from, dest, offset, length);
            return;
        }
        for (int k = 0; k < length; k++) {
            dest[offset + k] = (bytes[from + k] & 0xff) / 255f;
        }
    }

    @Override
    public int size() {
        return index.length;
    }

    @Override
    public Image image(int i) {
        int per = channels * height * width;
        float[] data = new float[per];
        copyPixels(index[i] * per, data, 0, per);
        return new Image(data, channels, height, width);
    }

    /** Copies image {@code i} into {@code dest} at {@code offset}, without an intermediate array. */
    public void copyImage(int i, float[] dest, int offset) {
        int per = channels * height * width;
        copyPixels(index[i] * per, dest, offset, per);
    }

    @Override
    public int label(int i) {
        return labels[index[i]];
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** The items at the given positions of this set (a view). */
    public ImageSet subset(int[] positions) {
        int[] sub = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            sub[i] = index[positions[i]];
        }
        return new ImageSet(floats, bytes, labels, channels, height, width, classNames, sub);
    }

    @Override
    public ImageSet limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + n);
        }
        return n >= size() ? this : new ImageSet(floats, bytes, labels, channels, height, width, classNames,
                Arrays.copyOf(index, n));
    }

    /**
     * Splits this set at random (seeded) into two disjoint views: the first holds {@code 1 -
     * fraction} of the items, the second {@code fraction} of them.
     */
    public ImageSet[] randomSplit(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
        }
        int[] order = permutation(size(), new Random(seed));
        int second = (int) Math.round(size() * fraction);
        if (second == 0 || second == size()) {
            throw new IllegalArgumentException("a split of " + fraction + " of " + size()
                    + " items leaves one side empty");
        }
        return new ImageSet[] {
            subset(Arrays.copyOfRange(order, 0, size() - second)),
            subset(Arrays.copyOfRange(order, size() - second, size()))
        };
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public float[][] channelMeanStd() {
        int plane = height * width;
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        float[] image = new float[channels * plane];
        for (int n = 0; n < size(); n++) {
            copyImage(n, image, 0);
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    double v = image[c * plane + p];
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double count = (double) size() * plane;
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) (sum[c] / count);
            std[c] = (float) Math.sqrt(Math.max(sq[c] / count - mean[c] * (double) mean[c], 0));
        }
        return new float[][] {mean, std};
    }
}
