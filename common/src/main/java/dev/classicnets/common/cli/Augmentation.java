package dev.classicnets.common.cli;

import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.data.LabeledImages;
import java.util.function.BiFunction;

/**
 * A preset's per-image pipeline as data: the training transform (augmentation, resizing to the input
 * side included) and the evaluation transform, each made for the run's input side and training data.
 * The transforms name themselves ({@code toString}), so config.json records what ran.
 *
 * @param train the training transform for (side, training data)
 * @param eval the validation and test transform for (side, training data)
 */
public record Augmentation(BiFunction<Integer, LabeledImages, ImageTransform> train,
        BiFunction<Integer, LabeledImages, ImageTransform> eval) {

    /** No transform at all (images used as they come). */
    public static Augmentation none() {
        return new Augmentation((side, data) -> ImageTransform.identity(), (side, data) -> ImageTransform.identity());
    }

    /** The training transform for a run at {@code side} pixels on {@code data}. */
    public ImageTransform train(int side, LabeledImages data) {
        return train.apply(side, data);
    }

    /** The evaluation transform for a run at {@code side} pixels on {@code data}. */
    public ImageTransform eval(int side, LabeledImages data) {
        return eval.apply(side, data);
    }
}
