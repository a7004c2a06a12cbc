package dev.classicnets.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonParser;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.nn.ConvTranspose2d;
import dev.classicnets.common.train.RunDirectory;
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
 * Forward + backward time of our {@link ConvTranspose2d} against PyTorch's nn.ConvTranspose2d, side
 * by side in one run, at U-Net's up-convolutions (2x2, stride 2) and DCGAN's generator layers (4x4,
 * stride 2, padding 1). A step is forward, loss sum(y * g), backward to input, weight and bias.
 * Blocks of rounds take turns between the two sides (PyTorch in a process that lives for its block)
 * and the median round counts, so that a noisy moment on a shared machine hits both alike. Prints a
 * table and writes JSON.
 */
@Command(name = "conv-transpose", mixinStandardHelpOptions = true,
        description = "Transposed convolution forward+backward: ClassicNets' ConvTranspose2d vs PyTorch's (ms/step).")
public final class ConvTransposeBenchmark implements Callable<Integer> {

    /** One layer: input (N, C, H, W), output channels, square kernel, stride and padding. */
    record Case(String name, long[] input, int out, int kernel, int stride, int padding) {
        String json() {
            return String.format(Locale.ROOT, "{\"input\":%s,\"out\":%d,\"kernel\":%d,\"stride\":%d,\"padding\":%d}",
                    Arrays.toString(input), out, kernel, stride, padding);
        }

        String describe() {
            return String.format(Locale.ROOT, "%s %s->%d k%d s%d p%d", name, Arrays.toString(input), out, kernel,
                    stride, padding);
        }
    }

    static final List<Case> CASES = List.of(
            new Case("U-Net up 1", new long[] {1, 1024, 28, 28}, 512, 2, 2, 0),
            new Case("U-Net small", new long[] {8, 128, 16, 16}, 64, 2, 2, 0),
            new Case("DCGAN 4->8", new long[] {64, 512, 4, 4}, 256, 4, 2, 1),
            new Case("DCGAN 16->32", new long[] {64, 128, 16, 16}, 64, 4, 2, 1),
            new Case("DCGAN to RGB", new long[] {64, 64, 32, 32}, 3, 4, 2, 1));

    @Option(names = "--threads", defaultValue = "2", description = "Threads for libtorch and torch (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seconds", defaultValue = "0.6", description = "Target length of a round, which sets its steps "
            + "(default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps before each round (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds per case per block (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--blocks", defaultValue = "3", description = "Blocks per side, taken in turn (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python with torch (default: ${DEFAULT-VALUE}); 'none' skips PyTorch.")
    String python;

    @Option(names = "--only", defaultValue = "", description = "Run only the cases whose name contains this.")
    String only;

    @Option(names = "--json", defaultValue = "benchmarks/results/conv-transpose.json",
            description = "Where to write the results (default: ${DEFAULT-VALUE}).")
    Path json;

    public static void main(String[] args) {
        Recipes.main(new ConvTransposeBenchmark(), args);
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        List<Case> cases = CASES.stream().filter(c -> c.name().contains(only)).toList();
        int n = cases.size();
        List<List<Double>> torch = new ArrayList<>();
        List<List<Double>> ours = new ArrayList<>();
        int[] steps = new int[n];
        String torchVersion = null;
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Stepper> steppers = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                Stepper s = new Stepper(manager, cases.get(c));
                steppers.add(s);
                steps[c] = Math.max(2, Math.min(200, (int) Math.round(seconds * 1000 / s.calibrate())));
                torch.add(new ArrayList<>());
                ours.add(new ArrayList<>());
            }
            for (int b = 0; b < 2 * blocks; b++) {
                boolean torchTurn = b % 2 == (b / 2) % 2; // T O, O T, T O, ...: each side goes first in turn
                if (torchTurn && !"none".equals(python)) {
                    try (TorchPeer peer = new TorchPeer(python, threads, cases)) {
                        torchVersion = peer.version;
                        for (int c = 0; c < n; c++) {
                            for (int r = 0; r < rounds; r++) {
                                torch.get(c).add(peer.run(c, steps[c], warmup));
                            }
                        }
                    }
                } else if (!torchTurn) {
                    for (int c = 0; c < n; c++) {
                        for (int r = 0; r < rounds; r++) {
                            ours.get(c).add(steppers.get(c).run(steps[c], warmup));
                        }
                    }
                }
            }
        }

        System.out.printf(Locale.ROOT, "%nTransposed convolution, forward + backward (input, weight, bias), %d threads, "
                + "median of %d rounds (%s)%n", threads, blocks * rounds, machine());
        System.out.printf(Locale.ROOT, "| %-44s | %6s | %11s | %11s | %8s |%n", "case", "steps", "PyTorch ms", "ours ms",
                "ours/PT");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%n", "-".repeat(46), "-".repeat(8), "-".repeat(13),
                "-".repeat(13), "-".repeat(10));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            double t = median(torch.get(c));
            double o = median(ours.get(c));
            System.out.printf(Locale.ROOT, "| %-44s | %6d | %11.2f | %11.2f | %8s |%n", cases.get(c).describe(),
                    steps[c], t, o, Double.isNaN(t) ? "-" : String.format(Locale.ROOT, "%.2fx", o / t));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("case", cases.get(c).describe());
            row.put("steps_per_round", steps[c]);
            row.put("pytorch_ms_per_step", t);
            row.put("classicnets_ms_per_step", o);
            row.put("classicnets_vs_pytorch_time", o / t);
            row.put("pytorch_rounds", torch.get(c));
            row.put("classicnets_rounds", ours.get(c));
            rows.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("machine", machine());
        result.put("threads", threads);
        result.put("pytorch", torchVersion);
        result.put("rounds", blocks * rounds);
        result.put("warmup_steps_per_round", warmup);
        result.put("cases", rows);
        Files.createDirectories(json.toAbsolutePath().getParent());
        RunDirectory.writeAtomically(json, (RunDirectory.gson().toJson(result) + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + json);
        return 0;
    }

    /** Our layer on one fixed random input and output gradient, ready to run rounds. */
    private static final class Stepper {
        private final NDManager manager;
        private final ConvTranspose2d conv;
        private final NDArray x;
        private final NDArray g;

        Stepper(NDManager parent, Case c) {
            manager = parent.newSubManager();
            Engine.getInstance().setRandomSeed(0);
            conv = ConvTranspose2d.builder().setFilters(c.out()).setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride())).optPadding(new Shape(c.padding(), c.padding())).build();
            Shape in = new Shape(c.input());
            conv.initialize(manager, DataType.FLOAT32, in);
            x = manager.randomNormal(in);
            x.setRequiresGradient(true);
            g = manager.randomNormal(conv.getOutputShapes(new Shape[] {in})[0]);
        }

        void once() {
            try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = conv.forward(new ParameterStore(step, false), new NDList(x), true).head();
                gc.backward(y.mul(g).sum());
            }
        }

        /** Milliseconds of one step after two untimed ones. */
        double calibrate() {
            once();
            once();
            long t0 = System.nanoTime();
            once();
            return (System.nanoTime() - t0) / 1e6;
        }

        double run(int steps, int warmup) {
            for (int i = 0; i < warmup; i++) {
                once();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                once();
            }
            return (System.nanoTime() - t0) / 1e6 / steps;
        }
    }

    /** PyTorch in a Python process that runs rounds of steps on request. */
    private static final class TorchPeer implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;
        final String version;

        TorchPeer(String python, int threads, List<Case> cases) throws IOException {
            Path script = Path.of("benchmarks/torch_conv_transpose.py");
            if (!Files.exists(script)) {
                script = Path.of("torch_conv_transpose.py");
            }
            String json = "[" + String.join(",", cases.stream().map(Case::json).toList()) + "]";
            process = new ProcessBuilder(python, script.toString(), "--threads", Integer.toString(threads), "--cases",
                    json).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String header = out.readLine();
            if (header == null) {
                throw new IOException(python + " " + script + " did not start; install PyTorch with "
                        + "`apt-get install -y python3-torch libopenblas0-openmp`, or pass --python none");
            }
            version = JsonParser.parseString(header).getAsJsonObject().get("framework").getAsString();
        }

        double run(int c, int steps, int warmup) throws IOException {
            in.println("run " + c + " " + steps + " " + warmup);
            String line = out.readLine();
            if (line == null) {
                throw new IOException("the PyTorch process ended unexpectedly");
            }
            return JsonParser.parseString(line).getAsJsonObject().get("ms_per_step").getAsDouble();
        }

        @Override
        public void close() throws InterruptedException {
            in.println("quit");
            process.waitFor();
        }
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
