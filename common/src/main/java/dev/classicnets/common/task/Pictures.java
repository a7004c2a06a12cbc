package dev.classicnets.common.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.classicnets.common.augment.Image;

/** DJL images as the pipeline's {@link Image}: values in [0, 1], CHW, with the channels a network takes. */
final class Pictures {
    private Pictures() {}

    /**
     * {@code image} with {@code channels} channels: RGB as it is for 3, grey as ITU-R 601 luma (what PIL's
     * {@code convert("L")} computes) for 1; a grey image is repeated for 3.
     */
    static Image toImage(ai.djl.modality.cv.Image image, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images from files can feed networks with 1 or 3 input channels, "
                    + "this one has " + channels);
        }
        int h = image.getHeight();
        int w = image.getWidth();
        float[] rgb;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray hwc = image.toNDArray(manager, ai.djl.modality.cv.Image.Flag.COLOR);
            rgb = hwc.toType(DataType.FLOAT32, false).transpose(2, 0, 1).toFloatArray();
        }
        int plane = h * w;
        float[] out = new float[channels * plane];
        for (int i = 0; i < plane; i++) {
            float r = rgb[i] / 255f;
            float g = rgb[plane + i] / 255f;
            float b = rgb[2 * plane + i] / 255f;
            if (channels == 1) {
                out[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            } else {
                out[i] = r;
                out[plane + i] = g;
                out[2 * plane + i] = b;
            }
        }
        return new Image(out, channels, h, w);
    }
}
