package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code trainer.step()} without the copy of every gradient: updates each trainable parameter of the
 * trainer's model from its own gradient, with the optimizer the trainer was configured with.
 *
 * <p>Why: {@code trainer.step()} goes through DJL's {@code LocalParameterServer}, which duplicates every
 * gradient before handing it to the optimizer, even on one device (VGG-11: 129M floats copied into
 * fresh memory per step, 92 ms of a 310 ms update). The trainer does not let one choose its parameter
 * server, and does not expose its optimizer, so this is a step of its own rather than a setting. On one
 * device the trainer computes on the parameters' own arrays, so their gradients are the ones backward
 * filled. The optimizer zeroes them, as DJL's PyTorch optimizers (and ours) do.
 *
 * <pre>{@code
 * Optimizer optimizer = settings.build();
 * Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(optimizer));
 * ...
 * gc.backward(loss);  // inside the gradient collector, as before
 * DirectStep.step(trainer, optimizer);  // instead of trainer.step()
 * }</pre>
 *
 * <p>On several devices (where the parameter server sums the devices' gradients) it falls back to
 * {@code trainer.step()}. Unlike {@code trainer.step()}, it does not check once that the gradients are
 * not all zero. It records the trainer's {@code step} metric as {@code trainer.step()} does.
 */
public final class DirectStep {

    private DirectStep() {}

    /**
     * Updates every parameter of {@code trainer}'s model that requires a gradient, once (a parameter
     * shared by two blocks is updated once, as by the trainer).
     *
     * @param optimizer the optimizer given to the trainer's configuration (its state and update count
     *     are this step's)
     */
    public static void step(Trainer trainer, Optimizer optimizer) {
        Device[] devices = trainer.getDevices();
        List<Parameter> trainable = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Parameter p : trainer.getModel().getBlock().getParameters().values()) {
            if (p.requiresGradient() && seen.add(p.getId())) {
                if (devices.length != 1 || !p.getArray().getDevice().equals(devices[0])) {
                    trainer.step(); // the trainer computes on copies: only its parameter server has them
                    return;
                }
                trainable.add(p);
            }
        }
        long begin = System.nanoTime();
        for (Parameter p : trainable) {
            NDArray weight = p.getArray();
            try (NDArray grad = weight.getGradient()) { // a second handle on the same memory, not a copy
                optimizer.update(p.getId(), weight, grad);
            }
        }
        trainer.addMetric("step", begin);
    }
}
