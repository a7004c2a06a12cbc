package dev.classicnets.common.optim;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which optimizer to train with, by name, with its learning-rate schedule, weight decay and
 * momentum: the settings a recipe or the command line gives, turned into a DJL {@link Optimizer}.
 *
 * <table>
 * <caption>Names</caption>
 * <tr><th>name</th><th>optimizer</th><th>momentum from {@link #of}</th></tr>
 * <tr><td>{@code sgd}</td><td>{@link TorchSgd}</td><td>0</td></tr>
 * <tr><td>{@code momentum}</td><td>{@link TorchSgd}</td><td>0.9</td></tr>
 * <tr><td>{@code nesterov}</td><td>{@link TorchSgd} with Nesterov momentum</td><td>0.9</td></tr>
 * <tr><td>{@code adagrad}</td><td>{@link TorchAdagrad}</td><td>(ignored)</td></tr>
 * <tr><td>{@code rmsprop}</td><td>{@link TorchRmsProp}, PyTorch's alpha 0.99 and eps 1e-8</td><td>0</td></tr>
 * <tr><td>{@code adam}</td><td>{@link TorchAdam}</td><td>(ignored)</td></tr>
 * <tr><td>{@code adamw}</td><td>{@link TorchAdamW}</td><td>(ignored)</td></tr>
 * </table>
 *
 * <p>All follow PyTorch's update rules, so that the same hyper-parameters mean the same thing as in
 * {@code torch.optim} (tests check five steps of each against it), and all update in place
 * ({@link TorchOptimizer}). The SGD family is ours rather than DJL's {@code Optimizer.sgd()}: DJL's
 * momentum keeps the learning rate inside the velocity, so under a schedule (step decay, cosine) it
 * differs from PyTorch after every change of rate. Adam and AdamW are ours rather than DJL's: DJL's
 * make five full-size temporaries per parameter (three times torch's time on VGG-11) and add epsilon
 * before the bias correction of {@code v} rather than after (a test pins it).
 *
 * @param name one of {@link #NAMES}
 * @param learningRate the schedule (DJL trackers count optimizer updates)
 * @param weightDecay L2 weight decay added to the gradient (for {@code adamw}, decoupled:
 *     {@code w -= lr * weightDecay * w})
 * @param momentum the momentum of the SGD family and of RMSprop (ignored by Adagrad and the Adam
 *     family); {@code nesterov} needs one
 * @param beta1 the decay of Adam's and AdamW's first moment (PyTorch's {@code betas[0]}, default 0.9;
 *     DCGAN trains with 0.5); ignored by the others
 */
public record OptimizerSettings(String name, Tracker learningRate, float weightDecay, float momentum, float beta1) {

    /** The optimizers, all working on the PyTorch engine. */
    public static final String[] NAMES = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"};

    public OptimizerSettings {
        name = name.toLowerCase(Locale.ROOT);
        if (!Arrays.asList(NAMES).contains(name)) {
            throw new IllegalArgumentException(
                    "unknown optimizer '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
        if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (name.equals("nesterov") && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs a momentum in (0, 1), got 0.0");
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
    }

    /** Adam's default beta1 (0.9), as PyTorch's. */
    public OptimizerSettings(String name, Tracker learningRate, float weightDecay, float momentum) {
        this(name, learningRate, weightDecay, momentum, 0.9f);
    }

    /** These settings with Adam's first-moment decay {@code beta1} (DCGAN: 0.5). */
    public OptimizerSettings withBeta1(float beta1) {
        return new OptimizerSettings(name, learningRate, weightDecay, momentum, beta1);
    }

    /** A constant learning rate, and the momentum the name implies (0.9 for momentum and nesterov). */
    public static OptimizerSettings of(String name, float learningRate, float weightDecay) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return new OptimizerSettings(name, Tracker.fixed(learningRate), weightDecay,
                lower.equals("momentum") || lower.equals("nesterov") ? 0.9f : 0f);
    }

    /** A new DJL optimizer (each call a fresh one, with no state). */
    public Optimizer build() {
        return build(0);
    }

    /**
     * A new DJL optimizer whose update count starts after {@code updatesDone} updates, for a resumed
     * run: its schedule and bias corrections go on where they were (its state comes from
     * {@link OptimizerState#restore}).
     */
    public Optimizer build(int updatesDone) {
        if (updatesDone < 0) {
            throw new IllegalArgumentException("updates done must be >= 0, got " + updatesDone);
        }
        return switch (name) {
            case "sgd", "momentum", "nesterov" -> TorchSgd.builder().optLearningRateTracker(learningRate)
                    .optMomentum(momentum).optNesterov(name.equals("nesterov")).optWeightDecays(weightDecay)
                    .optBeginNumUpdate(updatesDone).build();
            case "adagrad" -> TorchAdagrad.builder().optLearningRateTracker(learningRate).optWeightDecays(weightDecay)
                    .optBeginNumUpdate(updatesDone).build();
            case "rmsprop" -> TorchRmsProp.builder().optLearningRateTracker(learningRate).optMomentum(momentum)
                    .optWeightDecays(weightDecay).optBeginNumUpdate(updatesDone).build();
            case "adam" -> TorchAdam.builder().optLearningRateTracker(learningRate).optWeightDecays(weightDecay)
                    .optBeta1(beta1).optBeginNumUpdate(updatesDone).build();
            case "adamw" -> TorchAdamW.builder().optLearningRateTracker(learningRate).optWeightDecays(weightDecay)
                    .optBeta1(beta1).optBeginNumUpdate(updatesDone).build();
            default -> throw new IllegalStateException(name);
        };
    }

    /** The learning rate in force after {@code updates} optimizer steps. */
    public float learningRateAt(int updates) {
        return learningRate.getNewValue(updates);
    }
}
