package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stochastic gradient descent with PyTorch's rules ({@code torch.optim.SGD}): plain, with momentum
 * (heavy ball), with dampening, and with Nesterov momentum, which DJL's {@code Optimizer.nag()}
 * cannot do on PyTorch (it throws).
 *
 * <pre>
 * g = grad + weightDecay * w
 * b = g                                   (first update)
 * b = momentum * b + (1 - dampening) * g  (later updates)
 * w = w - lr * (nesterov ? g + momentum * b : b)
 * </pre>
 *
 * <p>The learning rate multiplies the velocity when it is applied, as in PyTorch. DJL's own
 * {@code Optimizer.sgd().optMomentum(m)} keeps the learning rate inside the velocity instead
 * ({@code v = m * v + lr * g; w = w - v}, MXNet's convention): the two agree while the learning rate is
 * constant ({@code v = lr * b}) and differ after it changes, where DJL's velocity still carries the
 * old rate for about {@code 1 / (1 - m)} updates (a test pins this). Without momentum the two are the
 * same rule.
 *
 * <p>Defaults as in PyTorch: no momentum, no dampening, no Nesterov, no weight decay, and no default
 * learning rate (one is required). Keras' {@code SGD} defaults to {@code learning_rate=0.01}, keeps the
 * learning rate inside the velocity as DJL does, and its {@code weight_decay} is decoupled
 * ({@code w -= lr * wd * w}, the same thing as L2 only without momentum).
 *
 * <pre>{@code
 * Optimizer nesterov = TorchSgd.builder().optLearningRate(0.1f).optMomentum(0.9f).optNesterov(true)
 *         .optWeightDecays(5e-4f).build();
 * }</pre>
 */
public class TorchSgd extends TorchOptimizer {

    private final float momentum;
    private final float dampening;
    private final boolean nesterov;
    private final Map<String, Map<Device, NDArray>> velocities = new ConcurrentHashMap<>();

    protected TorchSgd(Builder builder) {
        super(builder);
        this.momentum = builder.momentum;
        this.dampening = builder.dampening;
        this.nesterov = builder.nesterov;
        checkNonNegative("weight decay", getWeightDecay());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void apply(String parameterId, int t, float lr, NDArray weight, NDArray g) {
        if (momentum == 0f) {
            try (NDArray step = g.mul(rate(lr, weight))) {
                weight.subi(step);
            }
            return;
        }
        boolean first = !velocities.containsKey(parameterId);
        NDArray b = withDefaultState(velocities, parameterId, weight.getDevice(), k -> g.duplicate());
        if (!first) {
            b.muli(constant(momentum, weight));
            if (dampening == 0f) {
                b.addi(g);
            } else {
                try (NDArray damped = g.mul(constant(1f - dampening, weight))) {
                    b.addi(damped);
                }
            }
        }
        if (nesterov) {
            try (NDArray step = b.mul(constant(momentum, weight))) {
                weight.subi(step.addi(g).muli(rate(lr, weight)));
            }
        } else {
            try (NDArray step = b.mul(rate(lr, weight))) {
                weight.subi(step);
            }
        }
    }

    /** Options with PyTorch's defaults; the learning rate is required. */
    public static final class Builder extends TorchOptimizer.Builder<Builder> {

        private float momentum;
        private float dampening;
        private boolean nesterov;

        Builder() {
            super(Float.NaN);
        }

        /** The momentum factor, >= 0 (default 0: plain SGD). */
        public Builder optMomentum(float momentum) {
            checkNonNegative("momentum", momentum);
            this.momentum = momentum;
            return this;
        }

        /** The dampening of the gradient added to the velocity, in [0, 1] (default 0). */
        public Builder optDampening(float dampening) {
            if (!(dampening >= 0 && dampening <= 1)) {
                throw new IllegalArgumentException("dampening must be in [0, 1], got " + dampening);
            }
            this.dampening = dampening;
            return this;
        }

        /** Nesterov momentum (default false); needs a momentum > 0 and no dampening. */
        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public TorchSgd build() {
            validate();
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0 and no dampening, got "
                        + "momentum " + momentum + " and dampening " + dampening);
            }
            return new TorchSgd(this);
        }
    }
}
