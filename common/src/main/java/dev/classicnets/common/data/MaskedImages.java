package dev.classicnets.common.data;

import dev.classicnets.common.augment.Mask;
import java.util.List;

/** Images with a segmentation mask each (one class index per pixel, the image's height and width). */
public interface MaskedImages extends Images {

    /** A fresh copy of the mask of image {@code i}, free for a transform to change. */
    Mask mask(int i);

    /** One name per class a mask pixel may take (its index); the size is the number of classes. */
    List<String> classNames();
}
