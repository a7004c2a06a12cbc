package dev.classicnets.common.optim;

import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A learning-rate schedule given in epochs, as the command line's {@code --schedule} writes it, turned
 * into a DJL {@link Tracker} (which counts optimizer updates) for a run's length and batches per
 * epoch. The names and defaults are PyTorch's {@code torch.optim.lr_scheduler}:
 *
 * <table>
 * <caption>Schedules</caption>
 * <tr><th>spec</th><th>learning rate in epoch e (from 1)</th><th>tracker</th></tr>
 * <tr><td>{@code constant}</td><td>lr</td><td>{@code Tracker.fixed}</td></tr>
 * <tr><td>{@code step:every=S[,gamma=0.1]}</td><td>lr * gamma^floor((e-1)/S) (StepLR)</td>
 *     <td>a step function (see below)</td></tr>
 * <tr><td>{@code multistep:milestones=M1/M2/..[,gamma=0.1]}</td><td>lr * gamma^(milestones passed) (MultiStepLR);
 *     a milestone is in epochs and may be fractional (7.5: half way through epoch 8), or with {@code %} a share
 *     of the run's updates ({@code 50%/75%}), or with {@code u} a number of updates ({@code 32000u/48000u},
 *     as papers count them)</td><td>a step function</td></tr>
 * <tr><td>{@code exponential:gamma=G}</td><td>lr * G^(e-1) (ExponentialLR)</td><td>a step function</td></tr>
 * <tr><td>{@code cosine[:min_lr=X]}</td><td>half a cosine from lr to min_lr over the run, per update
 *     (CosineAnnealingLR; min_lr defaults to lr/100, PyTorch's eta_min to 0)</td><td>{@code CosineTracker}</td></tr>
 * <tr><td>{@code plateau[:monitor=validate_loss,mode=auto,factor=0.1,patience=10,threshold=1e-4,cooldown=0,min_lr=0]}</td>
 *     <td>lr * factor whenever the monitored metric has not improved for patience epochs (ReduceLROnPlateau)</td>
 *     <td>none: {@link ReduceLrOnPlateau}</td></tr>
 * </table>
 *
 * <p>The step function is ours: DJL's {@code MultiFactorTracker} refuses a single milestone and,
 * being stateful, cannot answer for an earlier update once asked about a later one.
 *
 * <p>Any of them takes {@code warmup=W}: a linear warm-up from 0 to lr over the first W epochs, per
 * update ({@code WarmUpTracker}), after which the schedule runs; epochs in {@code every} and {@code
 * milestones} count from the start of the run, warm-up included. Example: {@code
 * multistep:milestones=30/60,gamma=0.1,warmup=5}.
 *
 * <p>The plateau schedule changes the rate from the loop's metrics, so its tracker is also the
 * {@code EpochListener} that watches them: add {@link #tracker}'s result to the training as a listener
 * when it is a {@link ReduceLrOnPlateau} ({@code ClassifierRecipe} does).
 */
public final class LearningRateSchedule {

    /** The schedule names. */
    public static final List<String> NAMES = List.of("constant", "step", "multistep", "exponential", "cosine",
            "plateau");

    private static final Map<String, Set<String>> KEYS = Map.of(
            "constant", Set.of("warmup"),
            "step", Set.of("every", "gamma", "warmup"),
            "multistep", Set.of("milestones", "gamma", "warmup"),
            "exponential", Set.of("gamma", "warmup"),
            "cosine", Set.of("min_lr", "warmup"),
            "plateau", Set.of("monitor", "mode", "factor", "patience", "threshold", "cooldown", "min_lr", "warmup"));

    private final String spec;
    private final String name;
    private final Map<String, String> values;

    private LearningRateSchedule(String spec, String name, Map<String, String> values) {
        this.spec = spec;
        this.name = name;
        this.values = values;
    }

    /**
     * Parses {@code NAME[:key=value,...]}; every error names the part that is wrong and what was
     * expected.
     */
    public static LearningRateSchedule parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("a schedule is required; expected one of " + NAMES);
        }
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (!KEYS.containsKey(name)) {
            throw new IllegalArgumentException("unknown schedule '" + name + "' in '" + spec + "'; expected one of "
                    + NAMES);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String part : trimmed.substring(colon + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("schedule '" + spec + "': expected key=value, got '" + part
                            + "'");
                }
                String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (!KEYS.get(name).contains(key)) {
                    throw new IllegalArgumentException("schedule '" + spec + "': " + name + " has no setting '" + key
                            + "'; expected " + String.join(", ", KEYS.get(name).stream().sorted().toList()));
                }
                values.put(key, part.substring(eq + 1).trim());
            }
        }
        LearningRateSchedule s = new LearningRateSchedule(trimmed, name, values);
        s.validate();
        return s;
    }

    /** The spec as given (trimmed), e.g. for config.json. */
    public String spec() {
        return spec;
    }

    public String name() {
        return name;
    }

    /** The metric a {@code plateau} schedule watches (default validate_loss); null for the others. */
    public String monitor() {
        return name.equals("plateau") ? values.getOrDefault("monitor", "validate_loss") : null;
    }

    /** Warm-up epochs (0 without). */
    public double warmupEpochs() {
        return number("warmup", 0);
    }

    private void validate() {
        double warmup = warmupEpochs();
        require(warmup >= 0, "warmup must be >= 0 epochs");
        switch (name) {
            case "step" -> {
                require(values.containsKey("every"), "step needs every=EPOCHS");
                require(number("every", 0) > 0, "every must be > 0 epochs");
                require(gamma() > 0 && gamma() <= 1, "gamma must be in (0, 1]");
            }
            case "multistep" -> {
                require(values.containsKey("milestones"), "multistep needs milestones=E1/E2/...");
                String[] parts = values.get("milestones").split("/");
                double[] m = milestones();
                for (int i = 0; i < m.length; i++) {
                    String unit = unit(parts[i]);
                    require(m[i] > 0, "milestone " + parts[i].trim() + " must be positive");
                    require(!unit.isEmpty() || m[i] > warmup, "milestone " + fmt(m[i]) + " must come after the "
                            + "warm-up (" + fmt(warmup) + " epochs)");
                    require(!unit.equals("%") || m[i] <= 100, "milestone " + parts[i].trim() + " is past the run");
                    require(i == 0 || !unit.equals(unit(parts[i - 1])) || m[i] > m[i - 1],
                            "milestones must increase, got " + values.get("milestones"));
                }
                require(gamma() > 0 && gamma() <= 1, "gamma must be in (0, 1]");
            }
            case "exponential" -> {
                require(values.containsKey("gamma"), "exponential needs gamma=G");
                require(gamma() > 0 && gamma() <= 1, "gamma must be in (0, 1]");
            }
            case "cosine" -> require(number("min_lr", 0) >= 0, "min_lr must be >= 0");
            case "plateau" -> plateau(1f).build(); // checks its settings
            default -> { }
        }
    }

    /**
     * The rate per optimizer update for a run of {@code epochs} epochs of {@code updatesPerEpoch}
     * updates from {@code learningRate}: a fresh tracker each call (DJL's MultiFactorTracker keeps
     * state). For {@code plateau}, a {@link ReduceLrOnPlateau} (or a warm-up over one) that the training
     * loop must also be given as an epoch listener.
     */
    public Tracker tracker(float learningRate, int epochs, int updatesPerEpoch) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (epochs < 1 || updatesPerEpoch < 1) {
            throw new IllegalArgumentException("a schedule needs at least one epoch of at least one update, got "
                    + epochs + " epochs of " + updatesPerEpoch);
        }
        int warmupUpdates = (int) Math.round(warmupEpochs() * updatesPerEpoch);
        Tracker main = switch (name) {
            case "constant" -> Tracker.fixed(learningRate);
            case "step" -> {
                double every = number("every", 0);
                List<Double> at = new ArrayList<>();
                for (double m = every; m < epochs; m += every) {
                    at.add(m);
                }
                yield steps(learningRate, at.stream().mapToDouble(Double::doubleValue).toArray(), updatesPerEpoch,
                        warmupUpdates);
            }
            case "multistep" -> steps(learningRate, milestoneEpochs(epochs, updatesPerEpoch), updatesPerEpoch,
                    warmupUpdates);
            case "exponential" -> {
                double[] at = new double[Math.max(0, epochs - 1)];
                Arrays.setAll(at, i -> i + 1);
                yield steps(learningRate, at, updatesPerEpoch, warmupUpdates);
            }
            case "cosine" -> {
                float finalValue = (float) number("min_lr", learningRate / 100.0);
                int updates = epochs * updatesPerEpoch - warmupUpdates;
                if (updates < 1 || finalValue >= learningRate) {
                    yield Tracker.fixed(learningRate);
                }
                yield Tracker.cosine().setBaseValue(learningRate).optFinalValue(finalValue).setMaxUpdates(updates)
                        .build();
            }
            case "plateau" -> plateau(learningRate).optWarmUpUpdates(warmupUpdates).build();
            default -> throw new IllegalStateException(name);
        };
        if (warmupUpdates == 0 || main instanceof ReduceLrOnPlateau) {
            return main;
        }
        return WarmUpTracker.builder().setMainTracker(main).optWarmUpSteps(warmupUpdates).optWarmUpBeginValue(0f)
                .build();
    }

    /**
     * {@code lr * gamma^(steps passed)}. Not DJL's MultiFactorTracker, which refuses a single step and
     * keeps state (once asked about a later update it answers the decayed rate for earlier ones too);
     * a test pins both.
     */
    private record StepTracker(float base, float gamma, int[] steps) implements Tracker {
        @Override
        public float getNewValue(int numUpdate) {
            int passed = 0;
            for (int s : steps) {
                passed += numUpdate > s ? 1 : 0;
            }
            return (float) (base * Math.pow(gamma, passed));
        }
    }

    /** A multiplication by gamma after each of {@code epochsAt}. */
    private Tracker steps(float learningRate, double[] epochsAt, int updatesPerEpoch, int warmupUpdates) {
        // the decayed rate starts with the first update after the milestone; the warm-up tracker hands the
        // main tracker its updates counted from the end of the warm-up
        int[] at = Arrays.stream(epochsAt).mapToInt(m -> (int) Math.round(m * updatesPerEpoch) - warmupUpdates)
                .filter(u -> u >= 1).distinct().toArray();
        if (at.length == 0) {
            return Tracker.fixed(learningRate);
        }
        return new StepTracker(learningRate, (float) gamma(), at);
    }

    private ReduceLrOnPlateau.Builder plateau(float learningRate) {
        ReduceLrOnPlateau.Builder b = ReduceLrOnPlateau.builder().initialRate(learningRate);
        if (values.containsKey("monitor")) {
            b.optMonitor(values.get("monitor"));
        }
        if (values.containsKey("mode")) {
            b.optMode(dev.classicnets.common.callback.MonitorMode.parse(values.get("mode")));
        }
        b.optFactor((float) number("factor", 0.1));
        b.optPatience((int) integer("patience", 10));
        b.optThreshold(number("threshold", 1e-4));
        b.optCooldown((int) integer("cooldown", 0));
        b.optMinRate((float) number("min_lr", 0));
        return b;
    }

    private double gamma() {
        return number("gamma", 0.1);
    }

    /** The milestones' numbers as written, without their units. */
    private double[] milestones() {
        String list = values.get("milestones");
        try {
            return Arrays.stream(list.split("/")).map(String::trim)
                    .mapToDouble(s -> Double.parseDouble(s.substring(0, s.length() - unit(s).length()))).toArray();
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': milestones must be epochs (30), shares of "
                    + "the run (50%) or updates (32000u) separated by '/', e.g. 30/60, got '" + list + "'");
        }
    }

    /** {@code %} (a share of the run), {@code u} (optimizer updates) or empty (epochs). */
    private static String unit(String milestone) {
        String m = milestone.trim();
        return m.endsWith("%") ? "%" : m.endsWith("u") ? "u" : "";
    }

    /** The milestones in epochs (fractional) for a run of {@code epochs} of {@code updatesPerEpoch}. */
    private double[] milestoneEpochs(int epochs, int updatesPerEpoch) {
        String[] parts = values.get("milestones").split("/");
        double[] m = milestones();
        for (int i = 0; i < m.length; i++) {
            m[i] = switch (unit(parts[i])) {
                case "%" -> m[i] / 100 * epochs;
                case "u" -> m[i] / updatesPerEpoch;
                default -> m[i];
            };
        }
        return m;
    }

    private double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            require(Double.isFinite(d), key + " must be a finite number");
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': " + key + " must be a number, got '" + v
                    + "'");
        }
    }

    private long integer(String key, long fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': " + key + " must be a whole number, got '"
                    + v + "'");
        }
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("schedule '" + spec + "': " + message);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public String toString() {
        return spec;
    }
}
