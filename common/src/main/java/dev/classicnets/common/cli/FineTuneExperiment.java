package dev.classicnets.common.cli;

import dev.classicnets.common.cli.ClassifierRecipe.Start;
import dev.classicnets.common.report.LearningCurves;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The fine-tuning experiment, for any classifier recipe: pretrain on classes 0-4, then learn classes 5-9
 * from a few labels per class three ways — the pretrained features frozen (only a new head trains, batch
 * norm in inference mode), the whole pretrained network fine-tuned, and the same network from scratch —
 * with three seeds each; a table of test accuracy (mean ± sd) and the validation accuracy per epoch of
 * every run in one figure ({@code fine-tune.png}, data in {@code fine-tune.csv}).
 */
final class FineTuneExperiment<S> {
    static final int[] PRETRAIN_CLASSES = {0, 1, 2, 3, 4};
    static final int[] FINE_TUNE_CLASSES = {5, 6, 7, 8, 9};
    static final int PRETRAIN_IMAGES = 10_000;
    static final int PRETRAIN_EPOCHS = 5;
    static final int SEEDS = 3;
    static final String PNG = "fine-tune.png";
    static final String CSV = "fine-tune.csv";

    private static final List<String> MODES = List.of("frozen features", "full fine-tune", "from scratch");

    private final ClassifierRecipe<S> recipe;
    private final int labelsPerClass;
    private final int fineTuneEpochs;

    FineTuneExperiment(ClassifierRecipe<S> recipe, int labelsPerClass, int fineTuneEpochs) {
        if (labelsPerClass < 1) {
            throw new IllegalArgumentException("--labels-per-class must be at least 1, got " + labelsPerClass);
        }
        if (fineTuneEpochs < 1) {
            throw new IllegalArgumentException("--fine-tune-epochs must be at least 1, got " + fineTuneEpochs);
        }
        this.recipe = recipe;
        this.labelsPerClass = labelsPerClass;
        this.fineTuneEpochs = fineTuneEpochs;
    }

    int run(Preset<S> preset) throws IOException {
        TrainOptions options = recipe.options;
        if (options.resume != null || options.initFrom != null || !options.freeze.equals("none")) {
            throw new IllegalArgumentException("--experiment fine-tune pretrains and fine-tunes by itself; leave out "
                    + "--resume, --init-from and --freeze");
        }
        RunDirectory root = recipe.runDirectory();
        int images = options.limit != null ? options.limit : PRETRAIN_IMAGES;
        Preset<S> pretrain = options.epochs != null ? preset : withEpochs(preset, PRETRAIN_EPOCHS);
        Preset<S> fineTune = withEpochs(preset, fineTuneEpochs);
        PrintWriter out = recipe.spec.commandLine().getOut();
        Path pretrained = root.resolve("pretrain");
        UnaryOperator<dev.classicnets.common.data.LabeledImages> first = v -> v.selectClasses(PRETRAIN_CLASSES);
        try (RunResult r = recipe.train(pretrain, images, RunDirectory.at(pretrained),
                new Start(first, first, null, false, null))) {
            out.printf(Locale.ROOT, "pretrained on classes 0-4: test accuracy %.4f%n", r.testAccuracy());
        }
        long seed0 = options.seed;
        Map<String, List<Double>> accuracy = new LinkedHashMap<>();
        Map<String, List<List<Map<String, Double>>>> histories = new LinkedHashMap<>();
        try {
            for (int s = 0; s < SEEDS; s++) {
                long seed = seed0 + s;
                options.seed = seed;
                UnaryOperator<dev.classicnets.common.data.LabeledImages> few =
                        v -> v.selectClasses(FINE_TUNE_CLASSES).perClass(labelsPerClass, seed);
                UnaryOperator<dev.classicnets.common.data.LabeledImages> second =
                        v -> v.selectClasses(FINE_TUNE_CLASSES);
                for (String mode : MODES) {
                    Start start = switch (mode) {
                        case "frozen features" -> new Start(few, second, pretrained, true, null);
                        case "full fine-tune" -> new Start(few, second, pretrained, false, options.backboneLrScale);
                        default -> new Start(few, second, null, false, null);
                    };
                    String name = mode.replace(' ', '-') + "-seed" + seed;
                    try (RunResult r = recipe.train(fineTune, null, RunDirectory.at(root.resolve(name)), start)) {
                        accuracy.computeIfAbsent(mode, m -> new ArrayList<>()).add(r.testAccuracy());
                        histories.computeIfAbsent(mode, m -> new ArrayList<>()).add(r.history());
                        out.printf(Locale.ROOT, "%s, seed %d: test accuracy %.4f%n", mode, seed, r.testAccuracy());
                        out.flush();
                    }
                }
            }
        } finally {
            options.seed = seed0;
        }
        out.printf(Locale.ROOT, "%nfine-tuning %s: pretrained on classes 0-4 (%,d images, %d epochs), then classes "
                + "5-9 with %d labels each (%d epochs), seeds %d-%d%n", recipe.networkName(), images,
                pretrain.epochs(), labelsPerClass, fineTune.epochs(), seed0, seed0 + SEEDS - 1);
        out.print(table(accuracy));
        double gain = mean(accuracy.get("full fine-tune")) - mean(accuracy.get("from scratch"));
        out.printf(Locale.ROOT, "full fine-tuning %s training from scratch by %.1f points%n",
                gain > 0 ? "beats" : "does not beat", 100 * Math.abs(gain));
        writeFigure(histories, root.resolve(PNG));
        writeCsv(histories, root);
        out.println("figure: " + root.resolve(PNG));
        out.flush();
        return 0;
    }

    private static <S> Preset<S> withEpochs(Preset<S> p, int epochs) {
        return p.with(epochs, p.batchSize(), p.learningRate(), p.optimizer(), p.weightDecay(), p.imageSize(),
                p.schedule());
    }

    /** The markdown table: test accuracy per mode, mean ± sd over the seeds, and each seed's. */
    static String table(Map<String, List<Double>> accuracy) {
        StringBuilder sb = new StringBuilder("| start | test accuracy (mean ± sd) | per seed |\n|---|---|---|\n");
        accuracy.forEach((mode, values) -> {
            List<String> each = new ArrayList<>();
            values.forEach(v -> each.add(String.format(Locale.ROOT, "%.4f", v)));
            sb.append(String.format(Locale.ROOT, "| %s | %.4f ± %.4f | %s |%n", mode, mean(values), sd(values),
                    String.join(", ", each)));
        });
        return sb.toString();
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n - 1). */
    static double sd(List<Double> values) {
        double m = mean(values);
        double ss = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
        return values.size() < 2 ? 0 : Math.sqrt(ss / (values.size() - 1));
    }

    private static void writeFigure(Map<String, List<List<Map<String, Double>>>> histories, Path target) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("fine-tuning on classes 5-9: validation "
                + "accuracy per epoch").xAxisTitle("epoch").yAxisTitle("validation accuracy").build();
        chart.getStyler().setXAxisDecimalPattern("0");
        histories.forEach((mode, runs) -> {
            for (int s = 0; s < runs.size(); s++) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (Map<String, Double> row : runs.get(s)) {
                    xs.add(row.get("epoch"));
                    ys.add(row.getOrDefault("validate_accuracy", Double.NaN));
                }
                chart.addSeries(mode + " (seed " + (s + 1) + ")", xs, ys);
            }
        });
        LearningCurves.writePng(BitmapEncoder.getBufferedImage(chart), target);
    }

    private static void writeCsv(Map<String, List<List<Map<String, Double>>>> histories, RunDirectory root) {
        StringBuilder csv = new StringBuilder("mode,seed_index,epoch,train_accuracy,validate_accuracy\n");
        histories.forEach((mode, runs) -> {
            for (int s = 0; s < runs.size(); s++) {
                for (Map<String, Double> row : runs.get(s)) {
                    csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.6f%n", mode, s + 1,
                            row.get("epoch").intValue(), row.getOrDefault("train_accuracy", Double.NaN),
                            row.getOrDefault("validate_accuracy", Double.NaN)));
                }
            }
        });
        root.writeString(CSV, csv.toString());
    }
}
