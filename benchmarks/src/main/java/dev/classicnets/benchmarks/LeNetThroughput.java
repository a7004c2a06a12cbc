package dev.classicnets.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
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
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.ClassifierTraining;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainStep;
import dev.classicnets.lenet.LeNet5;
import java.io.IOException;
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
 * then a full Fashion-MNIST epoch through our data pipeline and loop, whose shortfall against the
 * pure step is the pipeline's cost. Runs each side {@code --rounds} times, alternating, and keeps
 * the median, so a noisy moment hurts both alike. Prints a table and writes JSON.
 */
@Command(name = "lenet-throughput", mixinStandardHelpOptions = true,
        description = "LeNet-5 training throughput: ClassicNets vs PyTorch (images/s, batch 128, 28x28).")
public final class LeNetThroughput implements Callable<Integer> {

    @Option(names = "--threads", description = "Threads for libtorch and torch (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int threads;

    @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--steps", defaultValue = "300", description = "Timed steps per round (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds per side (default: ${DEFAULT-VALUE}).")
    int rounds;

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
        for (int r = 0; r < rounds; r++) {
            if (!"none".equals(python)) {
                JsonObject t = runTorch();
                torch.add(t.get("step_images_per_second").getAsDouble());
                torchVersion = t.get("framework").getAsString();
            }
            djl.add(stepRate(false));
            ours.add(stepRate(true));
            System.out.printf(Locale.ROOT, "round %d: pytorch %s, djl %.0f, classicnets %.0f images/s%n", r + 1,
                    torch.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", torch.get(r)), djl.get(r), ours.get(r));
        }
        double epochRate = epochRate();

        double torchMedian = median(torch);
        double djlMedian = median(djl);
        double oursMedian = median(ours);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("machine", machine());
        result.put("threads", threads);
        result.put("batch_size", batchSize);
        result.put("steps_per_round", steps);
        result.put("pytorch", torchVersion);
        result.put("pytorch_step_images_per_second", torchMedian);
        result.put("djl_easytrain_step_images_per_second", djlMedian);
        result.put("classicnets_step_images_per_second", oursMedian);
        result.put("classicnets_epoch_images_per_second", epochRate);
        result.put("classicnets_vs_pytorch", oursMedian / torchMedian);
        result.put("djl_easytrain_vs_pytorch", djlMedian / torchMedian);
        result.put("data_pipeline_cost", 1 - epochRate / oursMedian);
        result.put("rounds", Map.of("pytorch", torch, "djl_easytrain", djl, "classicnets", ours));

        System.out.println();
        System.out.printf(Locale.ROOT, "LeNet-5 training, batch %d, 28x28, Adam, %d threads (%s)%n", batchSize,
                threads, machine());
        System.out.printf(Locale.ROOT, "| %-44s | %10s | %10s |%n", "what", "images/s", "vs PyTorch");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%n", "-".repeat(46), "-".repeat(12), "-".repeat(12));
        row("PyTorch " + (torchVersion == null ? "(skipped)" : torchVersion) + " step", torchMedian, torchMedian);
        row("DJL EasyTrain.trainBatch + trainer.step()", djlMedian, torchMedian);
        row("ClassicNets TrainStep", oursMedian, torchMedian);
        row("ClassicNets full epoch (data pipeline + loop)", epochRate, torchMedian);
        System.out.printf(Locale.ROOT, "data pipeline cost: %.1f%% of an epoch%n", 100 * (1 - epochRate / oursMedian));
        Files.createDirectories(json.toAbsolutePath().getParent());
        RunDirectory.writeAtomically(json, (RunDirectory.gson().toJson(result) + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + json);
        return 0;
    }

    private static void row(String what, double rate, double torch) {
        System.out.printf(Locale.ROOT, "| %-44s | %10.0f | %10s |%n", what, rate,
                Double.isNaN(torch) ? "-" : String.format(Locale.ROOT, "%.2fx", rate / torch));
    }

    private JsonObject runTorch() throws IOException, InterruptedException {
        Path script = Path.of("benchmarks/torch_lenet.py");
        if (!Files.exists(script)) {
            script = Path.of("torch_lenet.py");
        }
        Process p = new ProcessBuilder(python, script.toString(), "--threads", Integer.toString(threads),
                "--batch-size", Integer.toString(batchSize), "--steps", Integer.toString(steps), "--repeats", "1")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IOException(python + " " + script + " failed (exit " + p.exitValue() + "); install PyTorch with "
                    + "`apt-get install -y python3-torch libopenblas0-openmp`, or pass --python none");
        }
        return JsonParser.parseString(out.lines().reduce((a, b) -> b).orElseThrow()).getAsJsonObject();
    }

    /** Images/s of the pure training step on one fixed random batch. */
    private double stepRate(boolean classicNets) {
        Engine.getInstance().setRandomSeed(0);
        try (Model model = Model.newInstance("lenet5");
                NDManager data = NDManager.newBaseManager()) {
            model.setBlock(LeNet5.builder().build());
            Loss loss = Loss.softmaxCrossEntropyLoss();
            OptimizerSettings adam = OptimizerSettings.of("adam", 1e-3f, 0f);
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(adam.build());
            if (!classicNets) {
                // what DJL's examples and the d2l book set up: accuracy, loss and divergence tracked per batch
                config.addEvaluator(new Accuracy()).addTrainingListeners(TrainingListener.Defaults.basic());
            }
            try (Trainer trainer = model.newTrainer(config)) {
                Shape shape = new Shape(batchSize, 1, 28, 28);
                trainer.initialize(shape);
                NDList x = new NDList(data.randomNormal(shape));
                NDList y = new NDList(data.randomInteger(0, 10, new Shape(batchSize), DataType.INT64));
                TrainStep step = new TrainStep(trainer, loss);
                // Both sides copy the batch into a per-step manager, as a data loader hands over a new one.
                Runnable once = () -> {
                    try (NDManager bm = data.newSubManager()) {
                        NDList bx = new NDList(x.head().duplicate());
                        NDList by = new NDList(y.head().duplicate());
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
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    once.run();
                }
                return steps * (double) batchSize / ((System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** Images/s of one real Fashion-MNIST epoch through ImageBatches and ClassifierTraining. */
    private double epochRate() throws IOException {
        DataSplits data = MnistFamily.FASHION_MNIST.load(dataDir, 0, 0);
        ImageBatches train = ImageBatches.builder().source(data.train()).batchSize(batchSize)
                .optNormalize(new float[] {0.286f}, new float[] {0.353f}).build();
        RunResult r = ClassifierTraining.builder().network(LeNet5.builder().build()).trainData(train).epochs(1)
                .optProgress(false).build().run();
        return r.number("images_per_second");
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
