package dev.classicnets.common.cli;

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
 * @param schedule the learning-rate schedule over the run: {@code constant} or {@code cosine} (to
 *     1% of the initial rate at the last update)
 */
public record Preset(String name, String description, int epochs, int batchSize, float learningRate,
        String optimizer, float weightDecay, int imageSize, String schedule) {

    /** The schedules a preset can name. */
    public static final java.util.List<String> SCHEDULES = java.util.List.of("constant", "cosine");

    public Preset {
        if (!SCHEDULES.contains(schedule)) {
            throw new IllegalArgumentException("unknown schedule '" + schedule + "'; expected one of " + SCHEDULES);
        }
    }

    /** A preset with a constant learning rate. */
    public Preset(String name, String description, int epochs, int batchSize, float learningRate, String optimizer,
            float weightDecay, int imageSize) {
        this(name, description, epochs, batchSize, learningRate, optimizer, weightDecay, imageSize, "constant");
    }

    /** The learning rate over {@code updatesPerEpoch * epochs} optimizer updates. */
    public ai.djl.training.tracker.Tracker learningRateTracker(int updatesPerEpoch) {
        if (schedule.equals("cosine")) {
            return ai.djl.training.tracker.Tracker.cosine().setBaseValue(learningRate)
                    .optFinalValue(learningRate / 100).setMaxUpdates(Math.max(1, epochs * updatesPerEpoch)).build();
        }
        return ai.djl.training.tracker.Tracker.fixed(learningRate);
    }
}
