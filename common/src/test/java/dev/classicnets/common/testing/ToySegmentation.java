package dev.classicnets.common.testing;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.Mask;
import dev.classicnets.common.data.MaskedImages;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.SegmentationTask;
import java.util.List;
import java.util.Random;

/**
 * An image-to-mask problem small enough for a unit test, trained as a {@link SegmentationTask}: a
 * two-layer convolutional net, per-pixel cross-entropy over two classes; the data are noisy 8x8 images
 * whose bright pixels are class 1.
 */
public final class ToySegmentation {
    private ToySegmentation() {}

    /** The task: a 3x3 conv + ReLU + 1x1 conv named "segmenter", Adam at 0.05. */
    public static SegmentationTask task() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build()); // (N, 2, H, W)
        return SegmentationTask.builder().network("segmenter", net).inputShape(new Shape(1, 1, 8, 8))
                .optOptimizer(OptimizerSettings.of("adam", 0.05f, 0)).classNames(List.of("background", "square"))
                .build();
    }

    /** {@code n} noisy 8x8 images; a pixel is class 1 where the clean image is bright. */
    public static MaskedImages data(int n, long seed) {
        Random rng = new Random(seed);
        Image[] images = new Image[n];
        Mask[] masks = new Mask[n];
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[64];
            int[] labels = new int[64];
            int cx = rng.nextInt(8);
            int cy = rng.nextInt(8);
            for (int p = 0; p < 64; p++) {
                boolean inside = Math.abs(p / 8 - cy) <= 2 && Math.abs(p % 8 - cx) <= 2;
                labels[p] = inside ? 1 : 0;
                pixels[p] = (inside ? 1f : 0f) + 0.3f * (float) rng.nextGaussian();
            }
            images[i] = new Image(pixels, 1, 8, 8);
            masks[i] = new Mask(labels, 8, 8);
        }
        return new MaskedImages() {
            public int size() {
                return n;
            }

            public Image image(int i) {
                return images[i].copy();
            }

            public Mask mask(int i) {
                return masks[i].copy();
            }

            public List<String> classNames() {
                return List.of("background", "square");
            }

            public int channels() {
                return 1;
            }

            public int height() {
                return 8;
            }

            public int width() {
                return 8;
            }
        };
    }
}
