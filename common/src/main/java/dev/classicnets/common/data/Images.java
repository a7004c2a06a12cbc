package dev.classicnets.common.data;

import dev.classicnets.common.augment.Image;

/**
 * Random access to images of one size, with or without targets: what {@link ImageBatches} batches.
 * {@link LabeledImages} adds a class per image, {@link MaskedImages} a segmentation mask per image; a
 * plain {@code Images} (for a VAE or a GAN) has none.
 */
public interface Images {

    /** Number of images. */
    int size();

    /** A fresh copy of image {@code i}, free for a transform to change. */
    Image image(int i);

    int channels();

    int height();

    int width();

    /** Per-channel mean and standard deviation over all pixels: {mean[], std[]}, for normalisation. */
    default float[][] channelMeanStd() {
        int c = channels();
        int plane = height() * width();
        double[] sum = new double[c];
        double[] sq = new double[c];
        for (int i = 0; i < size(); i++) {
            float[] d = image(i).data();
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    double v = d[ch * plane + p];
                    sum[ch] += v;
                    sq[ch] += v * v;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double count = (double) size() * plane;
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = (float) (sum[ch] / count);
            std[ch] = (float) Math.sqrt(Math.max(sq[ch] / count - mean[ch] * (double) mean[ch], 1e-12));
        }
        return new float[][] {mean, std};
    }
}
