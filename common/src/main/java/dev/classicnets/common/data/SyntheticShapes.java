package dev.classicnets.common.data;

import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.ImageWithMask;
import dev.classicnets.common.augment.Mask;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic segmentation data of any size: circles, squares and triangles (classes 1-3 on a
 * background 0), one to four per image, overlapping (later shapes on top), each of its own grey level,
 * on a textured background (a random low-frequency wave) with pixel noise. Shapes differ in form, not
 * in brightness, so a network must look at outlines. Image {@code i} depends only on (seed, i): a
 * reproducible set that costs no disk and no download, for tests and a fast demo.
 */
public final class SyntheticShapes implements MaskedImages {

    /** The class names: background, circle, square, triangle. */
    public static final List<String> CLASSES = List.of("background", "circle", "square", "triangle");

    private final int count;
    private final int size;
    private final long seed;
    private final float noise;

    private SyntheticShapes(int count, int size, long seed, float noise) {
        this.count = count;
        this.size = size;
        this.seed = seed;
        this.noise = noise;
    }

    /**
     * {@code count} images of {@code size x size} pixels, one grey channel, pixel noise std 0.08.
     *
     * @throws IllegalArgumentException if count is below 1 or size below 8
     */
    public static SyntheticShapes of(int count, int size, long seed) {
        return of(count, size, seed, 0.08f);
    }

    /** As {@link #of(int, int, long)} with pixel noise of std {@code noise} (0 for clean images). */
    public static SyntheticShapes of(int count, int size, long seed, float noise) {
        if (count < 1) {
            throw new IllegalArgumentException("synthetic shapes: count must be at least 1, got " + count);
        }
        if (size < 8) {
            throw new IllegalArgumentException("synthetic shapes: size must be at least 8 pixels, got " + size);
        }
        if (!(noise >= 0) || Float.isInfinite(noise)) {
            throw new IllegalArgumentException("synthetic shapes: noise must be >= 0, got " + noise);
        }
        return new SyntheticShapes(count, size, seed, noise);
    }

    /** Image {@code i} with its mask. */
    public ImageWithMask sample(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("image " + i + " of " + count);
        }
        Random rng = new Random(BatchAssembler.mix(seed, i, 7));
        float[] pixels = new float[size * size];
        int[] labels = new int[size * size];
        double fx = (1 + rng.nextDouble() * 3) * 2 * Math.PI / size;
        double fy = (1 + rng.nextDouble() * 3) * 2 * Math.PI / size;
        double phase = rng.nextDouble() * 2 * Math.PI;
        double base = 0.25 + 0.3 * rng.nextDouble();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                pixels[y * size + x] = (float) (base + 0.12 * Math.sin(fx * x + fy * y + phase));
            }
        }
        int shapes = 1 + rng.nextInt(4);
        for (int s = 0; s < shapes; s++) {
            int kind = 1 + rng.nextInt(3);
            double r = size * (0.08 + 0.12 * rng.nextDouble()); // half the side, or the radius
            double cx = r + rng.nextDouble() * (size - 2 * r);
            double cy = r + rng.nextDouble() * (size - 2 * r);
            float level = (float) (rng.nextBoolean() ? 0.65 + 0.35 * rng.nextDouble() : 0.1 * rng.nextDouble());
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (inside(kind, x + 0.5 - cx, y + 0.5 - cy, r)) {
                        pixels[y * size + x] = level;
                        labels[y * size + x] = kind;
                    }
                }
            }
        }
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = Math.min(1f, Math.max(0f, pixels[p] + noise * (float) rng.nextGaussian()));
        }
        return new ImageWithMask(new Image(pixels, 1, size, size), new Mask(labels, size, size));
    }

    /** Whether offset (dx, dy) from the centre lies in a circle of radius r, a square of half side r, or an upright triangle. */
    private static boolean inside(int kind, double dx, double dy, double r) {
        return switch (kind) {
            case 1 -> dx * dx + dy * dy <= r * r;
            case 2 -> Math.abs(dx) <= r * 0.9 && Math.abs(dy) <= r * 0.9;
            default -> dy <= r && dy >= -r && Math.abs(dx) <= (dy + r) / 2; // apex up, base 2r wide
        };
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
        return CLASSES;
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
        return "SyntheticShapes(" + count + " of " + size + "x" + size + ", seed " + seed + ")";
    }
}
