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

    /** The first {@code n} items as a view (all of them if {@code n >= size()}). */
    default LabeledImages limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        LabeledImages all = this;
        return new LabeledImages() {
            public int size() {
                return n;
            }

            public Image image(int i) {
                return all.image(i);
            }

            public int label(int i) {
                return all.label(i);
            }

            public int channels() {
                return all.channels();
            }

            public int height() {
                return all.height();
            }

            public int width() {
                return all.width();
            }

            public List<String> classNames() {
                return all.classNames();
            }
        };
    }

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
