package dev.classicnets.common.optim;

import ai.djl.ndarray.NDArray;

/**
 * RMSprop (Hinton's lecture 6e) with PyTorch's rule ({@code torch.optim.RMSprop}), with optional
 * momentum and the centered variant, which DJL's {@code Optimizer.rmsprop()} cannot do on PyTorch (it
 * throws).
 *
 * <pre>
 * g   = grad + weightDecay * w
 * v   = alpha * v + (1 - alpha) * g * g
 * a   = alpha * a + (1 - alpha) * g       (centered only)
 * d   = sqrt(v - a * a) + eps             (centered; otherwise sqrt(v) + eps)
 * b   = momentum * b + g / d;  w = w - lr * b    (momentum > 0)
 * w   = w - lr * g / d                           (otherwise)
 * </pre>
 *
 * <p>Defaults as in PyTorch: {@code lr=0.01, alpha=0.99, eps=1e-8, momentum=0, centered=false}, no
 * weight decay; the epsilon is added after the square root. DJL's {@code RmsProp} defaults to
 * {@code lr=0.001, rho=0.9, momentum=0.9, eps=1e-8}; Keras' to {@code learning_rate=0.001, rho=0.9,
 * momentum=0, epsilon=1e-7} with the epsilon inside the square root and the learning rate inside the
 * momentum buffer.
 *
 * <pre>{@code
 * Optimizer rmsprop = TorchRmsProp.builder().optLearningRate(1e-3f).optMomentum(0.9f).optCentered(true)
 *         .build();
 * }</pre>
 */
public class TorchRmsProp extends TorchOptimizer {

    private final float alpha;
    private final float eps;
    private final float momentum;
    private final boolean centered;
    /** {@code v}, kept as {@code v / ((1 - alpha) c^2)}, c the gradient's pending scale. */
    private final ParameterStates squareAverages = newStates("squareAverages");
    /** {@code a} (centered only), kept as {@code a / ((1 - alpha) c)}. */
    private final ParameterStates gradientAverages = newStates("gradientAverages");
    /** {@code b} (momentum only), kept as {@code r * b}, r the last nonzero learning rate. */
    private final ParameterStates buffers = newStates("buffers");
    private final Workspace workspace = new Workspace();

    protected TorchRmsProp(Builder builder) {
        super(builder);
        this.alpha = builder.alpha;
        this.eps = builder.eps;
        this.momentum = builder.momentum;
        this.centered = builder.centered;
        checkNonNegative("weight decay", getWeightDecay());
    }

    public static Builder builder() {
        return new Builder();
    }

    /*
     * In place, with one reused scratch array W (the rule needs g and g * g at once) and the square root
     * as the one temporary (see TorchOptimizer.squareRoot). The stored averages
     * V = v / k2 and A = a / k1 (k1 = (1 - alpha) c, k2 = (1 - alpha) c^2) take g * g and g as they are;
     * then v - a^2 = k2 * (V - (1 - alpha) A^2) and g / (sqrt(v - a^2) + eps) = G / (sqrt(1 - alpha) *
     * (sqrt(V - (1 - alpha) A^2) + eps / sqrt(k2))).
     */
    @Override
    protected void apply(String parameterId, int t, float lr, NDArray weight, NDArray g, float scale) {
        float k1 = (1f - alpha) * scale;
        float k2 = k1 * scale;
        if (!Float.isFinite(1f / k2)) { // an extreme pending scale: apply it
            scale(g, scale);
            scale = 1f;
            k1 = 1f - alpha;
            k2 = k1;
        }
        try (NDArray work = workspace.like(weight)) {
            copyInto(work, g);
            work.muli(work);
            ParameterStates.Entry v = decay(squareAverages, parameterId, work, 1f / k2);
            ParameterStates.Entry a = centered ? decay(gradientAverages, parameterId, g, 1f / k1) : null;
            if (a != null) {
                copyInto(work, a.array);
                work.muli(work);
                work.muli(scalar(-(1f - alpha), work));
                work.addi(v.array);
            }
            try (NDArray d = squareRoot(a != null ? work : v.array)) {
                float root = (float) Math.sqrt(1f / k2);
                d.addi(scalar(eps * root, d));
                // now sqrt(v - a^2) + eps = d / root, and g_eff / that = scale * root * g / d
                step(parameterId, lr, weight, g, d, scale * root);
            }
        }
    }

    /** {@code w -= lr * r} or, with momentum, {@code b = momentum * b + r; w -= lr * b}, {@code r = f * g / d}. */
    private void step(String parameterId, float lr, NDArray weight, NDArray g, NDArray d, float f) {
        if (momentum > 0) {
            ParameterStates.Entry b = buffers.get(parameterId, weight.getDevice());
            float rate = lr != 0f ? lr : b != null ? b.scale : 1f;
            scale(d, 1f / (rate * f));
            g.divi(d); // rate * r
            if (b == null) {
                b = buffers.put(parameterId, g.duplicate(), rate); // torch's buffer starts at zero: b = r
            } else {
                scale(b.array, momentum * (rate / b.scale));
                b.array.addi(g);
                b.scale = rate;
            }
            if (lr != 0f) {
                weight.subi(b.array);
            }
        } else if (lr != 0f) {
            scale(d, 1f / (lr * f));
            g.divi(d);
            weight.subi(g);
        }
    }

    /** {@code s = alpha * s + x} on the stored form of s (scale {@code newScale}); zero before the first. */
    private ParameterStates.Entry decay(ParameterStates states, String parameterId, NDArray x, float newScale) {
        ParameterStates.Entry s = states.get(parameterId, x.getDevice());
        if (s == null) {
            return states.put(parameterId, x.duplicate(), newScale);
        }
        scale(s.array, alpha * (newScale / s.scale));
        s.array.addi(x);
        s.scale = newScale;
        return s;
    }

    /** Options with PyTorch's defaults. */
    public static final class Builder extends TorchOptimizer.Builder<Builder> {

        private float alpha = 0.99f;
        private float eps = 1e-8f;
        private float momentum;
        private boolean centered;

        Builder() {
            super(0.01f);
        }

        /**
         * The decay of the running average of squared gradients, {@code rho} elsewhere, in [0, 1) (default
         * 0.99; at 1 the average would never move from zero).
         */
        public Builder optAlpha(float alpha) {
            if (!(alpha >= 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must be in [0, 1), got " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /** Added to the root of the average (default 1e-8). */
        public Builder optEpsilon(float eps) {
            checkNonNegative("epsilon", eps);
            this.eps = eps;
            return this;
        }

        /** Momentum on the scaled gradient (default 0: none). */
        public Builder optMomentum(float momentum) {
            checkNonNegative("momentum", momentum);
            this.momentum = momentum;
            return this;
        }

        /** Divide by the estimated standard deviation of the gradient rather than its RMS (default false). */
        public Builder optCentered(boolean centered) {
            this.centered = centered;
            return this;
        }

        public TorchRmsProp build() {
            validate();
            return new TorchRmsProp(this);
        }
    }
}
