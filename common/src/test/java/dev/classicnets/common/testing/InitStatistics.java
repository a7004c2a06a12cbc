package dev.classicnets.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Tests of an initialisation by its statistics: a layer's sample standard deviation against the
 * target within max(5%, 6 standard errors) (a sample std's relative standard error is at most
 * 1/√(2n) for the distributions here), its mean within 6 standard errors of 0, the bounds of a
 * uniform or truncated draw, constants exactly.
 */
public final class InitStatistics {
    private InitStatistics() {}

    /** Truncated at ±2σ, a normal keeps this fraction of its standard deviation. */
    public static final double TRUNCATED_STD_RATIO = 0.8796;

    /** The summary of one parameter's values; {@code type} is null for an array that is no parameter. */
    public record Sample(String name, Parameter.Type type, Shape shape, long n, double mean, double std, double min,
            double max) {
        /** The largest absolute value. */
        public double maxAbs() {
            return Math.max(Math.abs(min), Math.abs(max));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s: mean %.3g, std %.4g, range [%.4g, %.4g]", name, shape, mean,
                    std, min, max);
        }
    }

    /**
     * Initialises {@code block} for {@code input} with the engine seeded by {@code seed}, hands every
     * parameter's sample (by its full name) to {@code check}, and returns how many it checked.
     */
    public static int checkEach(Block block, Shape input, long seed, BiConsumer<String, Sample> check) {
        Map<String, Sample> samples = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) seed);
            block.initialize(manager, DataType.FLOAT32, input);
            for (Pair<String, Parameter> p : block.getParameters()) {
                samples.put(p.getKey(), sample(p.getKey(), p.getValue().getType(), p.getValue().getArray()));
            }
        }
        samples.forEach(check);
        return samples.size();
    }

    /** The statistics of {@code values}. */
    public static Sample sample(String name, NDArray values) {
        return sample(name, null, values);
    }

    /** The statistics of parameter {@code name}'s {@code values}. */
    public static Sample sample(String name, Parameter.Type type, NDArray values) {
        try (NDManager scope = values.getManager().newSubManager()) {
            NDArray x = values.toType(DataType.FLOAT64, true);
            x.attach(scope);
            double mean = x.mean().getDouble();
            long n = x.size();
            double var = x.sub(mean).square().sum().getDouble() / Math.max(1, n - 1);
            return new Sample(name, type, values.getShape(), n, mean, Math.sqrt(var), x.min().getDouble(),
                    x.max().getDouble());
        }
    }

    /** N(0, std²). */
    public static void assertNormal(Sample s, double std) {
        assertStd(s, std);
    }

    /** N(0, std²) truncated at ±2·std: no value beyond, and the truncated std. */
    public static void assertTruncatedNormal(Sample s, double std) {
        assertTrue(s.maxAbs() <= 2 * std * (1 + 1e-6), s + " has values beyond ±2σ = ±" + 2 * std);
        assertStd(s, std * TRUNCATED_STD_RATIO);
    }

    /** U(±bound): no value beyond, the uniform's std bound/√3, and (from 1000 values) values near the bounds. */
    public static void assertUniform(Sample s, double bound) {
        assertTrue(s.maxAbs() <= bound * (1 + 1e-6), s + " has values beyond ±" + bound);
        if (s.n() >= 1000) {
            assertTrue(s.maxAbs() > 0.99 * bound, s + " does not reach its bound ±" + bound + ": not uniform");
        }
        assertStd(s, bound / Math.sqrt(3));
    }

    /** Every value exactly {@code value} (as a float). */
    public static void assertConstant(Sample s, double value) {
        assertEquals((float) value, (float) s.min(), 0, s + " should be " + value + " everywhere");
        assertEquals((float) value, (float) s.max(), 0, s + " should be " + value + " everywhere");
    }

    /**
     * Batch norm as it starts: gamma 1, beta 0, running mean 0, running variance 1. Returns false,
     * asserting nothing, for a sample of another type.
     */
    public static boolean checkBatchNorm(Sample s) {
        if (s.type() == null) {
            return false;
        }
        switch (s.type()) {
            case GAMMA, RUNNING_VAR -> assertConstant(s, 1);
            case BETA, RUNNING_MEAN -> assertConstant(s, 0);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void assertStd(Sample s, double target) {
        double tolerance = Math.max(0.05, 6 / Math.sqrt(2.0 * s.n()));
        assertEquals(target, s.std(), target * tolerance,
                s + ": std should be " + (float) target + " within " + Math.round(tolerance * 100) + "%");
        assertEquals(0, s.mean(), 6 * target / Math.sqrt(s.n()), s + ": mean should be 0");
    }
}
