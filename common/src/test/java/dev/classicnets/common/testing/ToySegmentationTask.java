package dev.classicnets.common.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.Mask;
import dev.classicnets.common.data.MaskedImages;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.Evaluation;
import dev.classicnets.common.train.Network;
import dev.classicnets.common.train.Networks;
import dev.classicnets.common.train.Task;
import dev.classicnets.common.train.TrainingStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An image-to-mask task small enough for a unit test: per-pixel cross-entropy over two classes, pixel
 * accuracy and mean IoU; the data are noisy 8x8 images whose bright pixels are class 1.
 */
public final class ToySegmentationTask implements Task {

    private static final Loss LOSS = new SoftmaxCrossEntropyLoss("pixel_ce", 1, 1, true, true); // class axis 1

    @Override
    public List<Network> networks() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build()); // (N, 2, H, W)
        return List.of(new Network("segmenter", net, OptimizerSettings.of("adam", 0.05f, 0), LOSS,
                new Shape(1, 1, 8, 8)));
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("loss", "pixel_accuracy");
    }

    @Override
    public List<String> evaluationMetrics() {
        return List.of("loss", "pixel_accuracy", "mean_iou");
    }

    /** The best epoch is the one of the highest validation mean IoU. */
    @Override
    public String bestEpochMetric(boolean validation) {
        return validation ? "validate_mean_iou" : "train_loss";
    }

    @Override
    public Map<String, Double> trainStep(Batch batch, TrainingStep step) {
        NDList out;
        float loss;
        try (GradientCollector gc = step.trainer().newGradientCollector()) {
            out = step.trainer().forward(batch.getData());
            NDArray l = LOSS.evaluate(batch.getLabels(), out);
            gc.backward(l);
            loss = l.getFloat();
        }
        step.update("segmenter");
        long[] counts = confusion(out.head(), batch.getLabels().head());
        return Map.of("loss", (double) loss, "pixel_accuracy", (double) (counts[0] + counts[3])
                / (counts[0] + counts[1] + counts[2] + counts[3]));
    }

    /** {true 0 pred 0, true 0 pred 1, true 1 pred 0, true 1 pred 1} pixel counts. */
    static long[] confusion(NDArray scores, NDArray masks) {
        long[] predicted = scores.argMax(1).toLongArray();
        long[] truth = masks.toLongArray();
        long[] c = new long[4];
        for (int i = 0; i < truth.length; i++) {
            c[(int) (truth[i] * 2 + predicted[i])]++;
        }
        return c;
    }

    @Override
    public Evaluation newEvaluation(boolean test) {
        return new Evaluation() {
            final long[] counts = new long[4];
            double lossSum;
            long images;

            @Override
            public void add(Batch batch, Networks networks) {
                NDList out = networks.trainer("segmenter").evaluate(batch.getData());
                lossSum += LOSS.evaluate(batch.getLabels(), out).getFloat() * batch.getSize();
                images += batch.getSize();
                long[] c = confusion(out.head(), batch.getLabels().head());
                for (int i = 0; i < 4; i++) {
                    counts[i] += c[i];
                }
            }

            @Override
            public Map<String, Double> result() {
                double iou0 = (double) counts[0] / (counts[0] + counts[1] + counts[2]);
                double iou1 = (double) counts[3] / (counts[3] + counts[1] + counts[2]);
                Map<String, Double> r = new LinkedHashMap<>();
                r.put("loss", lossSum / images);
                r.put("pixel_accuracy", (double) (counts[0] + counts[3]) / (counts[0] + counts[1] + counts[2]
                        + counts[3]));
                r.put("mean_iou", (iou0 + iou1) / 2);
                return r;
            }
        };
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
