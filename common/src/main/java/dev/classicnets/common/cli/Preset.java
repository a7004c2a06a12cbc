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
 */
public record Preset(String name, String description, int epochs, int batchSize, float learningRate,
        String optimizer, float weightDecay, int imageSize) {}
