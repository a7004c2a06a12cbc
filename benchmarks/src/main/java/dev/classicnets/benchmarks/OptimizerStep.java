package dev.classicnets.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterServer;
import ai.djl.training.optimizer.Optimizer;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.optim.TorchAdam;
import dev.classicnets.common.optim.TorchSgd;
import dev.classicnets.common.train.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One optimizer step (update of every parameter, gradients zeroed) on plain tensors with the parameter
 * shapes of VGG-11 (10 classes, 128.8M parameters) and ResNet-18 (1000 classes, 11.7M), against
 * torch.optim in one run: SGD with momentum 0.9 and Adam. Our side: {@code ours} (the in-place
 * optimizers, each parameter updated from its own gradient as {@code DirectStep} does),
 * {@code ours-trainer-step} (the same through DJL's {@code LocalParameterServer}, as
 * {@code trainer.step()} does: a copy of each gradient first), and {@code before} (the previous
 * {@code TorchSgd}, or DJL's Adam, through {@code trainer.step()}'s parameter server). The gradients are
 * refilled before each step, untimed, on both sides. Blocks of rounds, each side in turn; medians and
 * ranges of the rounds' medians. Prints a table and writes JSON.
 */
@Command(name = "optimizer-step", mixinStandardHelpOptions = true,
        description = "One optimizer step, in-place ClassicNets optimizers vs torch.optim (VGG-11, ResNet-18).")
public final class OptimizerStep implements Callable<Integer> {

    @Option(names = "--threads", defaultValue = "2", description = "Threads on both sides (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--steps", defaultValue = "5", description = "Timed steps per round (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed steps before each round (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "2", description = "Rounds per block (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--blocks", defaultValue = "3", description = "Blocks per side, taken in turn (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--cases", defaultValue = ".*", description = "Regular expression over the case names, e.g. "
            + "'vgg11/.*' or '.*/adam' (cases: vgg11/momentum, vgg11/adam, resnet18/momentum, resnet18/adam).")
    String cases;

    @Option(names = "--variants", defaultValue = "torch,ours,ours-trainer-step,before",
            description = "Which sides to run (default: ${DEFAULT-VALUE}).", split = ",")
    List<String> variants;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python with torch and torchvision (default: ${DEFAULT-VALUE}); 'none' skips PyTorch.")
    String python;

    @Option(names = "--json", defaultValue = "benchmarks/results/optimizer-step.json",
            description = "Where to write the results (default: ${DEFAULT-VALUE}).")
    Path json;

    public static void main(String[] args) {
        Recipes.main(new OptimizerStep(), args);
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        List<String> sides = variants.stream().filter(v -> !v.equals("torch") || !"none".equals(python)).toList();
        Map<String, Object> results = new LinkedHashMap<>();
        List<String[]> table = new ArrayList<>();
        String torchVersion = null;
        for (String network : List.of("vgg11", "resnet18")) {
            for (String optimizer : List.of("momentum", "adam")) {
                String name = network + "/" + optimizer;
                if (!name.matches(cases)) {
                    continue;
                }
                List<long[]> shapes = ParameterShapes.of(network);
                Map<String, List<Double>> seconds = new LinkedHashMap<>();
                Map<String, List<Double>> faults = new LinkedHashMap<>();
                List<Double> zeroGrad = new ArrayList<>();
                try (Side java = new Side(shapes); TorchOptimizerPeer torch = sides.contains("torch")
                        ? new TorchOptimizerPeer(python, threads, network, optimizer, shapes) : null) {
                    torchVersion = torch == null ? torchVersion : torch.version;
                    Map<String, Updater> updaters = java.updaters(optimizer, sides);
                    for (int b = 0; b < blocks; b++) {
                        for (int k = 0; k < sides.size(); k++) {
                            String side = sides.get((b + k) % sides.size());
                            for (int r = 0; r < rounds; r++) {
                                double[] round = side.equals("torch") ? torch.run(warmup, steps)
                                        : java.run(updaters.get(side), warmup, steps);
                                seconds.computeIfAbsent(side, s -> new ArrayList<>()).add(round[0]);
                                faults.computeIfAbsent(side, s -> new ArrayList<>()).add(round[1]);
                                if (side.equals("torch")) {
                                    zeroGrad.add(round[2]);
                                }
                            }
                        }
                    }
                }
                results.put(name, caseResult(shapes, seconds, faults, zeroGrad, table, name));
                System.out.printf(Locale.ROOT, "%s done: %s%n", name, seconds);
            }
        }
        String header = String.format(Locale.ROOT, "One optimizer step (update + zeroed gradients), %d threads, median "
                + "of %d rounds of %d steps (%s; %s)", threads, blocks * rounds, steps, torchVersion, machine());
        System.out.println();
        System.out.println(header);
        System.out.printf(Locale.ROOT, "| %-17s | %-29s | %9s | %-17s | %8s | %10s |%n", "case", "side", "ms",
                "range ms", "vs torch", "faults/step");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%n", "-".repeat(19), "-".repeat(31), "-".repeat(11),
                "-".repeat(19), "-".repeat(10), "-".repeat(12));
        for (String[] row : table) {
            System.out.printf(Locale.ROOT, "| %-17s | %-29s | %9s | %-17s | %8s | %10s |%n", (Object[]) row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", header);
        out.put("machine", machine());
        out.put("threads", threads);
        out.put("pytorch", torchVersion);
        out.put("steps_per_round", steps);
        out.put("rounds", blocks * rounds);
        out.put("cases", results);
        Files.createDirectories(json.toAbsolutePath().getParent());
        RunDirectory.writeAtomically(json, (RunDirectory.gson().toJson(out) + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + json);
        return 0;
    }

    private static Map<String, Object> caseResult(List<long[]> shapes, Map<String, List<Double>> seconds,
            Map<String, List<Double>> faults, List<Double> zeroGrad, List<String[]> table, String name) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("parameters", ParameterShapes.count(shapes));
        double torch = seconds.containsKey("torch") ? median(seconds.get("torch")) : Double.NaN;
        double torchZero = zeroGrad.isEmpty() ? Double.NaN : median(zeroGrad);
        c.put("torch_zero_grad_seconds", torchZero);
        for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
            List<Double> xs = e.getValue();
            double m = median(xs);
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("median_seconds", m);
            side.put("min_seconds", xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
            side.put("max_seconds", xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
            side.put("vs_torch_step", m / torch);
            side.put("vs_torch_step_and_zero_grad", m / (torch + torchZero));
            side.put("minor_faults_per_step", median(faults.get(e.getKey())));
            side.put("round_medians_seconds", xs);
            c.put(e.getKey(), side);
            table.add(new String[] {name, e.getKey().equals("torch") ? "torch.optim step()" : e.getKey(),
                    String.format(Locale.ROOT, "%.1f", 1000 * m),
                    String.format(Locale.ROOT, "%.1f-%.1f", 1000 * (double) side.get("min_seconds"),
                            1000 * (double) side.get("max_seconds")),
                    Double.isNaN(torch) ? "-" : String.format(Locale.ROOT, "%.2fx", m / torch),
                    String.format(Locale.ROOT, "%.0f", median(faults.get(e.getKey())))});
        }
        if (!zeroGrad.isEmpty()) {
            table.add(new String[] {name, "torch zero_grad(set_to_none=False)",
                    String.format(Locale.ROOT, "%.1f", 1000 * torchZero), "", "", ""});
        }
        return c;
    }

    /** Updates every parameter once. */
    interface Updater {
        void step(NDArray[] weights);
    }

    /** Our side: the parameters with gradients, and fixed gradients to refill them from. */
    private static final class Side implements AutoCloseable {
        private final NDManager manager = NDManager.newBaseManager();
        private final NDArray[] weights;
        private final NDArray[] gradients;
        private final List<ParameterServer> servers = new ArrayList<>();

        Side(List<long[]> shapes) {
            Engine.getInstance().setRandomSeed(0);
            weights = new NDArray[shapes.size()];
            gradients = new NDArray[shapes.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = manager.randomNormal(new Shape(shapes.get(i)));
                weights[i].setRequiresGradient(true);
                gradients[i] = manager.randomNormal(new Shape(shapes.get(i)));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(weights[i].sum()); // gives the weight a gradient array, as backward does
                }
            }
        }

        Map<String, Updater> updaters(String optimizer, List<String> sides) {
            Supplier<Optimizer> ours = () -> optimizer.equals("momentum")
                    ? TorchSgd.builder().optLearningRate(0.01f).optMomentum(0.9f).build()
                    : TorchAdam.builder().optLearningRate(1e-3f).build();
            Supplier<Optimizer> before = () -> optimizer.equals("momentum") ? new PreviousTorchSgd(0.01f, 0.9f)
                    : Optimizer.adam().optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(1e-3f)).build();
            Map<String, Updater> updaters = new LinkedHashMap<>();
            for (String side : sides) {
                switch (side) {
                    case "torch" -> { }
                    case "ours" -> updaters.put(side, direct(ours.get()));
                    case "ours-trainer-step" -> updaters.put(side, throughServer(ours.get()));
                    case "before" -> updaters.put(side, throughServer(before.get()));
                    default -> throw new IllegalArgumentException("unknown side '" + side
                            + "'; expected torch, ours, ours-trainer-step or before");
                }
            }
            return updaters;
        }

        /** What DirectStep does: each weight updated from its own gradient. */
        private static Updater direct(Optimizer optimizer) {
            return weights -> {
                for (int i = 0; i < weights.length; i++) {
                    try (NDArray g = weights[i].getGradient()) {
                        optimizer.update("p" + i, weights[i], g);
                    }
                }
            };
        }

        /** What trainer.step() does: ParameterStore.updateAllParameters through a LocalParameterServer. */
        private Updater throughServer(Optimizer optimizer) {
            ParameterServer server = new LocalParameterServer(optimizer);
            servers.add(server);
            return weights -> {
                for (int i = 0; i < weights.length; i++) {
                    server.update("p" + i, new NDArray[] {weights[i]});
                }
            };
        }

        /** Median seconds of a step and median minor page faults per step, over the round's timed steps. */
        double[] run(Updater updater, int warmup, int steps) throws IOException {
            updater.step(weights); // the first update creates the state: not part of any round
            List<Double> times = new ArrayList<>();
            List<Double> faults = new ArrayList<>();
            for (int i = 0; i < warmup + steps; i++) {
                for (int k = 0; k < weights.length; k++) {
                    try (NDArray g = weights[k].getGradient()) {
                        g.set(ALL, gradients[k]);
                    }
                }
                long f0 = minorFaults();
                long t0 = System.nanoTime();
                updater.step(weights);
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    times.add((t1 - t0) / 1e9);
                    faults.add((double) (minorFaults() - f0));
                }
            }
            return new double[] {median(times), median(faults)};
        }

        @Override
        public void close() {
            servers.forEach(ParameterServer::close);
            manager.close();
        }
    }

    private static final NDIndex ALL = new NDIndex("...");

    /** The process's minor page faults so far (field 10 of /proc/self/stat; 0 where there is no /proc). */
    static long minorFaults() throws IOException {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.isReadable(stat)) {
            return 0;
        }
        String s = Files.readString(stat);
        return Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[7]);
    }

    static double median(List<Double> xs) {
        if (xs == null || xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version");
    }
}
