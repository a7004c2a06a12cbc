package dev.classicnets.common.optim;

import ai.djl.ndarray.NDArray;

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
    /** {@code b}, kept as {@code r * b} (Nesterov: {@code momentum * r * b}), r the last nonzero learning rate. */
    private final ParameterStates velocities = newStates("velocities");

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

    /*
     * In place, with the learning rate kept inside the stored velocity v = r * b, so that w -= lr * b is
     * one subtraction (r = lr, the last nonzero rate; when the rate changes, v is rescaled by lr / r in the
     * momentum multiplication, which happens anyway). Passes over the parameter's size: plain SGD 2
     * (g *= lr; w -= g); momentum 3 (v *= m; g *= lr; v += g; w -= v); Nesterov 6.
     */
    @Override
    protected void apply(String parameterId, int t, float lr, NDArray weight, NDArray g, float scale) {
        if (momentum == 0f) {
            scale(g, lr * scale);
            weight.subi(g);
            return;
        }
        ParameterStates.Entry v = velocities.get(parameterId, weight.getDevice());
        float rate = lr != 0f ? lr : v != null ? v.scale / (nesterov ? momentum : 1f) : 1f;
        float vScale = nesterov ? momentum * rate : rate;
        if (nesterov) {
            // w -= lr * g + lr * m * b_new, b_new = m * b + g: v holds m * r * b
            scale(g, rate * scale);
            if (lr != 0f) {
                weight.subi(g);
            }
            scale(g, momentum);
        } else {
            // torch applies no dampening at the first update (b = g)
            scale(g, rate * scale * (v == null ? 1f : 1f - dampening));
        }
        if (v == null) {
            v = velocities.put(parameterId, g.duplicate(), vScale);
        } else {
            scale(v.array, momentum * (vScale / v.scale));
            v.array.addi(g);
            v.scale = vScale;
        }
        if (lr != 0f) {
            weight.subi(v.array);
        }
    }

    /** One pass: libtorch's {@code _fused_sgd_} keeps {@code b} as torch does (scale 1). */
    @Override
    boolean applyFused(FusedKernels kernels, String parameterId, int t, float lr, NDArray weight, NDArray grad,
            float scale) {
        ParameterStates.Entry v = momentum == 0f ? null : velocities.get(parameterId, weight.getDevice());
        if (!(v == null ? kernels.accepts(weight, grad) : kernels.accepts(weight, grad, v.array))) {
            return false;
        }
        scale(grad, scale);
        boolean first = momentum != 0f && v == null;
        if (first) {
            v = velocities.put(parameterId, zerosLike(weight), 1f); // the kernel writes b = g into it
        } else if (v != null) {
            v.normalized(scalars());
        }
        kernels.sgd(weight, grad, v == null ? null : v.array, getWeightDecay(), momentum, lr, dampening, nesterov,
                first);
        return true;
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
