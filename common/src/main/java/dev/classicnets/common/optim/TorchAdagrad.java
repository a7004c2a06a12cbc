package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<String, Map<Device, NDArray>> sums = new ConcurrentHashMap<>();

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

    @Override
    protected void apply(String parameterId, int t, float lr, NDArray weight, NDArray g) {
        float clr = lr / (1 + (t - 1) * lrDecay);
        NDArray sum = withDefaultState(sums, parameterId, weight.getDevice(),
                k -> initialAccumulatorValue == 0f ? weight.zerosLike()
                        : weight.onesLike().muli(initialAccumulatorValue));
        try (NDArray squared = g.square()) {
            sum.addi(squared);
        }
        try (NDArray std = sum.sqrt()) {
            std.addi(constant(eps, weight));
            try (NDArray step = g.div(std)) {
                weight.subi(step.muli(rate(clr, weight)));
            }
        }
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
