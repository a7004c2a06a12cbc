package dev.classicnets.common.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-sample means of batch metrics over a pass: each batch's mean weighted by its size. */
final class MetricMeans {
    private final List<String> names;
    private final double[] sums;
    private long count;

    MetricMeans(List<String> names) {
        this.names = names;
        this.sums = new double[names.size()];
    }

    /** Adds one batch's means; refuses a batch that lacks one of the names. */
    void add(Map<String, Double> batchMeans, long size) {
        for (int i = 0; i < sums.length; i++) {
            Double v = batchMeans.get(names.get(i));
            if (v == null) {
                throw new IllegalStateException("the task's step returned no '" + names.get(i) + "' (it returned "
                        + String.join(", ", batchMeans.keySet()) + ")");
            }
            sums[i] += v * size;
        }
        count += size;
    }

    long count() {
        return count;
    }

    double mean(int i) {
        return sums[i] / count;
    }

    /** The means by name. */
    Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < sums.length; i++) {
            m.put(names.get(i), mean(i));
        }
        return m;
    }
}
