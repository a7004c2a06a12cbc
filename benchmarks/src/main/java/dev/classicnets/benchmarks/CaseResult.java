package dev.classicnets.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rounds of both sides of one case, and the figures made from them. */
final class CaseResult {

    final BenchCase c;
    final List<Round> ours = new ArrayList<>();
    final List<Round> torch = new ArrayList<>();
    long parameters;
    int steps;

    CaseResult(BenchCase c) {
        this.c = c;
    }

    boolean finite() {
        return ours.stream().allMatch(Round::finite) && torch.stream().allMatch(Round::finite);
    }

    /** PyTorch's median seconds per step over ours: above 1, ours is faster; NaN without both sides. */
    double speed() {
        return median(torch) / median(ours);
    }

    String ratioText() {
        if (!finite()) {
            return "loss NaN";
        }
        return torch.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2fx", speed());
    }

    /** images/s for a network step, milliseconds per step otherwise; median round. */
    String figure(List<Round> side) {
        if (side.isEmpty()) {
            return "-";
        }
        double s = median(side);
        String figure = c.itemsPerStep() > 0 ? String.format(Locale.ROOT, "%.1f/s", c.itemsPerStep() / s)
                : String.format(Locale.ROOT, "%.2f ms", 1000 * s);
        double share = dataShare(side);
        return Double.isNaN(share) ? figure : String.format(Locale.ROOT, "%s d%.0f%%", figure, 100 * share);
    }

    String line() {
        return String.format(Locale.ROOT, "ours %s, PyTorch %s, speed %s (%d steps a round, %,d parameters)",
                figure(ours), figure(torch), ratioText(), steps, parameters);
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", c.description());
        m.put("kind", c.kind());
        m.put("parameters", parameters);
        m.put("images_per_step", c.itemsPerStep());
        m.put("steps_per_round", steps);
        m.put("finite_losses", finite());
        m.put("speed_vs_pytorch", torch.isEmpty() ? null : speed());
        m.put("classicnets", side(ours));
        m.put("pytorch", torch.isEmpty() ? null : side(torch));
        return m;
    }

    private Map<String, Object> side(List<Round> rounds) {
        Map<String, Object> m = new LinkedHashMap<>();
        double med = median(rounds);
        m.put("median_seconds_per_step", med);
        m.put("min_seconds_per_step", rounds.stream().mapToDouble(Round::seconds).min().orElse(Double.NaN));
        m.put("max_seconds_per_step", rounds.stream().mapToDouble(Round::seconds).max().orElse(Double.NaN));
        if (c.itemsPerStep() > 0) {
            m.put("images_per_second", c.itemsPerStep() / med);
        }
        m.put("rounds_seconds_per_step", rounds.stream().map(Round::seconds).toList());
        if (rounds.stream().anyMatch(r -> !Double.isNaN(r.dataSeconds()))) {
            m.put("data_share", dataShare(rounds));
        }
        m.put("last_losses", rounds.stream().map(Round::loss).toList());
        return m;
    }

    /** The share of a step spent waiting for data, in the median round. */
    static double dataShare(List<Round> rounds) {
        List<Round> sorted = rounds.stream().sorted(java.util.Comparator.comparingDouble(Round::seconds)).toList();
        Round mid = sorted.get(sorted.size() / 2);
        return mid.dataSeconds() / mid.seconds();
    }

    static double median(List<Round> rounds) {
        if (rounds.isEmpty()) {
            return Double.NaN;
        }
        double[] a = rounds.stream().mapToDouble(Round::seconds).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
