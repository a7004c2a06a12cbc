package dev.classicnets.vaegan;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.Require;
import dev.classicnets.common.callback.MonitorMode;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.Images;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.EarlyStopping;
import dev.classicnets.common.train.LoopSettings;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.Task;
import dev.classicnets.common.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Trains a VAE, a convolutional VAE, DCGAN or VAE-GAN on Fashion-MNIST (or MNIST), with the Fréchet
 * distance of its samples per epoch, or draws new images from a trained run:
 *
 * <pre>
 * mvn -q -pl vae-gan -am test-compile exec:java -Dexec.args="--model dcgan"
 * mvn -q -pl vae-gan -am test-compile exec:java -Dexec.args="--sample 64 --run runs/vae-gan/&lt;run&gt;"
 * </pre>
 */
@Command(name = "vae-gan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a VAE (Kingma & Welling 2014), DCGAN (Radford et al. 2015) or VAE-GAN (Larsen et al. "
                + "2016), or sample from a trained run.")
public final class VaeGanRecipe implements Callable<Integer> {

    static final String MODULE = "vae-gan";

    @Mixin
    GenerativeOptions o;

    @Spec
    CommandSpec spec;

    public static void main(String... args) {
        Recipes.main(new VaeGanRecipe(), args);
    }

    @Override
    public Integer call() throws IOException {
        o.checkRunOptions();
        if (o.threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", o.threads.toString());
        }
        if (o.sample != null) {
            return sample();
        }
        Preset<ModelSettings> preset = preset();
        RunDirectory dir = o.resume != null ? RunDirectory.at(o.resume)
                : o.out != null ? RunDirectory.at(o.out) : RunDirectory.create(Path.of("runs"), MODULE);
        PrintWriter out = spec.commandLine().getOut();
        try (RunResult r = train(preset, dir)) {
            StringBuilder line = new StringBuilder(o.model + ":");
            r.summary().forEach((k, v) -> {
                if (k.startsWith("test_") && v instanceof Number n) {
                    line.append(String.format(Locale.ROOT, " %s %.4f", k, n.doubleValue()));
                }
            });
            Map<String, Double> last = r.history().get(r.history().size() - 1);
            if (last.containsKey("frechet_distance")) {
                line.append(String.format(Locale.ROOT, ", Frechet distance %.3f (real-vs-real %.3f)",
                        last.get("frechet_distance"), last.get("frechet_baseline")));
            }
            out.println(line.append(String.format(Locale.ROOT, ", %d epochs, %.0f s, %s",
                    (int) r.number("epochs_run"), r.number("seconds"), dir)));
        }
        out.flush();
        return 0;
    }

    /** The preset of {@code --model} named by {@code --preset}, with the command line's overrides, checked. */
    Preset<ModelSettings> preset() {
        List<Preset<ModelSettings>> all = ModelSettings.presets(o.model);
        Preset<ModelSettings> p = all.stream().filter(x -> x.name().equalsIgnoreCase(o.preset)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown --preset '" + o.preset + "'; expected cpu or "
                        + "paper"));
        ModelSettings s = p.network();
        VaeLosses.Reconstruction rec = switch (o.reconstruction.toLowerCase(Locale.ROOT)) {
            case "bernoulli" -> VaeLosses.Reconstruction.BERNOULLI;
            case "gaussian" -> VaeLosses.Reconstruction.GAUSSIAN;
            default -> throw new IllegalArgumentException("unknown --reconstruction '" + o.reconstruction
                    + "'; expected bernoulli or gaussian");
        };
        Require.that(o.latent == null || o.latent >= 1, "--latent must be at least 1, got " + o.latent);
        Require.that(o.filters == null || o.filters >= 1, "--filters must be at least 1, got " + o.filters);
        Require.that(o.gamma == null || (o.gamma >= 0 && Float.isFinite(o.gamma)), "--gamma must be >= 0, got "
                + o.gamma);
        Require.that(o.beta >= 0 && Float.isFinite(o.beta), "--beta must be >= 0, got " + o.beta);
        s = s.withLatent(o.latent != null ? o.latent : s.latent()).withFilters(o.filters != null ? o.filters
                : s.filters()).withLosses(o.gamma != null ? o.gamma : s.gamma(), o.beta, rec);
        Preset<ModelSettings> r = p.with(o.epochs != null ? o.epochs : p.epochs(),
                o.batchSize != null ? o.batchSize : p.batchSize(), o.lr != null ? o.lr : p.learningRate(),
                p.optimizer(), 0, o.imageSize != null ? o.imageSize : p.imageSize(), p.schedule()).withNetwork(s);
        Require.that(r.epochs() >= 1, "--epochs must be at least 1, got " + r.epochs());
        Require.that(r.batchSize() >= 2, "--batch-size must be at least 2 (batch norm), got " + r.batchSize());
        Require.that(r.learningRate() > 0 && Float.isFinite(r.learningRate()), "--lr must be > 0, got "
                + r.learningRate());
        Require.that(o.validationFraction > 0 || o.fdSamples == 0, "the Frechet baseline needs held-out images: "
                + "--validation 0 goes with --fd-samples 0");
        Require.that(o.limit == null || o.limit >= r.batchSize(), "--limit must be at least one batch ("
                + r.batchSize() + "), got " + o.limit);
        if (o.limit != null) {
            s = s.withTrainImages(o.limit);
            r = r.withNetwork(s);
        }
        Require.that(o.fdSamples == 0 || o.fdSamples >= 2, "--fd-samples must be 0 or at least 2, got " + o.fdSamples);
        GenerativeTasks.canvas(s, r.imageSize(), 28); // the MNIST family's side: one clear sentence before loading
        return r;
    }

    RunResult train(Preset<ModelSettings> preset, RunDirectory dir) throws IOException {
        if (o.resume != null) {
            Object recorded = RunDirectory.readJson(dir.resolve(RunDirectory.CONFIG)).get("module");
            Require.that(MODULE.equals(recorded), "cannot resume " + dir + " with the vae-gan recipe: it is a "
                    + recorded + " run");
        }
        ModelSettings s = preset.network();
        DataSplits data = family(o.dataset).load(o.dataDir, o.validationFraction, o.seed);
        Integer limit = o.limit != null ? o.limit : s.trainImages() > 0 ? Integer.valueOf(s.trainImages()) : null;
        Images train = limit == null ? data.train() : data.train().limit(limit);
        Shape pixels = new Shape(train.channels(), train.height(), train.width());
        PadAndScale canvas = GenerativeTasks.canvas(s, preset.imageSize(), train.height());
        OptimizerSettings optimizer = OptimizerSettings.of(preset.optimizer(), preset.learningRate(), 0)
                .withBeta1(s.beta1());

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("module", MODULE);
        config.put("model", s.model());
        config.put("preset", preset.name());
        config.put("dataset", data.name());
        config.put("settings", s);
        config.put("image_size", preset.imageSize());
        config.put("channels", train.channels());
        config.put("data_size", train.height());
        config.put("epochs", preset.epochs());
        config.put("batch_size", preset.batchSize());
        config.put("optimizer", preset.optimizer());
        config.put("lr", preset.learningRate());
        config.put("seed", o.seed);
        config.put("train_images", train.size());
        config.put("fd_samples", o.fdSamples);
        config.put("command_line", commandLine());
        spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s, preset %s (%s)%n", s.model(), data.name(),
                preset.name(), preset.description());
        spec.commandLine().getOut().flush();

        try (NDManager manager = NDManager.newBaseManager();
                FeatureNet features = o.fdSamples == 0 ? null : FeatureNet.trainedOrCached(Path.of("runs", MODULE,
                        "feature-net", o.dataset.toLowerCase(Locale.ROOT)), data, 1, 42)) {
            FrechetScore score = null;
            if (features != null) {
                score = new FrechetScore(features, data.test(), data.validation(), o.fdSamples, manager);
                config.put("feature_classifier_test_accuracy", features.testAccuracy());
                config.put("frechet_baseline", score.baseline());
            }
            Task task = GenerativeTasks.task(preset, optimizer, pixels, score, data.test());
            LoopSettings.Builder loop = TrainingLoop.builder().task(task).optName(s.model())
                    .trainData(batches(train, preset.batchSize(), true, canvas))
                    .optValidationData(data.validation() == null ? null : batches(data.validation(), 500, false,
                            canvas))
                    .optTestData(batches(data.test(), 500, false, canvas))
                    .epochs(preset.epochs()).optSeed(o.seed).optRunDirectory(dir).optResume(o.resume != null);
            String monitor = o.monitor != null ? o.monitor : task.bestEpochMetric(data.validation() != null);
            loop.optMonitor(monitor, MonitorMode.AUTO);
            if (o.patience > 0) {
                loop.addListener(EarlyStopping.builder().monitor(monitor).patience(o.patience)
                        .optRestoreBestWeights(o.restoreBest).build());
                config.put("early_stopping", Map.of("monitor", monitor, "patience", o.patience));
            }
            return loop.optConfig(config).build().run();
        }
    }

    private ImageBatches batches(Images images, int batchSize, boolean training, PadAndScale canvas) {
        ImageBatches.Builder b = ImageBatches.builder().source(new Unlabeled(images)).batchSize(batchSize)
                .optShuffle(training).optSeed(o.seed);
        if (canvas != null) { // tanh images in [-1, 1]
            float[] half = new float[images.channels()];
            java.util.Arrays.fill(half, 0.5f);
            b.optTransform(canvas).optNormalize(half, half);
        }
        return b.build();
    }

    /** Draws {@code --sample} images from the decoder of the run in {@code --run}. */
    private int sample() throws IOException {
        Require.that(o.run != null, "--sample needs the trained run to draw from (--run DIR)");
        Require.that(o.sample >= 1 && o.sample <= 10_000, "--sample must be in [1, 10000], got " + o.sample);
        RunDirectory dir = RunDirectory.at(o.run);
        Map<String, Object> config = RunDirectory.readJson(dir.resolve(RunDirectory.CONFIG));
        Require.that(MODULE.equals(config.get("module")), o.run + " is not a vae-gan run (its config.json says module "
                + config.get("module") + ")");
        ModelSettings s = RunDirectory.gson().fromJson(RunDirectory.gson().toJsonTree(config.get("settings")),
                ModelSettings.class);
        int side = ((Number) config.get("image_size")).intValue();
        int dataSide = ((Number) config.get("data_size")).intValue();
        Shape pixels = new Shape(((Number) config.get("channels")).intValue(), dataSide, dataSide);
        Block decoder = GenerativeTasks.decoder(s, side, pixels);
        String name = GenerativeTasks.decoderName(s);
        try (Model model = Model.newInstance(name); NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(decoder);
            try {
                model.load(dir.path(), name);
            } catch (MalformedModelException | IOException e) {
                throw new IOException("cannot load the " + name + " of " + o.run + ": " + e.getMessage(), e);
            }
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray images = GenerativeTasks.generation(s, side, pixels).sample(z -> decoder.forward(ps, z, false),
                    manager, o.sample, o.seed);
            Path target = dir.resolve(String.format(Locale.ROOT, "sample-%d-seed%d.png", o.sample, o.seed));
            Mosaic.write(images, (int) Math.ceil(Math.sqrt(o.sample)), o.sample + " new samples, seed " + o.seed, target);
            spec.commandLine().getOut().println("wrote " + target);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** This run's command line without {@code --resume DIR}: what a resume replays. */
    private List<String> commandLine() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--resume")) {
                args.remove(i);
                if (i < args.size()) {
                    args.remove(i);
                }
                i--;
            } else if (args.get(i).startsWith("--resume=")) {
                args.remove(i--);
            }
        }
        return args;
    }

    private static MnistFamily family(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fashion-mnist" -> MnistFamily.FASHION_MNIST;
            case "mnist" -> MnistFamily.MNIST;
            default -> throw new IllegalArgumentException("unknown --dataset '" + name + "'; expected fashion-mnist "
                    + "or mnist");
        };
    }
}
