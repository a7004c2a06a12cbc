package dev.classicnets.common.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.data.Batches;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.MaskedImages;
import dev.classicnets.common.loss.PixelLabels;
import dev.classicnets.common.metrics.DiceScore;
import dev.classicnets.common.metrics.MeanIoU;
import dev.classicnets.common.report.ImageGrid;
import dev.classicnets.common.report.MaskColors;
import dev.classicnets.common.train.Evaluation;
import dev.classicnets.common.train.Networks;
import dev.classicnets.common.train.RunDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A segmentation evaluation pass: mean loss and one confusion matrix of the pass's pixels; for the test
 * pass also each image's IoU and Dice (for per-image averages) and the predicted masks of the first
 * images, which {@link #report} turns into summary figures and {@link SegmentationTask#PREDICTIONS}.
 */
final class SegmentationEvaluation implements Evaluation {

    private final SegmentationTask task;
    private final int pictures;
    private final int classes;
    private final long[][] matrix;
    private final List<int[]> predicted = new ArrayList<>();
    private final List<int[]> truth = new ArrayList<>();
    private int mapHeight;
    private int mapWidth;
    private double lossSum;
    private double perImageIoU;
    private double perImageDice;
    private long images;

    SegmentationEvaluation(SegmentationTask task, int pictures) {
        this.task = task;
        this.pictures = pictures;
        this.classes = task.classNames().size();
        this.matrix = new long[classes][classes];
    }

    @Override
    public void add(Batch batch, Networks networks) {
        NDList out = networks.trainer(task.name()).evaluate(batch.getData());
        NDArray scores = out.head();
        lossSum += (double) task.loss().evaluate(batch.getLabels(), out).getFloat() * batch.getSize();
        NDArray labels = PixelLabels.fit(batch.getLabels().head(), scores.getShape());
        long[][] m = task.count(labels, scores);
        SegmentationScores.add(matrix, m);
        if (pictures > 0) { // the test pass
            for (int i = 0; i < batch.getSize(); i++) {
                NDIndex one = new NDIndex("{}:{}", i, i + 1);
                long[][] single = task.count(labels.get(one), scores.get(one));
                perImageIoU += orZero(SegmentationScores.meanIoU(single));
                perImageDice += orZero(SegmentationScores.meanDice(single));
                if (predicted.size() < pictures) {
                    mapHeight = (int) scores.getShape().get(2);
                    mapWidth = (int) scores.getShape().get(3);
                    predicted.add(scores.get(i).argMax(0).toType(DataType.INT32, false).toIntArray());
                    truth.add(labels.get(i).toType(DataType.INT32, false).toIntArray());
                }
            }
        }
        images += batch.getSize();
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    @Override
    public Map<String, Double> result() {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("loss", lossSum / images);
        r.put("pixel_accuracy", SegmentationScores.pixelAccuracy(matrix));
        r.put("mean_iou", SegmentationScores.meanIoU(matrix));
        r.put("dice", SegmentationScores.meanDice(matrix));
        return r;
    }

    /** Per-class figures, the averages and the pictures of the test pass. */
    void report(Batches testData, Map<String, Object> summary, RunDirectory dir) {
        double[] iou = MeanIoU.perClass(matrix);
        double[] dice = DiceScore.perClass(matrix);
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("iou", Double.isNaN(iou[c]) ? null : iou[c]);
            scores.put("dice", Double.isNaN(dice[c]) ? null : dice[c]);
            long pixels = 0;
            for (long v : matrix[c]) {
                pixels += v;
            }
            scores.put("pixels", pixels);
            perClass.put(task.classNames().get(c), scores);
        }
        summary.put("test_per_class", perClass);
        summary.put("test_iou_micro", SegmentationScores.microIoU(matrix));
        summary.put("test_mean_iou_per_image", images == 0 ? Double.NaN : perImageIoU / images);
        summary.put("test_dice_per_image", images == 0 ? Double.NaN : perImageDice / images);
        summary.put("test_confusion_matrix", matrix);
        if (dir == null || predicted.isEmpty() || !(testData instanceof ImageBatches batches) || batches.isShuffled()
                || !(batches.source() instanceof MaskedImages source)) {
            return; // the pictures name items by position, which only an unshuffled source keeps
        }
        List<Image> cells = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < predicted.size(); i++) {
            Image image = centre(source.image(i), mapHeight, mapWidth);
            cells.add(image);
            cells.add(MaskColors.colour(truth.get(i), mapHeight, mapWidth, classes));
            cells.add(MaskColors.colour(predicted.get(i), mapHeight, mapWidth, classes));
            cells.add(MaskColors.overlay(image, predicted.get(i), classes, 0.5f));
            captions.addAll(List.of("image " + i, "true", "predicted", "overlay"));
        }
        ImageGrid.write(cells, captions, 4, String.format(Locale.ROOT, "%s: test mIoU %.3f (first %d test images)",
                task.name(), SegmentationScores.meanIoU(matrix), predicted.size()),
                dir.resolve(SegmentationTask.PREDICTIONS));
    }

    /** The centre {@code h x w} of an image (what an unpadded network's smaller map covers). */
    static Image centre(Image image, int h, int w) {
        if (image.height() == h && image.width() == w) {
            return image;
        }
        int top = (image.height() - h) / 2;
        int left = (image.width() - w) / 2;
        Image out = Image.zeros(image.channels(), h, w);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.set(c, y, x, image.get(c, top + y, left + x));
                }
            }
        }
        return out;
    }
}
