package dev.classicnets.common.optim;

import ai.djl.ndarray.NDArray;

/**
 * Adagrad (Duchi, Hazan and Singer 2011) with PyTorch's rule ({@code torch.optim.Adagrad}), which
 * DJL's {@code Optimizer.adagrad()} cannot do on PyTorch (it throws).
 *
 * <pre>
 * g   = grad + weightDecay * w
 * clr = lr / (1 + (t - 1) * lrDecay)
 * s   = s + g * g                     (s starts at initialAccumulatorValue)
 * w   = w - clr * g / (sqrt(s) + eps)
 * </pre>
 *
 * <p>Defaults as in PyTorch: {@code lr=0.01, lrDecay=0, initialAccumulatorValue=0, eps=1e-10}, no weight
 * decay. DJL's {@code Adagrad} defaults to {@code lr=0.001, eps=1e-8}; Keras' to
 * {@code learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7} with the epsilon inside
 * the square root.
 *
 * <pre>{@code
 * Optimizer adagrad = TorchAdagrad.builder().optLearningRate(0.05f).build();
 * }</pre>
 */
public class TorchAdagrad extends TorchOptimizer {

    private final float lrDecay;
    private final float initialAccumulatorValue;
    private final float eps;
    /** {@code s}, kept as {@code s / scale^2} of the gradient's pending scale, so that {@code g * g} adds as it is. */
    private final ParameterStates sums = newStates("sums");
    private final Workspace workspace = new Workspace();

    protected TorchAdagrad(Builder builder) {
        super(builder);
        this.lrDecay = builder.lrDecay;
        this.initialAccumulatorValue = builder.initialAccumulatorValue;
        this.eps = builder.eps;
        checkNonNegative("weight decay", getWeightDecay());
    }

    public static Builder builder() {
        return new Builder();
    }

    /*
     * In place, with one reused scratch array W (the rule needs g and g * g at once) and the square root
     * as the one temporary (see TorchOptimizer.squareRoot). With the stored
     * sum S = s / c^2 (c the gradient's pending scale), g * g adds as it is, and
     * g / (sqrt(s) + eps) = G / (sqrt(S) + eps / c).
     */
    @Override
    protected void apply(String parameterId, int t, float lr, NDArray weight, NDArray g, float scale) {
        float clr = lr / (1 + (t - 1) * lrDecay);
        float sumScale = 1f / (scale * scale);
        if (!Float.isFinite(sumScale) || sumScale == 0f) {
            scale(g, scale);
            scale = 1f;
            sumScale = 1f;
        }
        try (NDArray work = workspace.like(weight)) {
            copyInto(work, g);
            work.muli(work);
            ParameterStates.Entry sum = sums.get(parameterId, weight.getDevice());
            if (sum == null) {
                NDArray s = work.duplicate();
                if (initialAccumulatorValue != 0f) {
                    s.addi(scalar(initialAccumulatorValue * sumScale, s));
                }
                sum = sums.put(parameterId, s, sumScale);
            } else {
                scale(sum.array, sumScale / sum.scale);
                sum.array.addi(work);
                sum.scale = sumScale;
            }
            if (clr == 0f) {
                return;
            }
            float root = (float) Math.sqrt(sumScale);
            try (NDArray d = squareRoot(sum.array)) {
                d.addi(scalar(eps * root, d));
                scale(d, 1f / (clr * scale * root));
                g.divi(d);
                weight.subi(g);
            }
        }
    }

    /** One pass: libtorch's {@code _fused_adagrad_}, with s as torch keeps it. */
    @Override
    boolean applyFused(FusedKernels kernels, String parameterId, int t, float lr, NDArray weight, NDArray grad,
            float scale) {
        ParameterStates.Entry sum = sums.get(parameterId, weight.getDevice());
        if (!(sum == null ? kernels.accepts(weight, grad) : kernels.accepts(weight, grad, sum.array))) {
            return false;
        }
        scale(grad, scale);
        if (sum == null) {
            NDArray s = zerosLike(weight);
            s.addi(scalar(initialAccumulatorValue, s));
            sum = sums.put(parameterId, s, 1f);
        }
        kernels.adagrad(weight, grad, sum.normalized(scalars()), scalar(t, weight), lr, lrDecay, getWeightDecay(),
                eps);
        return true;
    }

    /** Options with PyTorch's defaults. */
    public static final class Builder extends TorchOptimizer.Builder<Builder> {

        private float lrDecay;
        private float initialAccumulatorValue;
        private float eps = 1e-10f;

        Builder() {
            super(0.01f);
        }

        /** Learning-rate decay per update, {@code lr / (1 + (t - 1) * lrDecay)} (default 0). */
        public Builder optLrDecay(float lrDecay) {
            checkNonNegative("lr decay", lrDecay);
            this.lrDecay = lrDecay;
            return this;
        }

        /** The starting value of the sum of squared gradients (default 0). */
        public Builder optInitialAccumulatorValue(float value) {
            checkNonNegative("initial accumulator value", value);
            this.initialAccumulatorValue = value;
            return this;
        }

        /** Added to the root of the sum of squares (default 1e-10). */
        public Builder optEpsilon(float eps) {
            checkNonNegative("epsilon", eps);
            this.eps = eps;
            return this;
        }

        public TorchAdagrad build() {
            validate();
            return new TorchAdagrad(this);
        }
    }
}
