package dev.classicnets.unet;

import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.Mask;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.FashionMnistScenes;
import dev.classicnets.common.data.MaskFolder;
import dev.classicnets.common.data.MaskedImages;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.data.SyntheticShapes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The recipe's train, validation and test images with masks, from the source its settings name:
 * generated shapes (three seeds), Fashion-MNIST scenes (items from the package's own train split, a
 * held-out part of it, and its test split), or a mask folder (a test folder, or 20% held out).
 *
 * @param validation null without validation data
 */
record SegmentationData(String name, MaskedImages train, MaskedImages validation, MaskedImages test) {

    static SegmentationData load(UNetSettings s, SegmentationOptions o, int imageSize, Path dataDir,
            double validationFraction, long seed) throws IOException {
        int validationImages = (int) Math.round(s.trainImages() * validationFraction);
        switch (s.data()) {
            case "shapes" -> {
                return new SegmentationData("synthetic shapes", SyntheticShapes.of(s.trainImages(), imageSize, seed),
                        validationImages == 0 ? null : SyntheticShapes.of(validationImages, imageSize, seed + 1),
                        SyntheticShapes.of(s.testImages(), imageSize, seed + 2));
            }
            case "fashion-scenes" -> {
                DataSplits items = MnistFamily.FASHION_MNIST.load(dataDir, validationFraction, seed);
                return new SegmentationData("Fashion-MNIST scenes",
                        FashionMnistScenes.of(items.train(), s.trainImages(), imageSize, seed),
                        items.validation() == null ? null
                                : FashionMnistScenes.of(items.validation(), Math.max(1, validationImages), imageSize,
                                        seed + 1),
                        FashionMnistScenes.of(items.test(), s.testImages(), imageSize, seed + 2));
            }
            default -> {
                return folder(o, validationFraction, seed);
            }
        }
    }

    private static SegmentationData folder(SegmentationOptions o, double validationFraction, long seed)
            throws IOException {
        if (o.images == null || o.masks == null || o.classNames == null) {
            throw new IllegalArgumentException("--data folder needs --images DIR, --masks DIR and --class-names A,B,...");
        }
        int ignore = o.ignoreIndex == null ? -1 : o.ignoreIndex;
        MaskFolder all = MaskFolder.read(o.images, o.masks, o.classNames, o.palette(), ignore);
        int[] order = permutation(all.size(), new Random(seed));
        MaskedImages test;
        int next = 0;
        if (o.testImages != null) {
            if (o.testMasks == null) {
                throw new IllegalArgumentException("--test-images needs --test-masks");
            }
            test = MaskFolder.read(o.testImages, o.testMasks, o.classNames, o.palette(), ignore);
        } else {
            int n = Math.max(1, all.size() / 5);
            test = view(all, slice(order, 0, n));
            next = n;
        }
        int v = (int) Math.round((all.size() - next) * validationFraction);
        MaskedImages validation = v == 0 ? null : view(all, slice(order, next, next + v));
        if (all.size() - next - v < 1) {
            throw new IllegalArgumentException("--images holds " + all.size() + " images, too few to hold out test and "
                    + "validation images and still train");
        }
        return new SegmentationData(o.images.toString(), view(all, slice(order, next + v, all.size())), validation,
                test);
    }

    private static int[] slice(int[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The items at {@code positions} of {@code source}, in that order. */
    static MaskedImages view(MaskedImages source, int[] positions) {
        return new MaskedImages() {
            public int size() {
                return positions.length;
            }

            public Image image(int i) {
                return source.image(positions[i]);
            }

            public Mask mask(int i) {
                return source.mask(positions[i]);
            }

            public List<String> classNames() {
                return source.classNames();
            }

            public int channels() {
                return source.channels();
            }

            public int height() {
                return source.height();
            }

            public int width() {
                return source.width();
            }
        };
    }

    /** Per-channel mean and std over the first (at most) 256 training images. */
    float[][] normalisation() {
        int n = Math.min(256, train.size());
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = i;
        }
        return view(train, first).channelMeanStd();
    }
}
