package dev.classicnets.common.data;

import java.util.List;

/** Random access to labelled images of one size: images with a class each. */
public interface LabeledImages extends Images {

    /** Class index of image {@code i}, in [0, classNames().size()). */
    int label(int i);

    /** One name per class; its size is the number of classes. */
    List<String> classNames();

    /** Number of classes. */
    default int numClasses() {
        return classNames().size();
    }

    /** The first {@code n} items as a view (all of them if {@code n >= size()}). */
    default LabeledImages limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        int[] first = new int[n];
        java.util.Arrays.setAll(first, i -> i);
        return LabeledView.of(this, first, null, classNames());
    }

    /**
     * The items of the given classes only, relabelled 0, 1, ... in the order given, as a view: e.g.
     * Fashion-MNIST's classes 5-9 as a 5-class set ({@code selectClasses(5, 6, 7, 8, 9)}), for fine-tuning
     * on classes a network was not trained on.
     */
    default LabeledImages selectClasses(int... classes) {
        return LabeledView.selectClasses(this, classes);
    }

    /**
     * At most {@code n} items of each class, drawn at random with {@code seed} and kept in their original
     * order, as a view: "N labels per class" for few-shot fine-tuning.
     */
    default LabeledImages perClass(int n, long seed) {
        return LabeledView.perClass(this, n, seed);
    }
}
