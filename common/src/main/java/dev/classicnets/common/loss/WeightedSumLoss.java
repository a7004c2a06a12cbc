package dev.classicnets.common.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.nn.Arithmetic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code sum_i w_i * L_i(labels, predictions)}: e.g. cross-entropy + Dice ({@code --loss ce+dice}). */
public final class WeightedSumLoss extends Loss {

    private final List<Loss> losses;
    private final double[] weights;

    public WeightedSumLoss(List<Loss> losses, double[] weights) {
        super(name(losses, weights));
        if (losses.isEmpty() || losses.size() != weights.length) {
            throw new IllegalArgumentException("a weighted sum needs one weight per loss, got " + losses.size()
                    + " losses and " + weights.length + " weights");
        }
        this.losses = List.copyOf(losses);
        this.weights = weights.clone();
    }

    private static String name(List<Loss> losses, double[] weights) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < losses.size() && i < weights.length; i++) {
            terms.add(weights[i] == 1 ? losses.get(i).getName()
                    : String.format(Locale.ROOT, "%s*%s", weights[i], losses.get(i).getName()));
        }
        return String.join("+", terms);
    }

    /** The terms, in order. */
    public List<Loss> losses() {
        return losses;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray sum = null;
        for (int i = 0; i < losses.size(); i++) {
            NDArray term = Arithmetic.mul(losses.get(i).evaluate(labels, predictions), weights[i]);
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }
}
