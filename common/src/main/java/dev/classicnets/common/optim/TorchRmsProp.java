package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<String, Map<Device, NDArray>> squareAverages = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> gradientAverages = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> buffers = new ConcurrentHashMap<>();

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

    @Override
    protected void apply(String parameterId, int t, float lr, NDArray weight, NDArray g) {
        Device device = weight.getDevice();
        NDArray alphaArray = constant(alpha, weight);
        NDArray oneMinusAlpha = constant(1f - alpha, weight);
        NDArray v = withDefaultState(squareAverages, parameterId, device, k -> weight.zerosLike());
        v.muli(alphaArray);
        try (NDArray squared = g.square()) {
            v.addi(squared.muli(oneMinusAlpha));
        }
        NDArray denominator;
        if (centered) {
            NDArray a = withDefaultState(gradientAverages, parameterId, device, k -> weight.zerosLike());
            a.muli(alphaArray);
            try (NDArray part = g.mul(oneMinusAlpha)) {
                a.addi(part);
            }
            try (NDArray squared = a.square(); NDArray variance = v.sub(squared)) {
                denominator = variance.sqrt();
            }
        } else {
            denominator = v.sqrt();
        }
        try (NDArray d = denominator.addi(constant(eps, weight)); NDArray ratio = g.div(d)) {
            if (momentum > 0) {
                NDArray b = withDefaultState(buffers, parameterId, device, k -> weight.zerosLike());
                b.muli(constant(momentum, weight)).addi(ratio);
                try (NDArray step = b.mul(rate(lr, weight))) {
                    weight.subi(step);
                }
            } else {
                weight.subi(ratio.muli(rate(lr, weight)));
            }
        }
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

        /** The decay of the running average of squared gradients, {@code rho} elsewhere (default 0.99). */
        public Builder optAlpha(float alpha) {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
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
