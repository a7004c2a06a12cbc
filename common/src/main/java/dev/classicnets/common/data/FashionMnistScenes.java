package dev.classicnets.common.data;

import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.ImageWithMask;
import dev.classicnets.common.augment.Mask;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Segmentation scenes made of Fashion-MNIST items: 2-4 items of a {@link LabeledImages} set placed at
 * random on a square canvas (64x64 by default), the mask giving each pixel its item's class + 1 and
 * background 0 (11 classes). An item covers the pixels where it is brighter than {@link #THRESHOLD}; a
 * later item lies on top of an earlier one, and no two items' boxes overlap by more than a quarter of
 * an item. Scene {@code i} depends only on (seed, i), is drawn when asked for (no pixels are stored), and
 * uses only the items of the set given: scenes from the training split never show a test item.
 */
public final class FashionMnistScenes implements MaskedImages {

    /** An item pixel at or below this value is see-through (Fashion-MNIST's background is 0). */
    public static final float THRESHOLD = 0.05f;

    private final LabeledImages items;
    private final int count;
    private final int size;
    private final long seed;
    private final List<String> classNames;

    private FashionMnistScenes(LabeledImages items, int count, int size, long seed) {
        this.items = items;
        this.count = count;
        this.size = size;
        this.seed = seed;
        List<String> names = new ArrayList<>();
        names.add("background");
        names.addAll(items.classNames());
        this.classNames = List.copyOf(names);
    }

    /**
     * {@code count} scenes of {@code size x size} from {@code items} (one-channel images, e.g. a split of
     * Fashion-MNIST).
     *
     * @throws IllegalArgumentException if the canvas cannot hold an item or the items are not one-channel
     */
    public static FashionMnistScenes of(LabeledImages items, int count, int size, long seed) {
        if (items.size() == 0 || items.channels() != 1) {
            throw new IllegalArgumentException("scenes need a non-empty set of one-channel items, got " + items.size()
                    + " items of " + items.channels() + " channels");
        }
        if (count < 1) {
            throw new IllegalArgumentException("scenes: count must be at least 1, got " + count);
        }
        if (size < Math.max(items.height(), items.width())) {
            throw new IllegalArgumentException("scenes: a canvas of " + size + " pixels cannot hold " + items.height()
                    + "x" + items.width() + " items");
        }
        return new FashionMnistScenes(items, count, size, seed);
    }

    /** Scene {@code i} with its mask. */
    public ImageWithMask sample(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("scene " + i + " of " + count);
        }
        Random rng = new Random(BatchAssembler.mix(seed, i, 11));
        int ih = items.height();
        int iw = items.width();
        float[] pixels = new float[size * size];
        int[] labels = new int[size * size];
        int n = 2 + rng.nextInt(3);
        List<int[]> placed = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int item = rng.nextInt(items.size());
            int[] at = null;
            for (int attempt = 0; attempt < 30 && at == null; attempt++) {
                int[] c = {rng.nextInt(size - ih + 1), rng.nextInt(size - iw + 1)};
                boolean fits = true;
                for (int[] p : placed) {
                    long overlap = (long) Math.max(0, Math.min(c[0], p[0]) + ih - Math.max(c[0], p[0]))
                            * Math.max(0, Math.min(c[1], p[1]) + iw - Math.max(c[1], p[1]));
                    fits &= overlap * 4 <= (long) ih * iw;
                }
                at = fits ? c : null;
            }
            if (at == null) {
                continue; // the canvas is full
            }
            placed.add(at);
            float[] src = items.image(item).data();
            int label = items.label(item) + 1;
            for (int y = 0; y < ih; y++) {
                for (int x = 0; x < iw; x++) {
                    float v = src[y * iw + x];
                    if (v > THRESHOLD) {
                        int p = (at[0] + y) * size + at[1] + x;
                        pixels[p] = v;
                        labels[p] = label;
                    }
                }
            }
        }
        return new ImageWithMask(new Image(pixels, 1, size, size), new Mask(labels, size, size));
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Image image(int i) {
        return sample(i).image();
    }

    @Override
    public Mask mask(int i) {
        return sample(i).mask();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public String toString() {
        return "FashionMnistScenes(" + count + " of " + size + "x" + size + ", seed " + seed + ")";
    }
}
