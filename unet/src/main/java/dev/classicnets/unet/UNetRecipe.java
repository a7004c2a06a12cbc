package dev.classicnets.unet;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.classicnets.common.augment.ElasticDeformation;
import dev.classicnets.common.callback.EpochListener;
import dev.classicnets.common.callback.MonitorMode;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.cli.TrainOptions;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.MaskedImages;
import dev.classicnets.common.loss.BorderWeightMap;
import dev.classicnets.common.loss.SegmentationLosses;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.SegmentationTask;
import dev.classicnets.common.train.EarlyStopping;
import dev.classicnets.common.train.LoopSettings;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Trains a U-Net on Fashion-MNIST scenes, synthetic shapes or your own folder of images and masks, and
 * segments images with a trained run ({@code --predict}).
 *
 * <pre>
 * mvn -q -pl unet -am test-compile exec:java                                  # cpu preset, Fashion-MNIST scenes
 * mvn -q -pl unet -am test-compile exec:java -Dexec.args="--data shapes"
 * mvn -q -pl unet -am test-compile exec:java -Dexec.args="--preset paper --summary --classes 2"
 * mvn -q -pl unet -am test-compile exec:java -Dexec.args="--predict a.png b.png --run runs/unet/20261201-2200"
 * </pre>
 */
@Command(name = "unet", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train U-Net (Ronneberger, Fischer & Brox 2015) for segmentation, or segment images with a run.")
public final class UNetRecipe implements Callable<Integer> {

    /** The network's name in the run: its parameter files are {@code unet-NNNN.params}. */
    static final String NETWORK = "unet";

    @Mixin
    TrainOptions options;

    @Mixin
    SegmentationOptions segmentation;

    @Spec
    CommandSpec spec;

    public static void main(String... args) {
        Recipes.main(new UNetRecipe(), args);
    }

    List<Preset<UNetSettings>> presets() {
        return UNetPresets.all();
    }

    private Preset<UNetSettings> preset() {
        List<Preset<UNetSettings>> all = presets();
        Preset<UNetSettings> chosen = all.stream().filter(p -> p.name().equalsIgnoreCase(options.preset)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown --preset '" + options.preset
                        + "'; expected one of " + all.stream().map(Preset::name).collect(Collectors.joining(", "))));
        Preset<UNetSettings> p = options.resolve(chosen, SegmentationTask.MONITORABLE);
        return p.withNetwork(segmentation.resolve(p.network()));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (options.threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", options.threads.toString());
        }
        if (segmentation.predict != null) {
            if (segmentation.run == null) {
                throw new IllegalArgumentException("--predict needs --run DIR, the run directory of a trained U-Net");
            }
            Path target = options.out != null ? options.out : segmentation.run.resolve("predictions");
            MaskPrediction.run(segmentation.run, segmentation.predict, target, out);
            out.flush();
            return 0;
        }
        Preset<UNetSettings> preset = preset();
        OptimizerSettings.of(preset.optimizer(), preset.learningRate(), preset.weightDecay()); // validated first
        if (options.summary) {
            return summary(preset, out);
        }
        RunDirectory dir = options.resume != null ? RunDirectory.at(options.resume)
                : options.out != null ? RunDirectory.at(options.out) : RunDirectory.create(Path.of("runs"), "unet");
        try (RunResult result = train(preset, dir, out)) {
            out.printf(Locale.ROOT, "test mIoU %.4f, pixel accuracy %.4f, Dice %.4f (%s, %d epochs, %s)%n",
                    result.number("test_mean_iou"), result.number("test_pixel_accuracy"), result.number("test_dice"),
                    preset.network().networkName(), (int) result.number("epochs_run"), dir);
        }
        out.flush();
        return 0;
    }

    private int summary(Preset<UNetSettings> preset, PrintWriter out) {
        boolean classesGiven = spec.commandLine().getParseResult().hasMatchedOption("--classes");
        int classes = classesGiven ? options.classes : switch (preset.network().data()) {
            case "shapes" -> 4;
            case "fashion-scenes" -> 11;
            default -> segmentation.classNames == null ? 2 : segmentation.classNames.size();
        };
        int channels = options.channels != null ? options.channels : 1;
        Shape input = new Shape(1, channels, preset.imageSize(), preset.imageSize());
        UNet net = preset.network().network(classes);
        ModelSummary summary = ModelSummary.of(net, input, 3);
        out.print(preset.network().networkName() + " for " + channels + "x" + preset.imageSize() + "x"
                + preset.imageSize() + " input, " + classes + " classes: " + net + "\n" + summary.format());
        out.flush();
        return 0;
    }

    /** Loads the data and trains as {@code preset} says, writing the run into {@code dir}. */
    RunResult train(Preset<UNetSettings> preset, RunDirectory dir, PrintWriter out) throws IOException {
        UNetSettings s = preset.network();
        if (options.resume != null) {
            Object recorded = RunDirectory.readJson(dir.resolve(RunDirectory.CONFIG)).get("module");
            if (!"unet".equals(recorded)) {
                throw new IllegalArgumentException("cannot resume " + dir + " with the unet recipe: it is a " + recorded
                        + " run");
            }
        }
        SegmentationData data = SegmentationData.load(s, segmentation, preset.imageSize(), options.dataDir,
                options.validationFraction, options.seed);
        MaskedImages train = data.train();
        if (options.limit != null && options.limit < train.size()) {
            int[] first = java.util.stream.IntStream.range(0, options.limit).toArray();
            train = SegmentationData.view(train, first);
        }
        float[][] meanStd = data.normalisation();
        ImageBatches.Builder trainBuilder = ImageBatches.builder().source(train).batchSize(preset.batchSize())
                .optShuffle(true).optSeed(options.seed).optNormalize(meanStd[0], meanStd[1]);
        if (s.elastic()) {
            trainBuilder.optJointTransform(ElasticDeformation.paper());
        }
        ImageBatches trainBatches = trainBuilder.build();
        ImageBatches validation = data.validation() == null ? null : evaluationBatches(data.validation(), preset,
                meanStd);
        ImageBatches test = evaluationBatches(data.test(), preset, meanStd);
        List<String> classNames = train.classNames();
        int ignore = segmentation.ignoreIndex == null ? SegmentationLosses.NO_IGNORE : segmentation.ignoreIndex;
        float[] classWeights = null;
        if (segmentation.classWeights != null) {
            classWeights = new float[segmentation.classWeights.size()];
            for (int i = 0; i < classWeights.length; i++) {
                classWeights[i] = segmentation.classWeights.get(i);
            }
        }
        Loss loss = SegmentationLosses.parse(s.loss(), classNames.size(), ignore, classWeights,
                s.weightMap() ? BorderWeightMap.paper(ignore) : null);
        OptimizerSettings constant = OptimizerSettings.of(preset.optimizer(), preset.learningRate(),
                preset.weightDecay());
        Tracker schedule = preset.learningRateTracker(trainBatches.numBatches());
        OptimizerSettings optimizer = new OptimizerSettings(constant.name(), schedule, constant.weightDecay(),
                s.momentum() > 0 && constant.momentum() > 0 ? s.momentum() : constant.momentum());

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("module", "unet");
        config.put("network", s.networkName());
        config.put("unet", Map.of("padded", s.padded(), "depth", s.depth(), "base_width", s.baseWidth(), "batch_norm",
                s.batchNorm(), "upsampling", s.upsampling().name()));
        config.put("preset", preset.name());
        config.put("dataset", data.name());
        config.put("class_names", classNames);
        config.put("channels", train.channels());
        config.put("image_size", preset.imageSize());
        config.put("train_images", train.size());
        config.put("validation_images", data.validation() == null ? 0 : data.validation().size());
        config.put("test_images", data.test().size());
        config.put("loss", loss.getName());
        config.put("elastic", s.elastic());
        config.put("ignore_index", segmentation.ignoreIndex);
        config.put("epochs", preset.epochs());
        config.put("batch_size", preset.batchSize());
        config.put("optimizer", optimizer.name());
        config.put("momentum", optimizer.momentum());
        config.put("lr", preset.learningRate());
        config.put("schedule", preset.schedule());
        config.put("weight_decay", preset.weightDecay());
        config.put("seed", options.seed);
        config.put("normalize_mean", meanStd[0]);
        config.put("normalize_std", meanStd[1]);
        config.put("threads", options.threads);
        config.put("command_line", withoutResume(spec.commandLine().getParseResult().originalArgs()));

        List<String> overrides = options.presetOverrides();
        out.printf(Locale.ROOT, "%s on %s, preset %s (%s)%s%n", s.networkName(), data.name(), preset.name(),
                preset.description(), overrides.isEmpty() ? "" : ", changed by " + String.join(", ", overrides));
        out.flush();
        SegmentationTask task = SegmentationTask.builder()
                .network(NETWORK, s.network(classNames.size()))
                .inputShape(trainBatches.batchShape())
                .optOptimizer(optimizer)
                .optLoss(loss)
                .classNames(classNames)
                .optIgnoreIndex(ignore)
                .build();
        LoopSettings.Builder loop = TrainingLoop.builder();
        if (schedule instanceof EpochListener listener) {
            loop.addListener(listener);
        }
        EarlyStopping stopping = options.earlyStopping();
        if (stopping != null) {
            loop.addListener(stopping);
            loop.optMonitor(stopping.monitor(), stopping.maximises() ? MonitorMode.MAX : MonitorMode.MIN);
        }
        if (options.gradientClipping() != null) {
            loop.addBatchListener(options.gradientClipping());
        }
        return loop.task(task).optName(NETWORK).trainData(trainBatches).optValidationData(validation).optTestData(test)
                .epochs(preset.epochs()).optSeed(options.seed).optRunDirectory(dir).optConfig(config)
                .optResume(options.resume != null).build().run();
    }

    /** The command line without {@code --resume DIR}: what {@code --resume} replays. */
    private static List<String> withoutResume(List<String> args) {
        List<String> kept = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--resume")) {
                i++;
            } else if (!args.get(i).startsWith("--resume=")) {
                kept.add(args.get(i));
            }
        }
        return kept;
    }

    private ImageBatches evaluationBatches(MaskedImages images, Preset<UNetSettings> preset, float[][] meanStd) {
        return ImageBatches.builder().source(images).batchSize(preset.batchSize()).optShuffle(false)
                .optSeed(options.seed).optNormalize(meanStd[0], meanStd[1]).build();
    }
}
