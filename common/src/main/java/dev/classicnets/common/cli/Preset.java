package dev.classicnets.common.cli;

import dev.classicnets.common.optim.LearningRateSchedule;

/**
 * A recipe's named defaults (e.g. {@code cpu}: sized to finish on a 2-core laptop in minutes;
 * {@code paper}: the paper's hyper-parameters). Command-line options override single values.
 *
 * @param name the preset's name, as given to {@code --preset}
 * @param description one line shown when the run starts
 * @param epochs training epochs
 * @param batchSize images per batch
 * @param learningRate initial learning rate
 * @param optimizer optimizer name (see {@code OptimizerSettings.NAMES})
 * @param weightDecay L2 weight decay
 * @param imageSize side of the square input the network sees
 * @param schedule the learning-rate schedule over the run, as {@code --schedule} writes it (see
 *     {@link LearningRateSchedule}), e.g. {@code constant}, {@code cosine} (to 1% of the initial rate at
 *     the last update) or {@code plateau:monitor=validate_accuracy,factor=0.1}
 */
public record Preset(String name, String description, int epochs, int batchSize, float learningRate,
        String optimizer, float weightDecay, int imageSize, String schedule) {

    public Preset {
        LearningRateSchedule.parse(schedule); // one clear error for a bad spec, before any data is read
    }

    /** A preset with a constant learning rate. */
    public Preset(String name, String description, int epochs, int batchSize, float learningRate, String optimizer,
            float weightDecay, int imageSize) {
        this(name, description, epochs, batchSize, learningRate, optimizer, weightDecay, imageSize, "constant");
    }

    /**
     * The learning rate over {@code updatesPerEpoch * epochs} optimizer updates; for a {@code plateau}
     * schedule a {@code ReduceLrOnPlateau}, which the training loop must also get as a listener.
     */
    public ai.djl.training.tracker.Tracker learningRateTracker(int updatesPerEpoch) {
        return LearningRateSchedule.parse(schedule).tracker(learningRate, epochs, updatesPerEpoch);
    }
}
