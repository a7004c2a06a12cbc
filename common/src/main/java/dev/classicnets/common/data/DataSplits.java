package dev.classicnets.common.data;

import java.util.List;

/**
 * The three sets a run uses: training, validation (held out from the training set) and test.
 * {@code validation} may be null when a run trains without one.
 */
public record DataSplits(String name, LabeledImages train, LabeledImages validation, LabeledImages test) {

    /** The class names (from the training set). */
    public List<String> classNames() {
        return train.classNames();
    }
}
