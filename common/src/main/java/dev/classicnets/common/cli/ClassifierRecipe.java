package dev.classicnets.common.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.task.Classifier;
import dev.classicnets.common.task.PretrainedWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.function.UnaryOperator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A classification recipe: configuration only. Subclasses name their presets (all their settings as
 * data, {@code S} being the recipe's own network settings) and build their network; data loading,
 * batching, each preset's transforms, normalisation, the training loop, the run directory and
 * {@code --summary} come from here.
 */
public abstract class ClassifierRecipe<S> implements Callable<Integer> {

    @Mixin
    protected TrainOptions options;

    @Spec
    protected CommandSpec spec;

    @Option(names = "--experiment", paramLabel = "NAME", description = "fine-tune: pretrain on the first half of "
            + "the classes, then fine-tune on the other half with --labels-per-class labels each, frozen, fully and "
            + "from scratch, 3 seeds each; a table and fine-tune.png (see the recipe for its own experiments).")
    protected String experiment;

    @Option(names = "--labels-per-class", paramLabel = "N", description = "Training labels per class of the "
            + "fine-tuning runs of --experiment fine-tune (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    protected int labelsPerClass;

    @Option(names = "--fine-tune-epochs", paramLabel = "N", description = "Epochs of each fine-tuning run of "
            + "--experiment fine-tune (default: ${DEFAULT-VALUE}; --epochs sets the pretraining's, default 5).",
            defaultValue = "15")
    protected int fineTuneEpochs;

    /** The names {@code --experiment} takes in this recipe. */
    protected List<String> experiments() {
        return List.of("fine-tune");
    }

    /** What a run holds open until it ends (the network weights were loaded into). */
    private final List<AutoCloseable> held = new ArrayList<>();

    /**
     * How a training run starts: which images of each split it uses, and which weights it starts from.
     *
     * @param trainView applied to the training images (before {@code --limit})
     * @param evalView applied to the validation and test images
     * @param initFrom a run directory or weights file to start from, or null for a fresh network
     * @param freezeFeatures train only the head, batch norm of the features in inference mode
     * @param backboneLrScale the features' share of the learning rate, or null for the full rate
     */
    protected record Start(UnaryOperator<LabeledImages> trainView, UnaryOperator<LabeledImages> evalView,
            Path initFrom, boolean freezeFeatures, Float backboneLrScale) {}

    /** The start the command line asks for. */
    protected Start startFromOptions() {
        return new Start(UnaryOperator.identity(), UnaryOperator.identity(), options.initFrom,
                options.freeze.equals("features"), options.backboneLrScale);
    }

    /**
     * The network's registry name and options, what {@code classifier.json} records so that the run can be
     * rebuilt ({@link Classifier#load}); null if the registry has no entry for it (the run then cannot be).
     */
    protected abstract Architecture architecture();

    /** The module's name, used for {@code runs/<module>/}. */
    protected abstract String module();

    /** The presets, the first being the default ({@code cpu}). */
    protected abstract List<Preset<S>> presets();

    /** The network for this run's options. */
    protected abstract Block network(int channels, int imageSize, int classes);

    /** A short name of the network this run trains (for logs, the model file and config.json). */
    protected abstract String networkName();

    /** Recipe-specific settings recorded in config.json. */
    protected Map<String, Object> recipeConfig() {
        return Map.of();
    }


    /** Input channels {@code --summary} assumes when {@code --channels} is not given (default 1). */
    protected int summaryChannels() {
        return 1;
    }

    /** Text {@code --summary} prints after the layer table (default none), e.g. multiply-adds. */
    protected String summaryFooter(Block network, Shape input) {
        return "";
    }

    /**
     * The loss to train with, given the cross-entropy the run uses (softmax cross-entropy on logits, or
     * its soft-label form under {@code --mixup}/{@code --cutmix}); default that cross-entropy itself.
     */
    protected Loss loss(Loss crossEntropy) {
        return crossEntropy;
    }

    /** How many levels {@code --summary} expands. */
    protected int summaryDepth() {
        return 3;
    }

    /** The preset named by {@code --preset}, with the user's overrides applied. */
    protected Preset<S> preset() {
        List<Preset<S>> all = presets();
        Preset<S> chosen = all.stream().filter(p -> p.name().equalsIgnoreCase(options.preset)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown --preset '" + options.preset
                        + "'; expected one of " + all.stream().map(Preset::name).collect(Collectors.joining(", "))));
        return resolve(chosen);
    }

    /** {@code preset} with the user's overrides applied, validated against what a classifier's run records. */
    protected Preset<S> resolve(Preset<S> preset) {
        return options.resolve(preset, ClassificationTask.MONITORABLE);
    }

    @Override
    public Integer call() throws IOException {
        Preset<S> preset = preset();
        // validated before any data is read; the schedule is set once the batches per epoch are known
        OptimizerSettings.of(preset.optimizer(), preset.learningRate(), preset.weightDecay());
        if (options.threads != null) {
            // read by DJL when the engine starts, which has not happened yet
            System.setProperty("ai.djl.pytorch.num_threads", options.threads.toString());
            String warning = InputChecks.threadsWarning(options.threads);
            if (warning != null) {
                spec.commandLine().getErr().println(warning);
            }
        }
        if (options.classify != null) {
            return classify();
        }
        if (options.weights != null) {
            throw new IllegalArgumentException("--weights is for --classify IMAGE...; to train from weights, use "
                    + "--init-from " + options.weights);
        }
        if (options.summary) {
            int channels = options.channels != null ? options.channels : summaryChannels();
            Block net = network(channels, preset.imageSize(), options.classes);
            Shape input = new Shape(1, channels, preset.imageSize(), preset.imageSize());
            ModelSummary summary = ModelSummary.of(net, input, summaryDepth());
            spec.commandLine().getOut().print(networkName() + " for " + channels + "x" + preset.imageSize() + "x"
                    + preset.imageSize() + " input, " + options.classes + " classes\n" + summary.format()
                    + summaryFooter(net, input));
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            return run(preset);
        } finally {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            held.clear();
        }
    }

    /** {@code --classify}: the top classes of each image under {@code --weights}. */
    private int classify() throws IOException {
        if (options.weights == null) {
            throw new IllegalArgumentException("--classify needs --weights FILE|RUN_DIR");
        }
        Architecture architecture = architecture();
        if (architecture == null && !Files.isDirectory(options.weights)) {
            throw new IllegalArgumentException(networkName() + " has no registry name to read a weights file into; "
                    + "give a run directory");
        }
        int side = options.imageSize != null ? options.imageSize : 224;
        try (Classifier classifier = PretrainedWeights.load(options.weights, architecture, side)) {
            ClassifyOutput.print(classifier, options.classify, options.top, options.json, spec.commandLine().getOut());
        }
        return 0;
    }

    /**
     * Trains this run's network and prints its test accuracy. A recipe's experiments override it
     * to train several networks with {@link #train} and compare them.
     */
    protected int run(Preset<S> preset) throws IOException {
        if (experiment != null) {
            if (!experiment.equalsIgnoreCase("fine-tune")) {
                throw new IllegalArgumentException("unknown --experiment '" + experiment + "'; expected "
                        + String.join(" or ", experiments()));
            }
            return new FineTuneExperiment<>(this, labelsPerClass, fineTuneEpochs).run(preset);
        }
        RunDirectory dir = runDirectory();
        try (RunResult result = train(preset, options.limit, dir)) {
            spec.commandLine().getOut().printf(Locale.ROOT, "test accuracy: %.4f (%s, %d epochs, %s)%n",
                    result.testAccuracy(), networkName(), (int) result.number("epochs_run"), dir);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The run being resumed, {@code --out}, or a new {@code runs/<module>/<timestamp>/}. */
    protected RunDirectory runDirectory() {
        if (options.resume != null) {
            return RunDirectory.at(options.resume);
        }
        return options.out != null ? RunDirectory.at(options.out) : RunDirectory.create(Path.of("runs"), module());
    }

    /**
     * Loads the data and trains {@link #network} as {@code preset} says on at most {@code limit}
     * training images (all if null), writing the run's files into {@code dir}. The caller closes the result,
     * which frees the trained network.
     */
    protected final RunResult train(Preset<S> preset, Integer limit, RunDirectory dir) throws IOException {
        return train(preset, limit, dir, startFromOptions());
    }

    /**
     * {@link #train(Preset, Integer, RunDirectory)} from {@code start}: a view of the data, and weights to
     * start from with a new head where the class count differs.
     */
    protected final RunResult train(Preset<S> preset, Integer limit, RunDirectory dir, Start start) throws IOException {
        return new ClassifierRun<>(this, preset, limit, dir, start).run();
    }

    /**
     * The network to train, starting from {@code from}: a run directory of this architecture or a weights
     * file (an RGB file's first convolution adapted to {@code channels}, e.g. summed for grey images), its
     * head replaced by a fresh one (initialised by the loop under the run's seed) when its class count is not
     * {@code classes}. The weights stay open until the run ends.
     */
    protected Block initialiseFrom(Path from, int channels, int size, int classes) throws IOException {
        Architecture architecture = architecture();
        if (architecture == null) {
            throw new IllegalArgumentException("--init-from: " + networkName() + " has no registry name to rebuild it");
        }
        Classifier source = PretrainedWeights.load(from, architecture, size, channels); // RGB weights fit grey data
        held.add(source);
        if (Files.isDirectory(from) && !source.spec().architecture().equals(architecture)) {
            throw new IllegalArgumentException("--init-from " + from + " holds " + source.spec().architecture()
                    + ", but this run builds " + architecture + "; give the options it was trained with");
        }
        ClassifierBlock network = classifierBlock(source.block());
        boolean newHead = source.spec().numClasses() != classes;
        if (newHead) {
            network.replaceHead(classes);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "initialised from %s (%d classes)%s%n", from,
                source.spec().numClasses(), newHead ? "; new head for " + classes + " classes" : "");
        return network;
    }

    /** {@code network} as a {@link ClassifierBlock}, or one clear error. */
    ClassifierBlock classifierBlock(Block network) {
        if (network instanceof ClassifierBlock c) {
            return c;
        }
        throw new IllegalArgumentException(networkName() + " is not split into features, pool and head, so its "
                + "features cannot be frozen or given their own learning rate");
    }
}
