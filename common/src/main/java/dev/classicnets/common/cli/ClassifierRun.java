package dev.classicnets.common.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.classicnets.common.augment.BatchMix;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.SoftLabelCrossEntropyLoss;
import dev.classicnets.common.callback.BatchListener;
import dev.classicnets.common.callback.EpochListener;
import dev.classicnets.common.callback.MonitorMode;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.registry.Normalization;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.task.Classifier;
import dev.classicnets.common.task.ClassifierSpec;
import dev.classicnets.common.train.EarlyStopping;
import dev.classicnets.common.train.LoopSettings;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import dev.classicnets.common.transfer.DiscriminativeLearningRate;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run of a {@link ClassifierRecipe}, put together: the data and its transforms, the network
 * (fresh, or from {@code --init-from} with a new head, frozen or with its own backbone rate), config.json
 * and classifier.json, and the loop with the options' early stopping and clipping.
 */
final class ClassifierRun<S> {

    private final ClassifierRecipe<S> recipe;
    private final TrainOptions options;
    private final Preset<S> preset;
    private final Integer limit;
    private final RunDirectory dir;
    private final ClassifierRecipe.Start start;

    ClassifierRun(ClassifierRecipe<S> recipe, Preset<S> preset, Integer limit, RunDirectory dir,
            ClassifierRecipe.Start start) {
        this.recipe = recipe;
        this.options = recipe.options;
        this.preset = preset;
        this.limit = limit;
        this.dir = dir;
        this.start = start;
    }

    /** Loads the data, trains and tests; the caller closes the result, which frees the trained network. */
    RunResult run() throws IOException {
        if (options.resume != null) {
            Object recorded = RunDirectory.readJson(dir.resolve(RunDirectory.CONFIG)).get("module");
            if (!recipe.module().equals(recorded)) {
                throw new IllegalArgumentException("cannot resume " + dir + " with the " + recipe.module()
                        + " recipe: it is a " + recorded + " run");
            }
        }
        MnistFamily family = dataset(options.dataset);
        DataSplits data = family.load(options.dataDir, options.validationFraction, options.seed);
        LabeledImages train = start.trainView().apply(data.train());
        LabeledImages validationImages = data.validation() == null ? null : start.evalView().apply(data.validation());
        LabeledImages testImages = start.evalView().apply(data.test());
        if (limit != null) {
            train = train.limit(limit);
        }
        float[][] meanStd = train.channelMeanStd();
        InputChecks.beforeTraining(options, preset.batchSize(), data, train, meanStd);
        ImageTransform trainTransform = preset.augmentation().train(preset.imageSize(), train);
        ImageTransform evalTransform = preset.augmentation().eval(preset.imageSize(), train);
        ImageBatches trainBatches = batches(train, true, trainTransform, meanStd);
        ImageBatches validation = validationImages == null ? null
                : batches(validationImages, false, evalTransform, meanStd);
        ImageBatches test = batches(testImages, false, evalTransform, meanStd);
        OptimizerSettings constant = OptimizerSettings.of(preset.optimizer(), preset.learningRate(),
                preset.weightDecay());
        // made once per run: a plateau schedule keeps state; --schedule replaces the preset's
        Tracker schedule = preset.learningRateTracker(trainBatches.numBatches());
        int channels = (int) trainBatches.itemShape().get(0);
        int size = (int) trainBatches.itemShape().get(1);
        int classes = train.classNames().size();
        Block network = start.initFrom() == null ? recipe.network(channels, size, classes)
                : recipe.initialiseFrom(start.initFrom(), channels, size, classes);
        Tracker rates = schedule;
        if (start.freezeFeatures() || start.backboneLrScale() != null) {
            ClassifierBlock classifier = recipe.classifierBlock(network);
            classifier.freezeFeatures(start.freezeFeatures());
            if (start.backboneLrScale() != null) {
                rates = new DiscriminativeLearningRate(schedule, classifier, start.backboneLrScale());
            }
        }
        OptimizerSettings optimizer = new OptimizerSettings(constant.name(), rates, constant.weightDecay(),
                constant.momentum());

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("module", recipe.module());
        config.put("network", recipe.networkName());
        config.putAll(recipe.recipeConfig());
        config.put("preset", preset.name());
        config.put("dataset", data.name());
        config.put("epochs", preset.epochs());
        config.put("batch_size", preset.batchSize());
        config.put("optimizer", optimizer.name());
        config.put("lr", preset.learningRate());
        config.put("schedule", preset.schedule());
        config.put("weight_decay", preset.weightDecay());
        config.put("train_transform", trainTransform.toString());
        config.put("eval_transform", evalTransform.toString());
        config.put("momentum", optimizer.momentum());
        config.put("seed", options.seed);
        config.put("image_size", size);
        config.put("train_images", train.size());
        config.put("validation_images", validationImages == null ? 0 : validationImages.size());
        config.put("test_images", testImages.size());
        config.put("normalize_mean", meanStd[0]);
        config.put("normalize_std", meanStd[1]);
        config.put("threads", options.threads);
        config.put("data_dir", options.dataDir == null ? null : options.dataDir.toString());
        config.put("init_from", start.initFrom() == null ? null : start.initFrom().toString());
        config.put("freeze", start.freezeFeatures() ? "features" : "none");
        config.put("backbone_lr_scale", start.backboneLrScale());
        config.put(Recipes.COMMAND_LINE, Recipes.withoutResume(recipe.spec));

        List<String> overrides = options.presetOverrides();
        recipe.spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s, preset %s (%s)%s%n", recipe.networkName(),
                data.name(), preset.name(), preset.description(), overrides.isEmpty() ? "" : ", changed by "
                        + String.join(", ", overrides));
        recipe.spec.commandLine().getOut().flush();
        writeSpec(channels, size, train, evalTransform, meanStd);
        BatchMix mix = options.batchMix(classes);
        ClassificationTask.Builder task = ClassificationTask.builder()
                .network(recipe.networkName(), network)
                .inputShape(trainBatches.batchShape())
                .optOptimizer(optimizer)
                .classNames(train.classNames())
                .optLoss(recipe.loss(mix == null ? Loss.softmaxCrossEntropyLoss()
                        : new SoftLabelCrossEntropyLoss("SoftmaxCrossEntropyLoss")));
        if (mix != null) {
            task.optBatchMix(mix);
            config.put("batch_mix", mix.toString());
        }
        LoopSettings.Builder loop = TrainingLoop.builder();
        if (schedule instanceof EpochListener listener) {
            loop.addListener(listener); // the plateau schedule reads the epoch's metrics
        }
        EarlyStopping stopping = options.earlyStopping();
        if (stopping != null) {
            loop.addListener(stopping);
            // best.ckpt and the restored weights are then of the same epoch
            loop.optMonitor(stopping.monitor(), stopping.maximises() ? MonitorMode.MAX : MonitorMode.MIN);
            config.put("early_stopping", Map.of("monitor", stopping.monitor(), "mode", stopping.maximises() ? "max"
                    : "min", "patience", options.patience, "min_delta", options.minDelta, "restore_best",
                    options.restoreBest));
        }
        BatchListener clipping = options.gradientClipping();
        if (clipping != null) {
            loop.addBatchListener(clipping);
            config.put("gradient_clipping", clipping.toString());
        }
        return loop
                .task(task.build())
                .optName(recipe.networkName())
                .trainData(trainBatches)
                .optValidationData(validation)
                .optTestData(test)
                .epochs(preset.epochs())
                .optSeed(options.seed)
                .optRunDirectory(dir)
                .optConfig(config)
                .optResume(options.resume != null)
                .build()
                .run();
    }


    /** Writes classifier.json, so that {@link Classifier#load} rebuilds the run; says so if it cannot. */
    private void writeSpec(int channels, int size, LabeledImages train, ImageTransform evalTransform,
            float[][] meanStd) {
        Architecture architecture = recipe.architecture();
        try {
            if (architecture == null) {
                throw new IllegalArgumentException(recipe.networkName() + " has no registry name");
            }
            new ClassifierSpec(architecture, recipe.networkName(), train.classNames(), new Shape(channels, size, size),
                    train.height(), train.width(), evalTransform.toString(), new Normalization(meanStd[0], meanStd[1]))
                    .write(dir.path());
        } catch (IllegalArgumentException e) {
            recipe.spec.commandLine().getOut().println("note: this run cannot be reloaded with Classifier.load: "
                    + e.getMessage());
        }
    }


    private ImageBatches batches(LabeledImages images, boolean training, ImageTransform transform,
            float[][] meanStd) {
        return ImageBatches.builder().source(images).batchSize(preset.batchSize()).optShuffle(training)
                .optSeed(options.seed).optTransform(transform).optNormalize(meanStd[0], meanStd[1]).build();
    }


    private static MnistFamily dataset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fashion-mnist", "fashion_mnist", "fashionmnist" -> MnistFamily.FASHION_MNIST;
            case "mnist" -> MnistFamily.MNIST;
            default -> throw new IllegalArgumentException("unknown --dataset '" + name
                    + "'; expected fashion-mnist or mnist");
        };
    }
}
