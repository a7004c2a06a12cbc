package dev.classicnets.common.augment;

/** Small images for the augmentation tests. */
final class TestImages {
    private TestImages() {}

    /** Values 0, 1, 2, ... in CHW order, divided by {@code scale}. */
    static Image ramp(int channels, int height, int width, float scale) {
        float[] data = new float[channels * height * width];
        for (int i = 0; i < data.length; i++) {
            data[i] = i / scale;
        }
        return new Image(data, channels, height, width);
    }

    /** Row-major values as a 1-channel image. */
    static Image grey(int height, int width, float... values) {
        return new Image(values.clone(), 1, height, width);
    }
}
