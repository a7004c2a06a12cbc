package dev.classicnets.common.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import dev.classicnets.common.nn.ChannelsLast;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The common part of the optimizers written here with PyTorch's update rules ({@link TorchSgd},
 * {@link TorchAdagrad}, {@link TorchRmsProp}, {@link TorchAdam}): DJL's {@code Optimizer.nag()},
 * {@code rmsprop()} and {@code adagrad()} throw on PyTorch, and DJL's Adam places epsilon differently
 * and makes five full-size temporaries per parameter.
 *
 * <p>Each update, for one parameter: the learning rate from the tracker (DJL's trackers count
 * optimizer updates, starting at 1), then the gradient as the update rule sees it,
 * {@code g = clip(rescaleGrad * grad, -clipGrad, clipGrad) + weightDecay * weight} (the builder's
 * {@code setRescaleGrad}, {@code optClipGrad} and {@code optWeightDecays}; weight decay is L2 added to
 * the gradient, as {@code weight_decay} in {@code torch.optim}, except where a rule decouples it), then
 * the subclass's rule, then the weight's gradient is set to zero, as DJL's own PyTorch optimizers do:
 * DJL's PyTorch gradient collector does not zero gradients, so a training loop relies on the optimizer
 * for it. Unlike DJL's optimizers, whose {@code optClipGrad} only clamps the positive side on PyTorch,
 * the clipping here is symmetric, as DJL documents it.
 *
 * <p>SGD, Adam, AdamW and Adagrad run as one of libtorch's fused kernels where it takes the arrays
 * ({@link FusedKernels}; {@code optFused(false)} turns that off): one pass over the weight, its gradient
 * and the state. What follows is how the rules run otherwise, as DJL operations.
 *
 * <p>Everything happens in place, with (almost) no full-size temporaries: an update is memory-bound, and on
 * this engine a fresh array of a large layer costs more than its arithmetic (glibc maps blocks over
 * 32 MB afresh at each allocation, so each is page-faulted in again). DJL's in-place operations have no
 * {@code alpha} ({@code add_(x, alpha=a)}) and no {@code addcmul_}, so the rules keep constant factors
 * in the state ({@link ParameterStates}) or in a pending scale of the gradient, and the gradient given
 * to {@link #update} is their working memory: <b>its values are overwritten</b>. Both ways DJL calls
 * an optimizer allow that: the trainer's parameter server passes a copy that it then closes, and
 * {@link DirectStep} passes the weight's own gradient, which the update zeroes anyway. The exceptions:
 * the rules with a square root (Adam, AdamW, RMSprop, Adagrad) make one temporary for it
 * ({@link #squareRoot}), and value clipping ({@code optClipGrad}) makes two. State is kept per
 * parameter id and device, created on the parameter's first update.
 */
public abstract class TorchOptimizer extends Optimizer {

    private final ParameterTracker learningRateTracker;
    private final List<ParameterStates> states = new ArrayList<>();
    private final Scalars scalars = new Scalars();
    private final boolean fused;

    protected TorchOptimizer(Builder<?> builder) {
        super(builder);
        this.fused = builder.fused;
        this.learningRateTracker = Objects.requireNonNull(builder.learningRateTracker,
                "a learning rate is required");
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code grad} is overwritten (it is the update's working memory); {@code weight}'s own gradient is
     * zero afterwards.
     */
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
        NDArray clipped = null;
        try {
            FusedKernels kernels = fused && clipGrad < 0 ? FusedKernels.get() : null;
            if (kernels != null && applyFused(kernels, parameterId, t, lr, weight, grad, rescaleGrad)) {
                return;
            }
            float scale = rescaleGrad;
            NDArray g = grad;
            if (clipGrad >= 0) {
                if (scale != 1f) {
                    g.muli(scalar(scale, g));
                }
                clipped = clamp(g, clipGrad);
                g = clipped;
                scale = 1f;
            }
            float weightDecay = decoupledWeightDecay() ? 0f : getWeightDecay();
            if (weightDecay != 0f) {
                // scale * g + wd * w = wd * (g * scale / wd + w): the factor wd stays pending
                float ratio = scale / weightDecay;
                if (ratio != 0f && Float.isFinite(ratio)) {
                    if (ratio != 1f) {
                        g.muli(scalar(ratio, g));
                    }
                    g.addi(weight);
                    scale = weightDecay;
                } else {
                    g.muli(scalar(scale, g));
                    try (NDArray decay = weight.mul(scalar(weightDecay, weight))) {
                        g.addi(decay);
                    }
                    scale = 1f;
                }
            }
            apply(parameterId, t, lr, weight, g, scale);
        } finally {
            if (clipped != null) {
                clipped.close();
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
     * @param g working memory holding the gradient as the rule sees it (after rescaling, clipping and weight
     *     decay) divided by {@code scale}; the rule may overwrite it
     * @param scale the factor still to apply to {@code g}, never 0
     */
    protected abstract void apply(String parameterId, int t, float lr, NDArray weight, NDArray g, float scale);

    /**
     * The whole update (weight decay included) by one of libtorch's fused kernels, when the rule has one and
     * the kernel takes these arrays ({@link FusedKernels#accepts}); false leaves the update to {@link #apply}.
     * Not used with value clipping.
     *
     * @param grad the gradient, still to be multiplied by {@code scale} (DJL's {@code rescaleGrad})
     */
    boolean applyFused(FusedKernels kernels, String parameterId, int t, float lr, NDArray weight, NDArray grad,
            float scale) {
        return false;
    }

    /** Whether the weight decay is the rule's own business (AdamW) rather than L2 added to the gradient. */
    protected boolean decoupledWeightDecay() {
        return false;
    }

    /** A new kind of per-parameter state, named as checkpoints name it ({@code <name>/<parameter>}). */
    final ParameterStates newStates(String name) {
        ParameterStates s = new ParameterStates(name);
        states.add(s);
        return s;
    }

    /** The kinds of state this optimizer keeps, in the order they were created. */
    final List<ParameterStates> states() {
        return Collections.unmodifiableList(states);
    }

    /** {@code value} as a cached 0-d array of {@code like}'s type on its device. Not to be closed. */
    protected final NDArray scalar(float value, NDArray like) {
        return scalars.of(value, like);
    }

    final Scalars scalars() {
        return scalars;
    }

    /**
     * Zeros of {@code weight}'s shape, type and memory layout: state the fused kernels walk side by side with
     * the weight must hold its elements in the same order (DJL's {@code zerosLike} is always (N, C, H, W)).
     */
    static NDArray zerosLike(NDArray weight) {
        NDArray zeros = weight.zerosLike();
        ChannelsLast.matchLayout(zeros, weight);
        return zeros;
    }

    /** {@code x *= factor}, skipped when the factor is 1. */
    final void scale(NDArray x, float factor) {
        if (factor != 1f) {
            x.muli(scalar(factor, x));
        }
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

    /**
     * {@code sqrt(x)}, a new array: the one full-size temporary of the rules that need a square root.
     * DJL has no in-place square root, and {@code x.powi(0.5)} is no substitute: with its exponent as an
     * array, libtorch computes a general power, 15 to 25 times slower than {@code sqrt_} (measured on
     * VGG-11's parameters: 600-1000 ms against 40-50 ms), more than a fresh array costs.
     */
    static NDArray squareRoot(NDArray x) {
        return x.sqrt();
    }

    /** {@code target} = {@code source}, element by element, in place (a view assignment, no new array). */
    static void copyInto(NDArray target, NDArray source) {
        target.set(ALL, source);
    }

    private static final NDIndex ALL = new NDIndex("...");

    static void checkNonNegative(String what, float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + value);
        }
    }

    /** The options every optimizer here shares: the learning rate and DJL's builder options. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends OptimizerBuilder<T> {

        ParameterTracker learningRateTracker;
        boolean fused = true;

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

        /**
         * Whether to update with libtorch's fused kernel where the rule has one (SGD, Adam, AdamW, Adagrad) and
         * the arrays allow it: float32 or float64 on the CPU, contiguous, no value clipping (default true, as
         * {@code torch.optim}'s {@code fused=True}). The same rule either way; false keeps DJL's operations.
         */
        public T optFused(boolean fused) {
            this.fused = fused;
            return self();
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
