package dev.classicnets.common.optim;

import ai.djl.ndarray.NDArray;

/**
 * Adam (Kingma and Ba 2015) and AdamW (Loshchilov and Hutter 2019) with PyTorch's rules
 * ({@code torch.optim.Adam}, {@code torch.optim.AdamW}), in place.
 *
 * <pre>
 * g = grad + weightDecay * w              (Adam; AdamW instead: w = w * (1 - lr * weightDecay))
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * w = w - lr / (1 - beta1^t) * m / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * <p>Why not DJL's {@code Optimizer.adam()}: on PyTorch it clones the gradient and makes four more
 * full-size temporaries per parameter (measured on VGG-11: 1.3 s per update against torch's 0.42 s),
 * and it adds epsilon to {@code sqrt(v)} before the bias correction of {@code v}, in effect
 * {@code eps / sqrt(1 - beta2^t)}: 32 times PyTorch's at the first update (a test pins it). Here epsilon
 * is added after the correction, as in PyTorch. No AMSGrad.
 *
 * <p>Defaults as in PyTorch: {@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8}, weight decay 0 for Adam and
 * 0.01 for AdamW. DJL's defaults are the same except AdamW's decay (DJL: 0.01 too); Keras' epsilon is
 * 1e-7.
 *
 * <pre>{@code
 * Optimizer adam = TorchAdam.builder().optLearningRate(3e-4f).build();
 * Optimizer adamW = TorchAdamW.builder().optLearningRate(1e-3f).optWeightDecays(0.05f).build();
 * }</pre>
 */
public class TorchAdam extends TorchOptimizer {

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final boolean decoupled;
    /** {@code m}, kept as {@code m / ((1 - beta1) c)}, c the gradient's pending scale: g adds as it is. */
    private final ParameterStates means = newStates("means");
    /** {@code v}, kept as {@code v / ((1 - beta2) c^2)}: g * g adds as it is. */
    private final ParameterStates variances = newStates("variances");

    protected TorchAdam(Builder builder) {
        super(builder);
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.eps = builder.eps;
        this.decoupled = builder.decoupled;
        checkNonNegative("weight decay", getWeightDecay());
    }

    /** Adam: weight decay (default 0) is L2 added to the gradient. See {@link TorchAdamW#builder()}. */
    public static Builder builder() {
        return new Builder(false);
    }

    @Override
    protected boolean decoupledWeightDecay() {
        return decoupled;
    }

    /*
     * Passes over the parameter's size: m *= .; m += g; g *= g; v *= .; v += g; d = sqrt(v) (the one
     * temporary); d += e; d *= 1 / c; g = m; g /= d; w -= g -- and w *= . for AdamW. With
     * M = m / ((1 - beta1) s) and V = v / ((1 - beta2) s^2) (s the gradient's pending scale), the step is
     * c * M / (sqrt(V) + e), c = lr * k / ((1 - beta1^t) * M's scale), e = eps * k,
     * k = sqrt((1 - beta2^t) * V's scale).
     */
    @Override
    protected void apply(String parameterId, int t, float lr, NDArray weight, NDArray g, float scale) {
        if (decoupled && getWeightDecay() != 0f && lr != 0f) {
            weight.muli(scalar(1f - lr * getWeightDecay(), weight));
        }
        float mScale = 1f / ((1f - beta1) * scale);
        float vScale = 1f / ((1f - beta2) * scale * scale);
        if (!Float.isFinite(vScale) || vScale == 0f || !Float.isFinite(mScale)) { // an extreme pending scale
            scale(g, scale);
            scale = 1f;
            mScale = 1f / (1f - beta1);
            vScale = 1f / (1f - beta2);
        }
        ParameterStates.Entry m = decay(means, beta1, parameterId, g, mScale);
        g.muli(g);
        ParameterStates.Entry v = decay(variances, beta2, parameterId, g, vScale);
        if (lr == 0f) {
            return;
        }
        double k = Math.sqrt((1 - Math.pow(beta2, t)) * v.scale);
        double c = lr * k / ((1 - Math.pow(beta1, t)) * m.scale);
        try (NDArray d = squareRoot(v.array)) {
            d.addi(scalar((float) (eps * k), d));
            scale(d, (float) (1 / c));
            copyInto(g, m.array);
            g.divi(d);
            weight.subi(g);
        }
    }

    /** One pass: libtorch's {@code _fused_adam_} or {@code _fused_adamw_}, with m and v as torch keeps them. */
    @Override
    boolean applyFused(FusedKernels kernels, String parameterId, int t, float lr, NDArray weight, NDArray grad,
            float scale) {
        ParameterStates.Entry m = means.get(parameterId, weight.getDevice());
        ParameterStates.Entry v = variances.get(parameterId, weight.getDevice());
        if (!(m == null || v == null ? kernels.accepts(weight, grad) : kernels.accepts(weight, grad, m.array,
                v.array))) {
            return false;
        }
        scale(grad, scale);
        m = m == null ? means.put(parameterId, zerosLike(weight), 1f) : m;
        v = v == null ? variances.put(parameterId, zerosLike(weight), 1f) : v;
        kernels.adam(decoupled, weight, grad, m.normalized(scalars()), v.normalized(scalars()), scalar(t, weight),
                lr, beta1, beta2, getWeightDecay(), eps);
        return true;
    }

    /** {@code s = beta * s + x} on the stored form of s (scale {@code newScale}); zero before the first. */
    private ParameterStates.Entry decay(ParameterStates states, float beta, String parameterId, NDArray x,
            float newScale) {
        ParameterStates.Entry s = states.get(parameterId, x.getDevice());
        if (s == null) {
            return states.put(parameterId, x.duplicate(), newScale);
        }
        scale(s.array, beta * (newScale / s.scale));
        s.array.addi(x);
        s.scale = newScale;
        return s;
    }

    /** Options with PyTorch's defaults. */
    public static final class Builder extends TorchOptimizer.Builder<Builder> {

        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float eps = 1e-8f;
        private final boolean decoupled;

        Builder(boolean decoupled) {
            super(1e-3f);
            this.decoupled = decoupled;
            if (decoupled) {
                optWeightDecays(0.01f);
            }
        }

        /** The decay of the running average of gradients, in [0, 1) (default 0.9). */
        public Builder optBeta1(float beta1) {
            this.beta1 = checkBeta("beta1", beta1);
            return this;
        }

        /** The decay of the running average of squared gradients, in [0, 1) (default 0.999). */
        public Builder optBeta2(float beta2) {
            this.beta2 = checkBeta("beta2", beta2);
            return this;
        }

        /** Added to the bias-corrected root of the average of squares (default 1e-8). */
        public Builder optEpsilon(float eps) {
            checkNonNegative("epsilon", eps);
            this.eps = eps;
            return this;
        }

        private static float checkBeta(String what, float beta) {
            if (!(beta >= 0 && beta < 1)) {
                throw new IllegalArgumentException(what + " must be in [0, 1), got " + beta);
            }
            return beta;
        }

        /** A {@link TorchAdamW} when built by {@link TorchAdamW#builder()}, otherwise a {@link TorchAdam}. */
        public TorchAdam build() {
            validate();
            return decoupled ? new TorchAdamW(this) : new TorchAdam(this);
        }
    }
}
