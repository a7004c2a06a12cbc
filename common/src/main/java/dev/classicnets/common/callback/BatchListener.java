package dev.classicnets.common.callback;

import ai.djl.nn.Block;
import java.util.Map;

/**
 * Told every training step: the hook for what happens between the backward pass and the optimizer
 * update (gradient clipping), and for per-batch logging. Several may be given; they run in order.
 */
public interface BatchListener {

    /**
     * Called after the backward pass, just before the optimizer of {@code network} updates it (once per
     * network a step updates: a GAN step calls it for the discriminator and for the generator).
     *
     * @param network the network's name in the task
     * @param block the network, whose parameters hold their gradients
     */
    default void beforeUpdate(String network, Block block) {}

    /**
     * Called after each training step with the step's metrics (batch means, as the task names them).
     *
     * @param epoch the epoch, from 1
     * @param batch the batch within the epoch, from 0
     */
    default void onBatchEnd(int epoch, int batch, Map<String, Double> metrics) {}
}
