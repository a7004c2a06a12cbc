package dev.classicnets.common.task;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.data.BatchArrays;
import dev.classicnets.common.data.Batches;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.train.ModelFiles;
import dev.classicnets.common.train.RunResult;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A trained classifier as one object: the network with its weights, class names, input size, evaluation
 * transform and training normalisation, and the architecture that rebuilds it ({@link ClassifierSpec}).
 * It predicts (image files, DJL images, arrays), extracts the pooled features before the head, evaluates
 * on batches, saves itself, and {@link #load loads} from a run directory alone.
 *
 * <pre>{@code
 * try (Classifier c = Classifier.load(Path.of("runs/resnet/20261201-101500"))) {
 *     for (Prediction p : c.predict(Path.of("boot.png"), 3)) {
 *         System.out.printf("%s %.3f%n", p.className(), p.probability());
 *     }
 * }
 * }</pre>
 *
 * Closing it frees the network's parameters.
 */
public final class Classifier implements AutoCloseable {

    private final ClassifierSpec spec;
    private final Model model;

    private Classifier(ClassifierSpec spec, Model model) {
        this.spec = spec;
        this.model = model;
    }

    /**
     * The classifier a run trained, still alive in {@code result}: its network {@code spec.network()}, and
     * {@code spec} written into the run directory (if the run had one) so that {@link #load} finds it.
     * Closing either the result or this classifier frees the network.
     */
    public static Classifier from(RunResult result, ClassifierSpec spec) {
        Model model = result.model(spec.network());
        if (result.directory() != null) {
            spec.write(result.directory());
        }
        return new Classifier(spec, model);
    }

    /**
     * Rebuilds the classifier of run directory {@code dir} from its {@code classifier.json} and newest
     * {@code <network>-NNNN.params}; the architecture comes from whatever module registers it.
     *
     * @throws IllegalArgumentException if the directory lacks either file or they do not fit each other
     */
    public static Classifier load(Path dir) throws IOException {
        ClassifierSpec spec = ClassifierSpec.read(dir);
        return withWeights(spec, dir);
    }

    /** The network {@code spec} describes with the newest {@code <network>-NNNN.params} of {@code dir}. */
    static Classifier withWeights(ClassifierSpec spec, Path dir) throws IOException {
        Block block = spec.architecture().build(spec.numClasses(), (int) spec.inputShape().get(0));
        Model model = Model.newInstance(spec.network());
        try {
            model.setBlock(block);
            model.load(dir, spec.network());
            // records the input shape (DJL's save needs it); the loaded parameters are kept
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inputShape().get(0),
                    spec.inputShape().get(1), spec.inputShape().get(2)));
            return new Classifier(spec, model);
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            model.close();
            throw new IllegalArgumentException("cannot load " + spec.network() + " parameters from " + dir + " into "
                    + spec.architecture() + " for " + spec.numClasses() + " classes: " + e.getMessage(), e);
        } catch (IOException e) {
            model.close();
            throw e;
        }
    }

    /**
     * {@code block}, already initialised or loaded (e.g. from a torchvision file), as a classifier that
     * {@code spec} describes; this classifier closes the model holding it.
     */
    public static Classifier of(ClassifierSpec spec, Model model) {
        return new Classifier(spec, model);
    }

    /** Saves {@code classifier.json} and the parameters ({@code <network>-0000.params}) into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        spec.write(dir);
        ModelFiles.saveAtomically(model, dir, spec.network(), 0);
    }

    /** What rebuilds it: architecture, classes, input, transform, normalisation. */
    public ClassifierSpec spec() {
        return spec;
    }

    /** The class names, one per output. */
    public List<String> classNames() {
        return spec.classNames();
    }

    /** The network (a {@link ClassifierBlock} for every network of ClassicNets). */
    public Block block() {
        return model.getBlock();
    }

    /** The network as features, pool and head, for replacing the head or freezing the features. */
    public ClassifierBlock network() {
        if (model.getBlock() instanceof ClassifierBlock c) {
            return c;
        }
        throw new IllegalStateException(spec.network() + " is a " + model.getBlock().getClass().getSimpleName()
                + ", not a ClassifierBlock (features, pool, head)");
    }

    /** The DJL model holding the network (for a DJL {@code Predictor}). */
    public Model model() {
        return model;
    }

    /** The {@code k} most probable classes of the image in {@code file} (PNG, JPEG, ... as Java reads them). */
    public List<Prediction> predict(Path file, int k) throws IOException {
        return predict(ImageFactory.getInstance().fromFile(file), k);
    }

    /** The {@code k} most probable classes of a DJL image. */
    public List<Prediction> predict(ai.djl.modality.cv.Image image, int k) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return predict(input(image, manager).expandDims(0), k).get(0);
        }
    }

    /**
     * The {@code k} most probable classes of each image of {@code inputs}: the network's input, transformed and
     * normalised, (N, C, H, W) or (C, H, W).
     */
    public List<List<Prediction>> predict(NDArray inputs, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int top = Math.min(k, spec.numClasses());
        List<List<Prediction>> all = new ArrayList<>();
        try (NDManager scope = inputs.getManager().newSubManager()) {
            NDArray x = inputs.getShape().dimension() == 3 ? inputs.expandDims(0) : inputs;
            NDArray probabilities = forward(x, scope).softmax(1).toType(DataType.FLOAT64, false);
            for (int n = 0; n < probabilities.getShape().get(0); n++) {
                double[] p = probabilities.get(n).toDoubleArray();
                Integer[] order = new Integer[p.length];
                for (int i = 0; i < p.length; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
                List<Prediction> row = new ArrayList<>();
                for (int i = 0; i < top; i++) {
                    row.add(new Prediction(order[i], spec.classNames().get(order[i]), p[order[i]]));
                }
                all.add(row);
            }
        }
        return all;
    }

    /** The class scores (logits) of {@code inputs} (N, C, H, W), in inference mode, in {@code manager}. */
    public NDArray logits(NDArray inputs, NDManager manager) {
        return forward(inputs, manager);
    }

    /**
     * The pooled features of {@code inputs} (N, C, H, W), what the head sees: (N, D), in inference mode.
     */
    public NDArray features(NDArray inputs) {
        ClassifierBlock net = network();
        ParameterStore ps = new ParameterStore(inputs.getManager(), false);
        NDList x = net.features().forward(ps, new NDList(checked(inputs)), false);
        return net.pool().forward(ps, x, false).singletonOrThrow();
    }

    /**
     * The image as the network takes it, in {@code manager}: converted to the network's channels (grey as
     * ITU-R 601 luma), resized to the training images' size, then the evaluation transform, then the training
     * normalisation; (C, H, W).
     */
    public NDArray input(ai.djl.modality.cv.Image image, NDManager manager) {
        Image pixels = Pictures.toImage(image, (int) spec.inputShape().get(0));
        if (spec.sourceHeight() > 0) {
            pixels = dev.classicnets.common.augment.AntialiasedResize.to(spec.sourceHeight(), spec.sourceWidth())
                    .apply(pixels, new Random(0));
        }
        pixels = spec.evalTransformSteps().apply(pixels, new Random(0));
        pixels = spec.normalization().toTransform().apply(pixels, new Random(0));
        // in memory libtorch owns (BatchArrays), not a direct buffer the array borrows until a garbage collection
        return BatchArrays.copyOf(manager, FloatBuffer.wrap(pixels.data()),
                new Shape(pixels.channels(), pixels.height(), pixels.width()), DataType.FLOAT32);
    }

    /**
     * Loss, accuracy, macro precision/recall/F1, per-class scores and the confusion matrix of the network on
     * {@code batches} (transformed and normalised as in training), with the keys of a run's summary.json
     * ({@code test_accuracy}, {@code test_confusion_matrix}, ...).
     */
    public Map<String, Object> evaluate(Batches batches) {
        ClassificationEvaluation evaluation = new ClassificationEvaluation(spec.network(),
                Loss.softmaxCrossEntropyLoss(), spec.numClasses());
        try (NDManager manager = model.getNDManager().newSubManager()) {
            for (Batch batch : batches.getData(manager)) {
                try (NDManager scope = manager.newSubManager()) {
                    evaluation.add(batch, forward(batch.getData().head(), scope));
                }
                batch.close();
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        evaluation.result().forEach((key, v) -> summary.put("test_" + key, v));
        evaluation.report(spec.classNames(), batches, summary, null, spec.network());
        return summary;
    }

    private NDArray forward(NDArray inputs, NDManager manager) {
        NDArray x = checked(inputs);
        NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false);
        NDArray logits = out.head();
        logits.attach(manager);
        return logits;
    }

    private NDArray checked(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != spec.inputShape().get(0)) {
            throw new IllegalArgumentException(spec.network() + " takes (N, " + spec.inputShape().get(0)
                    + ", H, W) input, got " + s);
        }
        return x;
    }

    @Override
    public void close() {
        model.close();
    }
}
