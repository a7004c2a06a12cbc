package dev.classicnets.common.augment;

import java.util.Random;

/**
 * Beta(a, b) draws from a {@link java.util.Random}, as X / (X + Y) of two gamma variables
 * (Marsaglia and Tsang 2000; shapes below 1 boosted by U^(1/shape)), in log space so that small
 * shapes (mixup's alpha = 0.2) do not underflow to 0 / 0.
 */
final class BetaDistribution {
    private BetaDistribution() {}

    static double sample(Random rng, double a, double b) {
        double logX = logGamma(rng, a);
        double logY = logGamma(rng, b);
        // X / (X + Y) = 1 / (1 + exp(log Y - log X))
        return 1 / (1 + Math.exp(logY - logX));
    }

    /** The log of a Gamma(shape, 1) draw. */
    static double logGamma(Random rng, double shape) {
        if (shape < 1) {
            double u = 1 - rng.nextDouble(); // in (0, 1]
            return logGamma(rng, shape + 1) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return Math.log(d * v);
            }
        }
    }
}
