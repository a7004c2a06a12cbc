package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The common part of the optimizers written here with PyTorch's update rules ({@link TorchSgd},
 * {@link TorchAdagrad}, {@link TorchRmsProp}): they run on any DJL engine with plain NDArray
 * operations, where DJL's {@code Optimizer.nag()}, {@code rmsprop()} and {@code adagrad()} throw on
 * PyTorch.
 *
 * <p>Each update, for one parameter: the learning rate from the tracker (DJL's trackers count
 * optimizer updates, starting at 1), then the gradient as the update rule sees it,
 * {@code g = clip(rescaleGrad * grad, -clipGrad, clipGrad) + weightDecay * weight} (the builder's
 * {@code setRescaleGrad}, {@code optClipGrad} and {@code optWeightDecays}; weight decay is L2 added to
 * the gradient, as {@code weight_decay} in {@code torch.optim}), then the subclass's rule, then the
 * weight's gradient is set to zero, as DJL's own PyTorch optimizers do: DJL's PyTorch gradient
 * collector does not zero gradients, so a training loop relies on the optimizer for it. Unlike DJL's
 * optimizers, whose {@code optClipGrad} only clamps the positive side on PyTorch, the clipping here
 * is symmetric, as DJL documents it.
 *
 * <p>The gradient passed to {@link #update} is not modified; the weight and the optimizer's state are
 * updated in place; the few temporaries are closed before {@code update} returns, so nothing
 * accumulates in the parameters' manager from step to step. State is kept per parameter id (and
 * device), created on the parameter's first update. Hyper-parameters enter the arithmetic as cached
 * 0-d arrays ({@link #constant}, {@link #rate}): DJL's {@code NDArray.mul(Number)} creates and frees
 * a scalar array at each call, which on PyTorch cost 15-80 us, more than the arithmetic of a small
 * layer.
 */
public abstract class TorchOptimizer extends Optimizer {

    private final ParameterTracker learningRateTracker;
    private final Map<ScalarKey, NDArray> constants = new ConcurrentHashMap<>();
    private final Map<ScalarKey, Rate> rates = new ConcurrentHashMap<>();

    /** Where and of which type a cached scalar is, and its value ({@code NaN} for the latest rate). */
    private record ScalarKey(Device device, DataType type, float value) {}

    private record Rate(float value, NDArray array) {}

    protected TorchOptimizer(Builder<?> builder) {
        super(builder);
        this.learningRateTracker = Objects.requireNonNull(builder.learningRateTracker,
                "a learning rate is required");
    }

    /** {@inheritDoc} */
    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        float lr = learningRateTracker.getNewValue(parameterId, t);
        if (!Float.isFinite(lr)) {
            throw new IllegalStateException("learning rate for update " + t + " of " + parameterId
                    + " must be finite, got " + lr);
        }
        // in-place updates of a leaf that requires a gradient are refused in grad mode (step() inside
        // a GradientCollector); DJL's native optimizers switch autograd off the same way
        boolean gradMode = weight instanceof PtNDArray && JniUtils.isGradMode();
        if (gradMode) {
            JniUtils.setGradMode(false);
        }
        NDArray g = effectiveGradient(weight, grad);
        try {
            apply(parameterId, t, lr, weight, g);
        } finally {
            if (g != grad) {
                g.close();
            }
            if (weight instanceof PtNDArray pt) {
                JniUtils.zeroGrad(pt); // only PyTorch accumulates gradients; MXNet overwrites them
            }
            if (gradMode) {
                JniUtils.setGradMode(true);
            }
        }
    }

    /**
     * The update rule: changes {@code weight} (and this optimizer's state) in place.
     *
     * @param parameterId the parameter's id, the key of its state
     * @param t the update count, from 1
     * @param lr the learning rate for this update
     * @param weight the parameter to update in place
     * @param g the gradient after rescaling, clipping and weight decay; read only, closed by the caller
     */
    protected abstract void apply(String parameterId, int t, float lr, NDArray weight, NDArray g);

    /**
     * {@code value} as a 0-d array of {@code weight}'s type on its device, kept for the optimizer's
     * life: for hyper-parameters, which do not change. Not to be closed.
     */
    protected final NDArray constant(float value, NDArray weight) {
        return constants.computeIfAbsent(new ScalarKey(weight.getDevice(), weight.getDataType(), value),
                k -> scalar(value, weight));
    }

    /**
     * {@code value} as a 0-d array like {@link #constant}, for a rate that may change from update to
     * update (the learning rate): only the latest value is kept. Not to be closed.
     */
    protected final NDArray rate(float value, NDArray weight) {
        ScalarKey key = new ScalarKey(weight.getDevice(), weight.getDataType(), Float.NaN);
        Rate last = rates.get(key);
        if (last != null && last.value() == value) {
            return last.array();
        }
        NDArray fresh = scalar(value, weight);
        rates.put(key, new Rate(value, fresh));
        if (last != null) {
            last.array().close();
        }
        return fresh;
    }

    private static NDArray scalar(float value, NDArray weight) {
        NDArray s = weight.getManager().full(new Shape(), value, weight.getDataType());
        if (!s.getDevice().equals(weight.getDevice())) {
            NDArray moved = s.toDevice(weight.getDevice(), false);
            s.close();
            s = moved;
        }
        s.detach(); // lives with the optimizer, as its state does
        return s;
    }

    /** {@code clip(rescaleGrad * grad) + weightDecay * weight}: {@code grad} itself when that is all. */
    private NDArray effectiveGradient(NDArray weight, NDArray grad) {
        float weightDecay = getWeightDecay();
        NDArray g = null;
        if (rescaleGrad != 1f) {
            g = grad.mul(constant(rescaleGrad, weight));
        }
        if (clipGrad >= 0) {
            NDArray x = g == null ? grad : g;
            NDArray clipped;
            try (NDArray upper = x.minimum(constant(clipGrad, weight))) {
                clipped = upper.maximum(constant(-clipGrad, weight));
            }
            if (g != null) {
                g.close();
            }
            g = clipped;
        }
        if (weightDecay != 0f) {
            NDArray decay = weight.mul(constant(weightDecay, weight));
            if (g == null) {
                g = decay.addi(grad);
            } else {
                g.addi(decay);
                decay.close();
            }
        }
        return g == null ? grad : g;
    }

    /**
     * {@code x} clamped to {@code [-c, c]}, a new array. Not {@code NDArray.clip}: on PyTorch it leaves its
     * two bounds, as arrays, in {@code x}'s manager at every call (DJL 0.35.1).
     */
    static NDArray clamp(NDArray x, float c) {
        try (NDArray upper = x.minimum(c)) {
            return upper.maximum(-c);
        }
    }

    static void checkNonNegative(String what, float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + value);
        }
    }

    /** The options every optimizer here shares: the learning rate and DJL's builder options. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends OptimizerBuilder<T> {

        ParameterTracker learningRateTracker;

        /** @param defaultLearningRate PyTorch's default, or {@code NaN} when PyTorch requires one */
        protected Builder(float defaultLearningRate) {
            if (!Float.isNaN(defaultLearningRate)) {
                learningRateTracker = Tracker.fixed(defaultLearningRate);
            }
        }

        /** The learning rate per update (DJL's trackers count updates from 1). */
        public T optLearningRateTracker(ParameterTracker learningRateTracker) {
            this.learningRateTracker = Objects.requireNonNull(learningRateTracker);
            return self();
        }

        /** A constant learning rate. */
        public T optLearningRate(float learningRate) {
            if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
            }
            return optLearningRateTracker(Tracker.fixed(learningRate));
        }

        @Override
        protected T self() {
            return (T) this;
        }

        /** Checks the shared options (called by the subclasses' {@code build()}). */
        protected void validate() {
            if (learningRateTracker == null) {
                throw new IllegalArgumentException("a learning rate is required (PyTorch has no default for it)");
            }
        }
    }
}
