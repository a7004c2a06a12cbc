package dev.classicnets.vaegan;

import dev.classicnets.common.augment.Image;
import dev.classicnets.common.data.Images;

/** Images without their labels: what a generative model's batches carry (ImageBatches then gives no labels). */
record Unlabeled(Images images) implements Images {

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Image image(int i) {
        return images.image(i);
    }

    @Override
    public int channels() {
        return images.channels();
    }

    @Override
    public int height() {
        return images.height();
    }

    @Override
    public int width() {
        return images.width();
    }
}
