package dev.classicnets.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * The SGD-momentum update of {@code common}'s {@code TorchSgd} before it worked in place (commit
 * 51eb0e2), kept only as the benchmark's "before": {@code b = m * b + g; w -= b * lr} with
 * {@code b * lr} a new full-size array, cached 0-d constants, the weight's gradient zeroed.
 */
final class PreviousTorchSgd extends Optimizer {

    private final float learningRate;
    private final float momentum;
    private final Map<String, NDArray> velocities = new HashMap<>();
    private NDArray lr;
    private NDArray m;

    PreviousTorchSgd(float learningRate, float momentum) {
        super(Optimizer.sgd().setLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(learningRate)));
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        if (lr == null) {
            lr = weight.getManager().full(new Shape(), learningRate);
            m = weight.getManager().full(new Shape(), momentum);
            lr.detach();
            m.detach();
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        NDArray b = velocities.get(parameterId);
        if (b == null) {
            b = grad.duplicate();
            b.detach();
            velocities.put(parameterId, b);
        } else {
            b.muli(m).addi(grad);
        }
        try (NDArray step = b.mul(lr)) {
            weight.subi(step);
        }
        JniUtils.zeroGrad((PtNDArray) weight);
        JniUtils.setGradMode(gradMode);
    }
}
