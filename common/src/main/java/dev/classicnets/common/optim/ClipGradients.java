package dev.classicnets.common.optim;

import ai.djl.nn.Block;
import dev.classicnets.common.callback.BatchListener;
import java.util.Locale;

/**
 * Gradient clipping as the loop's per-batch hook: before every update, the gradients of the network
 * about to be updated are clipped by global norm or by value ({@link GradientClipping}, as
 * {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}). From the command line:
 * {@code --clip-grad-norm X}, {@code --clip-grad-value X}.
 */
public final class ClipGradients implements BatchListener {

    private final float maxNorm;
    private final float maxValue;

    private ClipGradients(float maxNorm, float maxValue) {
        this.maxNorm = maxNorm;
        this.maxValue = maxValue;
    }

    /** Scales the gradients down whenever their global L2 norm exceeds {@code maxNorm}. */
    public static ClipGradients byNorm(float maxNorm) {
        if (!(maxNorm > 0) || Float.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("the gradient norm to clip at must be a positive number, got " + maxNorm);
        }
        return new ClipGradients(maxNorm, Float.NaN);
    }

    /** Clamps every gradient element to {@code [-maxValue, maxValue]}. */
    public static ClipGradients byValue(float maxValue) {
        if (!(maxValue > 0) || Float.isInfinite(maxValue)) {
            throw new IllegalArgumentException("the gradient value to clip at must be a positive number, got "
                    + maxValue);
        }
        return new ClipGradients(Float.NaN, maxValue);
    }

    @Override
    public void beforeUpdate(String network, Block block) {
        if (Float.isNaN(maxValue)) {
            GradientClipping.clipByGlobalNorm(block, maxNorm);
        } else {
            GradientClipping.clipByValue(block, maxValue);
        }
    }

    @Override
    public String toString() {
        return Float.isNaN(maxValue) ? String.format(Locale.ROOT, "clip by global norm %s", maxNorm)
                : String.format(Locale.ROOT, "clip by value %s", maxValue);
    }
}
