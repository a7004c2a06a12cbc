package dev.classicnets.common.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.JointTransform;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Batches of images as a DJL {@link Dataset}: shuffled per epoch, each image through its own random
 * draw of a per-image {@link ImageTransform}, normalised per channel, and assembled ahead of time on a
 * background thread. The targets follow the source: a class per image from {@link LabeledImages}
 * (labels (N)), a mask per image from {@link MaskedImages} (labels (N, 1, H, W), moved by a
 * {@link JointTransform} together with the image), none from plain {@link Images} (empty labels).
 *
 * <p>DJL's ArrayDataset runs a transform pipeline once per batch (one random draw for all images)
 * and builds every batch from per-image NDArrays; this class builds each batch in a Java array and
 * hands libtorch one copy. The random order and the draws depend only on (seed, epoch, batch), so an
 * epoch is reproducible and a resumed run sees the data it would have seen.
 *
 * <p>Each call of {@link #getData(NDManager)} yields one epoch and advances the epoch counter;
 * {@link #setEpoch} sets it (for resuming).
 */
public final class ImageBatches implements Batches {

    private final Images source;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final ImageTransform transform;
    private final JointTransform joint;
    private final float[] mean;
    private final float[] std;
    private final int prefetch;
    private final Shape itemShape;
    private final BatchAssembler assembler;
    private int epoch;

    private ImageBatches(Builder b) {
        this.source = b.source;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.transform = b.transform;
        this.joint = source instanceof MaskedImages ? (b.joint != null ? b.joint : JointTransform.imageOnly(b.transform))
                : null;
        this.mean = b.mean;
        this.std = b.std;
        this.prefetch = b.prefetch;
        Image probe = joint != null ? joint.apply(BatchAssembler.sample(source, 0), new Random(seed)).image()
                : transform.apply(source.image(0), new Random(seed));
        this.itemShape = new Shape(probe.channels(), probe.height(), probe.width());
        if (mean != null && mean.length != probe.channels()) {
            throw new IllegalArgumentException("normalisation has " + mean.length + " channel means but images have "
                    + probe.channels() + " channels");
        }
        this.assembler = new BatchAssembler(source, transform, joint, mean, std, itemShape, seed, batchSize);
    }

    /** A builder; {@code source} and {@code batchSize} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The images' shape after the transform: (C, H, W). */
    public Shape itemShape() {
        return itemShape;
    }

    /** The shape of one full batch: (batchSize, C, H, W). */
    public Shape batchShape() {
        return new Shape(batchSize, itemShape.get(0), itemShape.get(1), itemShape.get(2));
    }

    /** The images batched (a {@link LabeledImages}, {@link MaskedImages} or plain {@link Images}). */
    public Images source() {
        return source;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Whether each epoch draws a new order. */
    public boolean isShuffled() {
        return shuffle;
    }

    @Override
    public int numBatches() {
        int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Images per epoch. */
    public int numImages() {
        return dropLast ? numBatches() * batchSize : source.size();
    }

    @Override
    public int numSamples() {
        return numImages();
    }

    /** The epoch (0-based) the next {@link #getData(NDManager)} yields. */
    public int epoch() {
        return epoch;
    }

    @Override
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        int e = epoch++;
        return () -> new EpochIterator(manager, e);
    }

    @Override
    public void prepare(Progress progress) {
        // in memory already
    }

    /** The image order of {@code epoch}. */
    int[] order(int epoch) {
        if (!shuffle) {
            int[] p = new int[source.size()];
            java.util.Arrays.setAll(p, i -> i);
            return p;
        }
        return ImageSet.permutation(source.size(), new Random(BatchAssembler.mix(seed, epoch, -1)));
    }

    private final class EpochIterator implements Iterator<Batch> {
        private final NDManager manager;
        private final int epoch;
        private final int[] order;
        private final int total = numBatches();
        private final BlockingQueue<Object> queue;
        private final Thread worker;
        private int next;

        EpochIterator(NDManager manager, int epoch) {
            this.manager = manager;
            this.epoch = epoch;
            this.order = order(epoch);
            if (prefetch > 0 && total > 1) {
                queue = new ArrayBlockingQueue<>(prefetch);
                worker = new Thread(this::produce, "image-batches-prefetch");
                worker.setDaemon(true);
                worker.start();
            } else {
                queue = null;
                worker = null;
            }
        }

        private void produce() {
            try {
                for (int b = 0; b < total; b++) {
                    Object item;
                    try {
                        item = assembler.assemble(order, epoch, b);
                    } catch (RuntimeException e) {
                        item = e;
                    }
                    queue.put(item);
                    if (item instanceof RuntimeException) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // the consumer stopped early
            }
        }

        @Override
        public boolean hasNext() {
            boolean more = next < total;
            if (!more && worker != null) {
                worker.interrupt();
            }
            return more;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            BatchAssembler.HostBatch hb;
            if (queue == null) {
                hb = assembler.assemble(order, epoch, next);
            } else {
                hb = take();
            }
            int index = next++;
            NDManager bm = manager.newSubManager();
            Shape shape = new Shape(hb.size(), itemShape.get(0), itemShape.get(1), itemShape.get(2));
            NDArray x = BatchArrays.copyOf(bm, FloatBuffer.wrap(hb.images()), shape, DataType.FLOAT32);
            NDList y = new NDList();
            if (hb.labels() != null) {
                Shape labelShape = source instanceof LabeledImages ? new Shape(hb.size())
                        : new Shape(hb.size(), 1, itemShape.get(1), itemShape.get(2));
                y.add(BatchArrays.copyOf(bm, LongBuffer.wrap(hb.labels()), labelShape, DataType.INT64));
            }
            return new Batch(bm, new NDList(x), y, hb.size(), Batchifier.STACK, Batchifier.STACK, index, total);
        }

        private BatchAssembler.HostBatch take() {
            try {
                Object item;
                do {
                    item = queue.poll(1, TimeUnit.SECONDS);
                    if (item == null && !worker.isAlive()) {
                        throw new IllegalStateException("the batch prefetch thread died");
                    }
                } while (item == null);
                if (item instanceof RuntimeException e) {
                    throw e;
                }
                return (BatchAssembler.HostBatch) item;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
        }
    }

    /** Builds {@link ImageBatches}. */
    public static final class Builder {
        private Images source;
        private int batchSize;
        private boolean shuffle = true;
        private boolean dropLast;
        private long seed = 42;
        private ImageTransform transform = ImageTransform.identity();
        private JointTransform joint;
        private boolean transformGiven;
        private float[] mean;
        private float[] std;
        private int prefetch = 2;

        private Builder() {}

        /** The images: with classes ({@link LabeledImages}), masks ({@link MaskedImages}) or alone. */
        public Builder source(Images source) {
            this.source = source;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffle each epoch (default true; evaluation sets pass false). */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Drop a last, smaller batch (default false). */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * A per-image transform (augmentation), applied before normalisation. With a {@link MaskedImages}
         * source it may only change pixel values (it would move the image away from its mask): use
         * {@link #optJointTransform} for geometry.
         */
        public Builder optTransform(ImageTransform transform) {
            this.transform = transform;
            this.transformGiven = true;
            return this;
        }

        /**
         * A per-sample transform of image and mask together (one geometric draw for both), for a
         * {@link MaskedImages} source.
         */
        public Builder optJointTransform(JointTransform joint) {
            this.joint = joint;
            return this;
        }

        /** Per-channel normalisation {@code (x - mean[c]) / std[c]}, for any number of channels. */
        public Builder optNormalize(float[] mean, float[] std) {
            if (mean.length != std.length || mean.length == 0) {
                throw new IllegalArgumentException("normalisation needs as many means as stds (at least one), got "
                        + mean.length + " and " + std.length);
            }
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("normalisation std must be > 0, got " + s);
                }
            }
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /** Batches prepared ahead on a background thread (default 2; 0 = on the caller's thread). */
        public Builder optPrefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("prefetch must be >= 0, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        public ImageBatches build() {
            if (source == null) {
                throw new IllegalArgumentException("ImageBatches needs a source");
            }
            if (source.size() == 0) {
                throw new IllegalArgumentException("ImageBatches source is empty");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            if (dropLast && batchSize > source.size()) {
                throw new IllegalArgumentException("batch size " + batchSize + " is larger than the " + source.size()
                        + " images, and dropLast leaves no batch");
            }
            if (joint != null && !(source instanceof MaskedImages)) {
                throw new IllegalArgumentException("a joint image+mask transform needs a source with masks "
                        + "(MaskedImages), got " + source.getClass().getSimpleName());
            }
            if (joint != null && transformGiven) {
                throw new IllegalArgumentException("give either optTransform or optJointTransform for images with "
                        + "masks, not both (JointTransform.imageOnly(t) adds a pixel transform to a joint one)");
            }
            return new ImageBatches(this);
        }
    }
}
