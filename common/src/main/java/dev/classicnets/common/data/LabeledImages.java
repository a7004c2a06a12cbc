package dev.classicnets.common.data;

import dev.classicnets.common.augment.Image;
import java.util.List;

/** Random access to labelled images of one size: what {@link ImageBatches} batches. */
public interface LabeledImages {

    /** Number of images. */
    int size();

    /** A fresh copy of image {@code i}, free for a transform to change. */
    Image image(int i);

    /** Class index of image {@code i}, in [0, classNames().size()). */
    int label(int i);

    int channels();

    int height();

    int width();

    /** One name per class; its size is the number of classes. */
    List<String> classNames();

    /** Number of classes. */
    default int numClasses() {
        return classNames().size();
    }
}
