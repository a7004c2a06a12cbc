package dev.classicnets.common.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.data.Batches;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.metrics.ConfusionMatrix;
import dev.classicnets.common.metrics.PrecisionRecallF1;
import dev.classicnets.common.report.ConfusionMatrixPlot;
import dev.classicnets.common.report.ImageGrid;
import dev.classicnets.common.train.Evaluation;
import dev.classicnets.common.train.Networks;
import dev.classicnets.common.train.RunDirectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier's evaluation pass: mean loss and accuracy, and for the test pass the confusion matrix and
 * the first misclassified items, which {@link #report} turns into summary figures and pictures.
 */
final class ClassificationEvaluation implements Evaluation {

    private static final String KEY = "test";
    private static final int MAX_MISCLASSIFIED = 40;

    private final String network;
    private final Loss loss;
    private final ConfusionMatrix matrix;
    private final List<int[]> misclassified = new ArrayList<>(); // {item, true, predicted}
    private double lossSum;
    private long correct;
    private long count;

    /** @param classes the number of classes to count a confusion matrix of, or 0 for none */
    ClassificationEvaluation(String network, Loss loss, int classes) {
        this.network = network;
        this.loss = loss;
        this.matrix = classes > 0 ? new ConfusionMatrix(classes) : null;
        if (matrix != null) {
            matrix.addAccumulator(KEY);
        }
    }

    @Override
    public void add(Batch batch, Networks networks) {
        add(batch, networks.trainer(network).evaluate(batch.getData()).head());
    }

    /** Adds a batch with the network's scores {@code logits} of it. */
    void add(Batch batch, NDArray logits) {
        NDList out = new NDList(logits);
        NDArray l = loss.evaluate(batch.getLabels(), out);
        lossSum += (double) l.getFloat() * batch.getSize();
        correct += TrainStep.correct(out.head(), batch.getLabels().head());
        if (matrix != null) {
            matrix.updateAccumulator(KEY, batch.getLabels(), out);
            collectMisclassified(batch.getLabels(), out);
        }
        count += batch.getSize();
    }

    private void collectMisclassified(NDList labels, NDList out) {
        if (misclassified.size() >= MAX_MISCLASSIFIED) {
            return;
        }
        long[] predicted = out.head().argMax(1).toLongArray();
        long[] truth = labels.head().toType(DataType.INT64, false).toLongArray();
        for (int i = 0; i < truth.length && misclassified.size() < MAX_MISCLASSIFIED; i++) {
            if (predicted[i] != truth[i]) {
                misclassified.add(new int[] {(int) count + i, (int) truth[i], (int) predicted[i]});
            }
        }
    }

    @Override
    public Map<String, Double> result() {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("loss", lossSum / count);
        r.put("accuracy", (double) correct / count);
        return r;
    }

    /** Confusion matrix, per-class scores and the pictures of the test pass. */
    void report(List<String> names, Batches testData, Map<String, Object> summary, RunDirectory dir, String title) {
        long[][] counts = matrix.matrix(KEY);
        summary.put("test_macro_f1", PrecisionRecallF1.averaged(PrecisionRecallF1.Score.F1,
                PrecisionRecallF1.Average.MACRO, counts));
        summary.put("test_macro_precision", PrecisionRecallF1.averaged(PrecisionRecallF1.Score.PRECISION,
                PrecisionRecallF1.Average.MACRO, counts));
        summary.put("test_macro_recall", PrecisionRecallF1.averaged(PrecisionRecallF1.Score.RECALL,
                PrecisionRecallF1.Average.MACRO, counts));
        double[] precision = PrecisionRecallF1.perClass(PrecisionRecallF1.Score.PRECISION, counts);
        double[] recall = PrecisionRecallF1.perClass(PrecisionRecallF1.Score.RECALL, counts);
        double[] f1 = PrecisionRecallF1.perClass(PrecisionRecallF1.Score.F1, counts);
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) {
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("precision", precision[c]);
            scores.put("recall", recall[c]);
            scores.put("f1", f1[c]);
            scores.put("support", Arrays.stream(counts[c]).sum());
            perClass.put(names.get(c), scores);
        }
        summary.put("test_per_class", perClass);
        summary.put("test_confusion_matrix", counts);
        if (dir == null) {
            return;
        }
        ConfusionMatrixPlot.write(counts, names, title + ": test confusion matrix (rows: true class)",
                dir.resolve(ClassificationTask.CONFUSION_MATRIX));
        // the items are named by their position, which only an unshuffled image source keeps
        if (!misclassified.isEmpty() && testData instanceof ImageBatches batches && !batches.isShuffled()
                && batches.source() instanceof LabeledImages images) {
            List<Image> pictures = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (int[] m : misclassified) {
                pictures.add(images.image(m[0]));
                captions.add("true: " + names.get(m[1]) + "\npred: " + names.get(m[2]));
            }
            ImageGrid.write(pictures, captions, 8, title + ": misclassified test images (first " + pictures.size()
                    + ")", dir.resolve(ClassificationTask.MISCLASSIFIED));
        }
    }
}
