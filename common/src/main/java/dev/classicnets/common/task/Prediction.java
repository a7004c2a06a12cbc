package dev.classicnets.common.task;

/**
 * One class of a prediction.
 *
 * @param index the class index (the network's output position)
 * @param className its name
 * @param probability its softmax probability
 */
public record Prediction(int index, String className, double probability) {}
