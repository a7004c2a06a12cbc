package dev.classicnets.benchmarks;

import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.data.DatasetNotFoundException;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.train.NativeAllocator;
import dev.classicnets.common.train.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every network, layer and optimizer step of ClassicNets side by side with PyTorch, in one run on this
 * machine: the training step of each cpu preset's network and of torchvision's networks at 224x224,
 * inference, the optimizer step alone, the transposed convolution ({@link Cases}). For each case,
 * blocks of rounds take turns between the two sides (PyTorch in a process that lives for its block,
 * the order flipped every block), so that a noisy moment on a shared machine hits both alike; a round
 * is as many steps as fill {@code --seconds} on our side (at least {@code --min-steps}), the same count on
 * PyTorch's, after {@code --warmup-seconds} of untimed steps on our side. Reports the median round of each
 * side and the range of the rounds, the speed ratio (PyTorch's seconds per step
 * over ours: above 1 we are faster), and refuses a figure whose loss was not finite on either side
 * (a diverged step skips its update and would time less work). Prints a table and writes JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "ClassicNets vs PyTorch on this machine: training steps, inference, optimizer steps, layers.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--cases", defaultValue = ".*", description = "Regular expression the case names must match "
            + "(find), e.g. 'train/', 'resnet20', 'optimizer/vgg11'; --list shows the names (default: all).")
    String cases;

    @Option(names = "--list", description = "List the cases and exit.")
    boolean list;

    @Option(names = "--threads", defaultValue = "2", description = "Threads on both sides (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seconds", defaultValue = "1.5", description = "Length of a round on our side, which sets "
            + "the steps of both sides' rounds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--min-steps", defaultValue = "3", description = "Fewest steps in a round, however long they "
            + "take: a round of one step of a large network is one sample of the machine's noise "
            + "(default: ${DEFAULT-VALUE}).")
    int minSteps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps before each round (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Untimed steps on our side before a case's "
            + "first round, for the JIT (LeNet-5, a run's first case, took 15-20 ms a step in its first three rounds "
            + "and 11.5-13.4 in its last three; default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--rounds", defaultValue = "2", description = "Rounds per side per block (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--blocks", defaultValue = "3", description = "Blocks per side, taken in turn (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python with torch and torchvision (default: ${DEFAULT-VALUE}); 'none' times our side only.")
    String python;

    @Option(names = "--memory-epochs", defaultValue = "20", description = "Epochs of the memory case "
            + "(default: ${DEFAULT-VALUE}).")
    int memoryEpochs;

    @Option(names = "--memory-images", defaultValue = "10000", description = "Training images per epoch of the memory "
            + "case; 0 for all 60,000 (default: ${DEFAULT-VALUE}).")
    int memoryImages;

    @Option(names = "--epoch-images", defaultValue = "10000", description = "Training images in an epoch case; 0 "
            + "for all 60,000 (default: ${DEFAULT-VALUE}).")
    int epochImages;

    @Option(names = "--data-dir", description = "Fashion-MNIST IDX folder for the epoch and memory cases (default: "
            + "the standard places).")
    Path dataDir;

    @Option(names = "--malloc", defaultValue = "keep-freed", description = "glibc's malloc on our side: keep-freed "
            + "(as the training loop sets it, NativeAllocator) or default (glibc's own thresholds) (default: "
            + "${DEFAULT-VALUE}).")
    String malloc;

    @Option(names = "--json", defaultValue = "benchmarks/results/bench.json",
            description = "Where to write the results (default: ${DEFAULT-VALUE}).")
    Path json;

    private NativeAllocator.Outcome mallocOutcome;

    public static void main(String[] args) {
        Recipes.main(new Bench(), args);
    }

    @Override
    public Integer call() throws Exception {
        Pattern filter = Pattern.compile(cases);
        Path data = null; // only the epoch cases read data
        try {
            data = MnistFamily.FASHION_MNIST.locate(dataDir);
        } catch (DatasetNotFoundException e) {
            System.out.println("no Fashion-MNIST for the epoch cases: " + e.getMessage());
        }
        List<BenchCase> all = Cases.all(epochImages, data);
        List<BenchCase> selected = all.stream().filter(c -> filter.matcher(c.name()).find()).toList();
        boolean memory = filter.matcher(MEMORY_CASE).find();
        if (list || selected.isEmpty() && !memory) {
            all.forEach(c -> System.out.printf(Locale.ROOT, "%-27s %s%n", c.name(), c.description()));
            System.out.printf(Locale.ROOT, "%-27s %s%n", MEMORY_CASE, "resident memory over --memory-epochs epochs "
                    + "of the ResNet-20 cpu preset's training, ours only");
            if (selected.isEmpty() && !memory) {
                throw new IllegalArgumentException("--cases '" + cases + "' matches no case; the cases are listed above");
            }
            return 0;
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (!malloc.equals("keep-freed") && !malloc.equals("default")) {
            throw new IllegalArgumentException("--malloc must be keep-freed or default, got '" + malloc + "'");
        }
        if (malloc.equals("default")) {
            System.setProperty(NativeAllocator.PROPERTY, "default");
        }
        mallocOutcome = NativeAllocator.keepFreedMemory(); // as the loop does before it builds a network
        boolean torch = !"none".equals(python);
        List<CaseResult> results = new ArrayList<>();
        String torchVersion = null;
        for (BenchCase c : selected) {
            System.out.printf(Locale.ROOT, "%s: %s%n", c.name(), c.description());
            CaseResult r = new CaseResult(c);
            try (Runner ours = c.ours().get()) {
                r.parameters = ours.parameters();
                int steps = c.single() ? 1 : calibrate(ours);
                r.steps = steps;
                for (int b = 0; b < blocks; b++) {
                    boolean torchFirst = b % 2 == 1;
                    if (torch && torchFirst) {
                        torchVersion = torchBlock(c, r, steps);
                    }
                    for (int i = 0; i < rounds; i++) {
                        r.ours.add(ourRound(ours, steps, c.single() ? 0 : warmup));
                    }
                    if (torch && !torchFirst) {
                        torchVersion = torchBlock(c, r, steps);
                    }
                }
            }
            System.out.println("  " + r.line());
            results.add(r);
        }
        Map<String, Object> memoryResult = memory ? MemoryGrowth.run(memoryEpochs, memoryImages, dataDir) : null;
        report(results, memoryResult, torchVersion);
        return results.stream().allMatch(CaseResult::finite) ? 0 : 1;
    }

    /**
     * Steps that fill {@code --seconds} on our side: after the warm-up ({@code --warmup-seconds} of steps, at
     * least {@code --warmup} + 1), steps are timed until a third of that has passed (at least two).
     */
    private int calibrate(Runner ours) {
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < warmup + 1 || System.nanoTime() < warmEnd; i++) {
            ours.prepare();
            ours.step();
        }
        long total = 0;
        int n = 0;
        while (n < 2 || total / 1e9 < seconds / 3) {
            ours.prepare();
            long t0 = System.nanoTime();
            ours.step();
            total += System.nanoTime() - t0;
            n++;
        }
        return (int) Math.max(minSteps, Math.min(1000, Math.round(seconds / (total / 1e9 / n))));
    }

    private static Round ourRound(Runner ours, int steps, int warmup) {
        for (int i = 0; i < warmup; i++) {
            ours.prepare();
            ours.step();
        }
        double total = 0;
        double data = 0;
        Float loss = null;
        for (int i = 0; i < steps; i++) {
            ours.prepare();
            long t0 = System.nanoTime();
            loss = ours.step();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            total += Double.isNaN(ours.measuredSeconds()) ? elapsed : ours.measuredSeconds();
            data += ours.dataSeconds();
        }
        return new Round(total / steps, loss, data / steps);
    }

    private String torchBlock(BenchCase c, CaseResult r, int steps) throws IOException, InterruptedException {
        Map<String, Object> setup = new LinkedHashMap<>(c.torch());
        setup.put("parameters", r.parameters);
        try (TorchPeer peer = new TorchPeer(python, threads)) {
            peer.setup(setup);
            for (int i = 0; i < rounds; i++) {
                r.torch.add(peer.run(steps, c.single() ? 0 : warmup));
            }
            return peer.version;
        }
    }

    private static final String MEMORY_CASE = "memory/resnet20";

    private void report(List<CaseResult> results, Map<String, Object> memoryResult, String torchVersion)
            throws IOException {
        String title = String.format(Locale.ROOT, "ClassicNets vs %s, %d threads each, %d blocks x %d rounds per side, "
                + "our malloc %s (%s)", torchVersion == null ? "nothing (--python none)" : torchVersion, threads, blocks,
                rounds, malloc, machine());
        if (!results.isEmpty()) {
            System.out.println();
            System.out.println(title);
            System.out.printf(Locale.ROOT, "| %-27s | %-58s | %12s | %12s | %9s |%n", "case", "what", "ours", "PyTorch",
                    "speed");
            System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%n", "-".repeat(29), "-".repeat(60), "-".repeat(14),
                    "-".repeat(14), "-".repeat(11));
            for (CaseResult r : results) {
                System.out.printf(Locale.ROOT, "| %-27s | %-58s | %12s | %12s | %9s |%n", r.c.name(), r.c.description(),
                        r.figure(r.ours), r.figure(r.torch), r.ratioText());
            }
            System.out.println("ours and PyTorch: images/s (ms per step where a step has no images); speed: PyTorch's "
                    + "time per step over ours (above 1: ours is faster); median rounds");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", title);
        out.put("machine", machine());
        out.put("threads", threads);
        out.put("malloc", mallocOutcome.toString());
        out.put("omp_wait_policy", System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
        out.put("pytorch", torchVersion);
        out.put("blocks", blocks);
        out.put("rounds_per_block", rounds);
        out.put("warmup_steps", warmup);
        out.put("warmup_seconds", warmupSeconds);
        out.put("min_steps_per_round", minSteps);
        Map<String, Object> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r.c.name(), r.json()));
        out.put("cases", byName);
        if (memoryResult != null) {
            out.put(MEMORY_CASE, memoryResult);
        }
        Files.createDirectories(json.toAbsolutePath().getParent());
        RunDirectory.writeAtomically(json, (RunDirectory.gson().toJson(out) + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + json);
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu() + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version");
    }

    /**
     * The processor as Linux names it, with its family and model: a cloud VM's "AMD EPYC" may be one
     * generation one day and another the next, and the ratios move with it. Empty where there is no
     * /proc/cpuinfo.
     */
    private static String cpu() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            Map<String, String> first = new LinkedHashMap<>();
            lines.takeWhile(l -> !l.isBlank()).map(l -> l.split("\\s*:\\s*", 2)).filter(kv -> kv.length == 2)
                    .forEach(kv -> first.putIfAbsent(kv[0].trim(), kv[1].trim()));
            return String.format(Locale.ROOT, "%s (family %s model %s), ", first.getOrDefault("model name", "?"),
                    first.getOrDefault("cpu family", "?"), first.getOrDefault("model", "?"));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
