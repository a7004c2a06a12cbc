package dev.classicnets.common.data;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.ImageWithMask;
import dev.classicnets.common.augment.JointTransform;
import java.util.Random;

/**
 * Builds one batch of {@link ImageBatches} in Java arrays: each item through its own random draw of the
 * transform (seeded by seed, epoch and batch), normalised per channel, with its class or mask.
 */
final class BatchAssembler {

    private final Images source;
    private final ImageTransform transform;
    private final JointTransform joint;
    private final float[] mean;
    private final float[] std;
    private final Shape itemShape;
    private final long seed;
    private final int batchSize;

    BatchAssembler(Images source, ImageTransform transform, JointTransform joint, float[] mean, float[] std,
            Shape itemShape, long seed, int batchSize) {
        this.source = source;
        this.transform = transform;
        this.joint = joint;
        this.mean = mean;
        this.std = std;
        this.itemShape = itemShape;
        this.seed = seed;
        this.batchSize = batchSize;
    }

    static long mix(long seed, long epoch, long batch) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batch * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /** A batch as Java arrays, before it becomes NDArrays; labels are null for images without targets. */
    record HostBatch(float[] images, long[] labels, int size) {}

    /** Item {@code item} of a {@link MaskedImages} source with its mask. */
    static ImageWithMask sample(Images source, int item) {
        return new ImageWithMask(source.image(item), ((MaskedImages) source).mask(item));
    }

    /** Batch {@code batch} of {@code epoch}: the items {@code order} puts there, each with its own draw. */
    HostBatch assemble(int[] order, int epoch, int batch) {
        int from = batch * batchSize;
        int size = Math.min(batchSize, order.length - from);
        int per = (int) itemShape.size();
        int plane = (int) (itemShape.get(1) * itemShape.get(2));
        float[] images = new float[size * per];
        long[] labels = source instanceof LabeledImages ? new long[size]
                : joint != null ? new long[size * plane] : null;
        Random rng = new Random(mix(seed, epoch, batch));
        for (int i = 0; i < size; i++) {
            int item = order[from + i];
            Image img;
            if (joint != null) {
                ImageWithMask out = joint.apply(sample(source, item), rng);
                img = out.image();
                int[] mask = out.mask().labels(); // the image's size: ImageWithMask checks it
                for (int p = 0; p < plane; p++) {
                    labels[i * plane + p] = mask[p];
                }
            } else {
                img = transform.apply(source.image(item), rng);
            }
            if (img.channels() != itemShape.get(0) || img.height() != itemShape.get(1)
                    || img.width() != itemShape.get(2)) {
                throw new IllegalStateException("the transform made a " + img + " from item " + item
                        + ", but earlier images were " + itemShape + "; add a Resize or crop to a fixed size");
            }
            float[] d = img.data();
            if (mean == null) {
                System.arraycopy(d, 0, images, i * per, per);
            } else {
                for (int c = 0; c < mean.length; c++) {
                    float m = mean[c];
                    float inv = 1f / std[c];
                    int off = c * plane;
                    int dst = i * per + off;
                    for (int p = 0; p < plane; p++) {
                        images[dst + p] = (d[off + p] - m) * inv;
                    }
                }
            }
            if (source instanceof LabeledImages labeled) {
                labels[i] = labeled.label(item);
            }
        }
        return new HostBatch(images, labels, size);
    }
}
