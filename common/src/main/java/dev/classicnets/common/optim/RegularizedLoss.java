package dev.classicnets.common.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A loss plus L1 and L2 penalties on a block's weights, as the course writes them:
 * {@code loss = base + l1 * sum|w| + l2 / 2 * sum w^2}, summed over the weights of convolutions and
 * linear layers ({@link Parameter.Type#WEIGHT}), not over biases or batch-norm parameters, unless
 * another filter is given.
 *
 * <p>The penalty's gradient, {@code l1 * sign(w) + l2 * w}, reaches the weights through backward like
 * the base loss's. With plain SGD an L2 penalty {@code l2} is the same as {@code weight_decay = l2}
 * on those weights; with adaptive optimizers (Adam, RMSprop, Adagrad) both the penalty and their
 * {@code weightDecay} are scaled per coordinate like any gradient, which is why decoupled weight decay
 * (AdamW: {@code w -= lr * wd * w} apart from the gradient) exists. The reported loss includes the
 * penalty, as in Keras.
 *
 * <p>DJL's {@code L2WeightDecay}/{@code ElasticNetWeightDecay} differ: {@code lambda * sum w^2}
 * without the 1/2, over a fixed list of arrays taken before training (every parameter, biases too,
 * unless you pick them), and their temporaries stay in the parameters' manager after each call. Here
 * the parameters are looked up once, the arrays read at each call, and the temporaries closed.
 *
 * <pre>{@code
 * Loss loss = new RegularizedLoss(Loss.softmaxCrossEntropyLoss(), net, 0f, 5e-4f);
 * }</pre>
 *
 * Works on a single device (the penalty is computed on the parameters' own arrays).
 */
public final class RegularizedLoss extends Loss {

    /** The default filter: weights of convolutions and linear layers, no biases. */
    public static final Predicate<Parameter> WEIGHTS = p -> p.getType() == Parameter.Type.WEIGHT;

    private final Loss base;
    private final Block block;
    private final float l1;
    private final float l2;
    private final Predicate<Parameter> penalized;
    private volatile List<Parameter> parameters;

    /** Penalises the {@link #WEIGHTS} of {@code block}. */
    public RegularizedLoss(Loss base, Block block, float l1, float l2) {
        this(base, block, l1, l2, WEIGHTS);
    }

    /**
     * @param base the data loss; its name is this loss's name
     * @param block the network whose parameters are penalised
     * @param l1 the L1 factor, >= 0
     * @param l2 the L2 factor, >= 0 (the penalty is {@code l2 / 2 * sum w^2})
     * @param penalized which trainable parameters to penalise
     */
    public RegularizedLoss(Loss base, Block block, float l1, float l2, Predicate<Parameter> penalized) {
        super(Objects.requireNonNull(base, "base loss").getName());
        TorchOptimizer.checkNonNegative("l1", l1);
        TorchOptimizer.checkNonNegative("l2", l2);
        this.base = base;
        this.block = Objects.requireNonNull(block, "block");
        this.l1 = l1;
        this.l2 = l2;
        this.penalized = Objects.requireNonNull(penalized, "parameter filter");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray loss = base.evaluate(labels, predictions);
        if (l1 == 0 && l2 == 0) {
            return loss;
        }
        try (NDArray data = loss; NDArray penalty = penalty(loss.getManager())) {
            return data.add(penalty);
        }
    }

    /**
     * {@code l1 * sum|w| + l2 / 2 * sum w^2} over the penalised parameters, a scalar attached to
     * {@code manager} (differentiable when computed under a gradient collector).
     */
    public NDArray penalty(NDManager manager) {
        List<Parameter> params = penalizedParameters();
        try (NDManager scope = manager.newSubManager()) {
            NDArray total = scope.zeros(new Shape());
            if (!params.isEmpty()) {
                NDList l1Terms = new NDList(params.size());
                NDList l2Terms = new NDList(params.size());
                for (Parameter p : params) {
                    NDArray w = p.getArray();
                    if (l1 != 0) {
                        l1Terms.add(inScope(scope, inScope(scope, w.abs()).sum()));
                    }
                    if (l2 != 0) {
                        l2Terms.add(inScope(scope, inScope(scope, w.square()).sum()));
                    }
                }
                if (l1 != 0) {
                    total = total.add(NDArrays.stack(l1Terms).sum().muli(l1));
                }
                if (l2 != 0) {
                    total = total.add(NDArrays.stack(l2Terms).sum().muli(l2 / 2));
                }
            }
            total.attach(manager);
            return total;
        }
    }

    /** The trainable parameters this loss penalises (looked up on first use). */
    public List<Parameter> penalizedParameters() {
        List<Parameter> params = parameters;
        if (params == null) {
            params = block.getParameters().values().stream()
                    .filter(p -> p.requiresGradient() && penalized.test(p)).toList();
            parameters = params;
        }
        return params;
    }

    private static NDArray inScope(NDManager scope, NDArray array) {
        array.attach(scope);
        return array;
    }
}
