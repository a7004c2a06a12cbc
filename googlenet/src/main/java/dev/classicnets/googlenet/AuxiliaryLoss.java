package dev.classicnets.googlenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.nn.Arithmetic;
import java.util.Objects;

/**
 * A loss for networks with auxiliary classifiers: {@code base(main) + weight * sum(base(aux_i))}
 * over predictions {@code (main, aux1, aux2, ...)}, every term against the same labels. GoogLeNet's
 * paper weights its two auxiliary losses by 0.3 (section 5). At inference the network returns the
 * main output only and this is the base loss, so validation losses stay comparable.
 *
 * <pre>{@code
 * Loss loss = new AuxiliaryLoss(Loss.softmaxCrossEntropyLoss());
 * }</pre>
 */
public class AuxiliaryLoss extends Loss {

    /** The weight of each auxiliary loss in the paper. */
    public static final float PAPER_WEIGHT = 0.3f;

    private final Loss base;
    private final float auxWeight;

    /** The paper's weighting, 0.3 per auxiliary output. */
    public AuxiliaryLoss(Loss base) {
        this(base, PAPER_WEIGHT);
    }

    /**
     * @param base the loss of one output against the labels, e.g. softmax cross-entropy
     * @param auxWeight weight of each auxiliary output's loss, at least 0
     */
    public AuxiliaryLoss(Loss base, float auxWeight) {
        // the base loss's name, so that listeners and reports keyed on it keep working
        super(Objects.requireNonNull(base, "base").getName());
        if (!(auxWeight >= 0)) {
            throw new IllegalArgumentException("auxWeight must be >= 0, got " + auxWeight);
        }
        this.base = base;
        this.auxWeight = auxWeight;
    }

    /** The weight of each auxiliary output's loss. */
    public float auxWeight() {
        return auxWeight;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray total = base.evaluate(labels, new NDList(predictions.get(0)));
        for (int i = 1; i < predictions.size(); i++) {
            total = total.add(Arithmetic.mul(base.evaluate(labels, new NDList(predictions.get(i))), auxWeight));
        }
        return total;
    }
}
