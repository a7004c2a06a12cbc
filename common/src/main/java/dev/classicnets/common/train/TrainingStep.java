package dev.classicnets.common.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.classicnets.common.callback.BatchListener;
import dev.classicnets.common.optim.DirectStep;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a {@link Task}'s training step gets from the loop: the networks' trainers, where it is (epoch,
 * batch), a random generator seeded by (seed, epoch, batch) for batch-level augmentation such as mixup,
 * and {@link #update}, which runs the per-batch hooks and steps a network's optimizer.
 *
 * <p>PyTorch accumulates gradients, and DJL neither zeroes them when a gradient collector opens nor lets
 * two collectors be open: a step that runs a network it does not update (a GAN's generator step goes
 * through the discriminator) leaves gradients in it; call {@link #zeroGradients} before that network's
 * own backward pass.
 */
public final class TrainingStep {

    private final Networks networks;
    private final List<BatchListener> listeners;
    private final Map<String, Integer> updates;
    private final long seed;
    private int epoch;
    private int batch;
    private Random random;

    TrainingStep(Networks networks, List<BatchListener> listeners, Map<String, Integer> updates, long seed) {
        this.networks = networks;
        this.listeners = listeners;
        this.updates = updates;
        this.seed = seed;
    }

    void moveTo(int epoch, int batch) {
        this.epoch = epoch;
        this.batch = batch;
        this.random = null;
    }

    /** Updates per network so far. */
    Map<String, Integer> updates() {
        return updates;
    }

    /** The networks' trainers. */
    public Networks networks() {
        return networks;
    }

    /** The trainer of the only network (single-network tasks). */
    public Trainer trainer() {
        return networks.trainer();
    }

    /** The epoch, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, from 0. */
    public int batch() {
        return batch;
    }

    /** A generator seeded by (seed, epoch, batch): the same draws when the run is repeated or resumed. */
    public Random random() {
        if (random == null) {
            long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batch * 0x94D049BB133111EBL;
            random = new Random(h ^ (h >>> 31) ^ 0x5DEECE66DL);
        }
        return random;
    }

    /**
     * Updates network {@code name} with the gradients its parameters hold: the per-batch hooks first
     * ({@link BatchListener#beforeUpdate}, e.g. gradient clipping), then its optimizer, which zeroes the
     * gradients it used. Call it after the backward pass, outside the gradient collector or inside.
     */
    public void update(String name) {
        Trainer trainer = networks.trainer(name);
        for (BatchListener l : listeners) {
            l.beforeUpdate(name, trainer.getModel().getBlock());
        }
        // trainer.step() would first copy every gradient (DJL's parameter server); the same update in place
        DirectStep.step(trainer, networks.optimizer(name));
        updates.merge(name, 1, Integer::sum);
    }

    /** {@link #update(String)} of the only network. */
    public void update() {
        update(networks.trainer().getModel().getName());
    }

    /** Sets the gradients of network {@code name} to zero (see the class comment). */
    public void zeroGradients(String name) {
        for (Pair<String, Parameter> p : networks.block(name).getParameters()) {
            NDArray weight = p.getValue().getArray();
            if (weight instanceof PtNDArray pt) {
                JniUtils.zeroGrad(pt); // also clears NaN, which muli(0) would keep
            } else if (weight.hasGradient()) {
                try (NDArray g = weight.getGradient()) {
                    g.muli(0);
                }
            }
        }
    }
}
