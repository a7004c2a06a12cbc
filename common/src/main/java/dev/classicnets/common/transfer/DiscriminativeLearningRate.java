package dev.classicnets.common.transfer;

import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import dev.classicnets.common.nn.ClassifierBlock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A learning-rate schedule with the feature extractor's parameters at a fraction of the rate: the
 * backbone of a pretrained network moves slowly while its new head learns at the full rate (ULMFiT's
 * discriminative fine-tuning, two groups). Our optimizers ask their tracker for each parameter's rate by
 * its id, so this works for every optimizer and schedule.
 */
public final class DiscriminativeLearningRate implements Tracker {

    private final Tracker base;
    private final Set<String> backbone;
    private final float scale;

    /**
     * @param base the schedule of the head (and of everything outside the features)
     * @param network whose {@link ClassifierBlock#features() features} get {@code scale} times the rate
     * @param scale in [0, 1]: 0 leaves the features as they are, 1 is the base schedule
     */
    public DiscriminativeLearningRate(Tracker base, ClassifierBlock network, float scale) {
        if (!(scale >= 0 && scale <= 1)) {
            throw new IllegalArgumentException("the backbone's learning-rate scale must be in [0, 1], got " + scale);
        }
        this.base = Objects.requireNonNull(base, "base");
        this.scale = scale;
        this.backbone = new HashSet<>();
        for (Parameter p : network.features().getParameters().values()) {
            backbone.add(p.getId());
        }
    }

    /** The head's rate after {@code numUpdate} updates. */
    @Override
    public float getNewValue(int numUpdate) {
        return base.getNewValue(numUpdate);
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        float rate = base.getNewValue(parameterId, numUpdate);
        return backbone.contains(parameterId) ? rate * scale : rate;
    }

    /** The factor on the features' rate. */
    public float scale() {
        return scale;
    }

    @Override
    public String toString() {
        return base + ", features x" + scale;
    }
}
