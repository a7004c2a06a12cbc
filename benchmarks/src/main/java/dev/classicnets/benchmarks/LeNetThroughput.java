package dev.classicnets.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import com.google.gson.JsonParser;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.PadAndRandomCrop;
import dev.classicnets.common.augment.RandomErasing;
import dev.classicnets.common.augment.RandomHorizontalFlip;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.train.TrainingLoop;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.task.TrainStep;
import dev.classicnets.lenet.LeNet5;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * LeNet-5 training throughput, ClassicNets against PyTorch on the same machine in one run: the
 * pure training step (one fixed batch: forward, loss, backward, Adam update, loss read back) in
 * PyTorch, in DJL's own {@code EasyTrain.trainBatch + trainer.step()}, and in our {@link TrainStep};
 * then a real Fashion-MNIST epoch through our data pipeline and loop, where the
 * time the loop waits for its next batch is the pipeline's cost. Runs blocks of short rounds of each
 * side in turn and keeps the median, so that a noisy moment hurts all alike. Prints a table and
 * writes JSON.
 */
@Command(name = "lenet-throughput", mixinStandardHelpOptions = true,
        description = "LeNet-5 training throughput: ClassicNets vs PyTorch (images/s, batch 128, 28x28).")
public final class LeNetThroughput implements Callable<Integer> {

    @Option(names = "--threads", description = "Threads for libtorch and torch (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int threads;

    @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--steps", defaultValue = "100", description = "Timed steps per round (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "20", description = "Untimed steps before each round, on "
            + "both sides, so that each is measured in its steady state (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds per block (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--blocks", defaultValue = "3", description = "Blocks per side, taken in turn "
            + "(default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python with torch (default: ${DEFAULT-VALUE}); 'none' skips PyTorch.")
    String python;

    @Option(names = "--data-dir", description = "Fashion-MNIST IDX folder (default: the standard places).")
    Path dataDir;

    @Option(names = "--json", defaultValue = "benchmarks/results/lenet-throughput.json",
            description = "Where to write the results (default: ${DEFAULT-VALUE}).")
    Path json;

    public static void main(String[] args) {
        Recipes.main(new LeNetThroughput(), args);
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        List<Double> torch = new ArrayList<>();
        List<Double> djl = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        String torchVersion = null;
        try (Stepper djlStep = new Stepper(false, batchSize); Stepper ourStep = new Stepper(true, batchSize)) {
            // Blocks of rounds, each side in turn. PyTorch runs in a process that lives only for its own
            // block: with an idle torch process beside it, the JVM's steps ran 30-40% slower on this
            // 2-core VM (a cause we have not pinned down), which would have skewed the comparison.
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < 3; k++) {
                    int side = (b + k) % 3;
                    if (side == 0 && !"none".equals(python)) {
                        try (TorchPeer peer = new TorchPeer(python, threads, batchSize)) {
                            torchVersion = peer.version;
                            for (int r = 0; r < rounds; r++) {
                                torch.add(peer.run(warmup, steps));
                            }
                        }
                    }
                    for (int r = 0; r < rounds && side != 0; r++) {
                        (side == 1 ? djl : ours).add((side == 1 ? djlStep : ourStep).run(warmup, steps));
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "step rounds, images/s:%n  pytorch     %s%n  djl         %s%n  classicnets %s%n",
                rates(torch), rates(djl), rates(ours));
        EpochFigures epoch = epochs(ImageTransform.identity());
        EpochFigures augmented = epochs(new RandomHorizontalFlip(0.5).andThen(new PadAndRandomCrop(2))
                .andThen(new RandomErasing(0.5)));

        double torchMedian = median(torch);
        double djlMedian = median(djl);
        double oursMedian = median(ours);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("machine", machine());
        result.put("threads", threads);
        result.put("batch_size", batchSize);
        result.put("steps_per_round", steps);
        result.put("rounds", blocks * rounds);
        result.put("warmup_steps_per_round", warmup);
        result.put("pytorch", torchVersion);
        result.put("pytorch_step_images_per_second", torchMedian);
        result.put("djl_easytrain_step_images_per_second", djlMedian);
        result.put("classicnets_step_images_per_second", oursMedian);
        result.put("classicnets_epoch_images_per_second", epoch.imagesPerSecond);
        result.put("classicnets_vs_pytorch", oursMedian / torchMedian);
        result.put("djl_easytrain_vs_pytorch", djlMedian / torchMedian);
        result.put("data_pipeline_share_of_epoch", epoch.dataShare);
        result.put("classicnets_augmented_epoch_images_per_second", augmented.imagesPerSecond);
        result.put("data_pipeline_share_of_augmented_epoch", augmented.dataShare);
        result.put("all_rounds", Map.of("pytorch", torch, "djl_easytrain", djl, "classicnets", ours));

        System.out.println();
        System.out.printf(Locale.ROOT, "LeNet-5 training step, batch %d, 28x28, Adam, %d threads, median of %d rounds "
                + "of %d steps after %d untimed (%s)%n", batchSize, threads, blocks * rounds, steps, warmup, machine());
        System.out.printf(Locale.ROOT, "| %-50s | %10s | %10s |%n", "what", "images/s", "vs PyTorch");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%n", "-".repeat(52), "-".repeat(12), "-".repeat(12));
        row((torchVersion == null ? "PyTorch (skipped)" : torchVersion) + " training step", torchMedian, torchMedian);
        row("DJL EasyTrain.trainBatch + trainer.step()", djlMedian, torchMedian);
        row("ClassicNets TrainStep", oursMedian, torchMedian);
        row("ClassicNets epoch (Fashion-MNIST, pipeline + loop)", epoch.imagesPerSecond, torchMedian);
        row("  the same with flip, pad-2 crop, random erasing", augmented.imagesPerSecond, torchMedian);
        System.out.printf(Locale.ROOT, "data pipeline: %.1f%% of the epoch, %.1f%% with augmentation (time the loop "
                + "waited for a batch)%n", 100 * epoch.dataShare, 100 * augmented.dataShare);
        Files.createDirectories(json.toAbsolutePath().getParent());
        RunDirectory.writeAtomically(json, (RunDirectory.gson().toJson(result) + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + json);
        return 0;
    }

    private static void row(String what, double rate, double torch) {
        System.out.printf(Locale.ROOT, "| %-50s | %10.0f | %10s |%n", what, rate,
                Double.isNaN(torch) ? "-" : String.format(Locale.ROOT, "%.2fx", rate / torch));
    }

    private static String rates(List<Double> xs) {
        return xs.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList().toString();
    }

    /** PyTorch in a long-lived Python process that runs rounds of steps on request. */
    private static final class TorchPeer implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;
        final String version;

        TorchPeer(String python, int threads, int batchSize) throws IOException {
            Path script = Path.of("benchmarks/torch_lenet.py");
            if (!Files.exists(script)) {
                script = Path.of("torch_lenet.py");
            }
            process = new ProcessBuilder(python, script.toString(), "--threads", Integer.toString(threads),
                    "--batch-size", Integer.toString(batchSize)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String header = out.readLine();
            if (header == null) {
                throw new IOException(python + " " + script + " did not start; install PyTorch with "
                        + "`apt-get install -y python3-torch libopenblas0-openmp`, or pass --python none");
            }
            version = JsonParser.parseString(header).getAsJsonObject().get("framework").getAsString();
        }

        double run(int warmup, int steps) throws IOException {
            in.println("run " + steps + " " + warmup);
            String line = out.readLine();
            if (line == null) {
                throw new IOException("the PyTorch process ended unexpectedly");
            }
            return JsonParser.parseString(line).getAsJsonObject().get("images_per_second").getAsDouble();
        }

        @Override
        public void close() throws InterruptedException {
            in.println("quit");
            process.waitFor();
        }
    }

    /** One side's training step on one fixed random batch, warmed up and ready to run rounds. */
    private static final class Stepper implements AutoCloseable {
        private final Model model;
        private final NDManager data;
        private final Trainer trainer;
        private final Runnable once;
        private final int batchSize;

        Stepper(boolean classicNets, int batchSize) {
            this.batchSize = batchSize;
            Engine.getInstance().setRandomSeed(0);
            model = Model.newInstance("lenet5");
            data = NDManager.newBaseManager();
            model.setBlock(LeNet5.builder().build());
            Loss loss = Loss.softmaxCrossEntropyLoss();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(OptimizerSettings.of("adam", 1e-3f, 0f).build());
            if (!classicNets) {
                // what DJL's examples and the d2l book set up: accuracy, loss and divergence tracked per batch
                config.addEvaluator(new Accuracy()).addTrainingListeners(TrainingListener.Defaults.basic());
            }
            trainer = model.newTrainer(config);
            Shape shape = new Shape(batchSize, 1, 28, 28);
            trainer.initialize(shape);
            NDArray x = data.randomNormal(shape);
            NDArray y = data.randomInteger(0, 10, new Shape(batchSize), DataType.INT64);
            TrainStep step = new TrainStep(trainer, loss);
            // Both sides copy the batch into a per-step manager, as a data loader hands over a new one.
            once = () -> {
                try (NDManager bm = data.newSubManager()) {
                    NDList bx = new NDList(x.duplicate());
                    NDList by = new NDList(y.duplicate());
                    bx.attach(bm);
                    by.attach(bm);
                    if (classicNets) {
                        step.run(bx, by);
                    } else {
                        Batch batch = new Batch(bm, bx, by, batchSize, Batchifier.STACK, Batchifier.STACK, 0, 1);
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                    }
                }
            };
            for (int i = 0; i < 30; i++) {
                once.run();
            }
        }

        double run(int warmup, int steps) {
            for (int i = 0; i < warmup; i++) {
                once.run();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                once.run();
            }
            return steps * (double) batchSize / ((System.nanoTime() - t0) / 1e9);
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
            data.close();
        }
    }

    private record EpochFigures(double imagesPerSecond, double dataShare) {}

    /** Two real Fashion-MNIST epochs through ImageBatches and the training loop; the second is measured. */
    private EpochFigures epochs(ImageTransform augmentation) throws IOException {
        DataSplits data = MnistFamily.FASHION_MNIST.load(dataDir, 0, 0);
        ImageBatches train = ImageBatches.builder().source(data.train()).batchSize(batchSize)
                .optTransform(augmentation).optNormalize(new float[] {0.286f}, new float[] {0.353f}).build();
        ClassificationTask task = ClassificationTask.builder().network("lenet5", LeNet5.builder().build())
                .inputShape(new Shape(1, 1, 28, 28)).classNames(data.classNames()).build();
        Map<String, Double> second;
        try (RunResult r = TrainingLoop.builder().task(task).trainData(train).epochs(2).optProgress(false).build()
                .run()) {
            second = r.history().get(1);
        }
        return new EpochFigures(train.numImages() / second.get("seconds"),
                second.get("data_seconds") / second.get("seconds"));
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version");
    }
}
