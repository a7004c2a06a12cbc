package dev.classicnets.common.optim;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which optimizer to train with, by name, with its learning-rate schedule, weight decay and
 * momentum: the settings a recipe or the command line gives, turned into a DJL {@link Optimizer}.
 *
 * @param name one of {@link #NAMES}
 * @param learningRate the schedule (DJL trackers count optimizer updates)
 * @param weightDecay L2 weight decay (for AdamW, decoupled)
 * @param momentum SGD momentum (ignored by the Adam family)
 */
public record OptimizerSettings(String name, Tracker learningRate, float weightDecay, float momentum) {

    /** The optimizers that work on the PyTorch engine. */
    public static final String[] NAMES = {"sgd", "momentum", "adam", "adamw"};

    public OptimizerSettings {
        name = name.toLowerCase(Locale.ROOT);
        if (!Arrays.asList(NAMES).contains(name)) {
            throw new IllegalArgumentException(
                    "unknown optimizer '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
        if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
    }

    /** A constant learning rate. */
    public static OptimizerSettings of(String name, float learningRate, float weightDecay) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        return new OptimizerSettings(name, Tracker.fixed(learningRate), weightDecay,
                "momentum".equalsIgnoreCase(name) ? 0.9f : 0f);
    }

    /** The DJL optimizer. */
    public Optimizer build() {
        return switch (name) {
            case "sgd", "momentum" -> Optimizer.sgd().setLearningRateTracker(learningRate)
                    .optMomentum(momentum).optWeightDecays(weightDecay).build();
            case "adam" -> Optimizer.adam().optLearningRateTracker(learningRate).optWeightDecays(weightDecay).build();
            case "adamw" -> Optimizer.adamW().optLearningRateTracker(learningRate).optWeightDecays(weightDecay)
                    .build();
            default -> throw new IllegalStateException(name);
        };
    }

    /** The learning rate in force after {@code updates} optimizer steps. */
    public float learningRateAt(int updates) {
        return learningRate.getNewValue(updates);
    }
}
