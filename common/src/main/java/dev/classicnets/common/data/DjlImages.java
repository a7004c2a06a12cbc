package dev.classicnets.common.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import dev.classicnets.common.augment.Image;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Any DJL {@link RandomAccessDataset} of labelled images (ImageFolder, Cifar10, an ArrayDataset, ...)
 * as {@link LabeledImages}, so that {@link ImageBatches} gives it per-image augmentation and
 * background batching. DJL itself runs a dataset's transform pipeline on whole batches with one
 * random draw.
 *
 * <p>Each record's first data array is an image: HWC bytes in [0, 255] as DJL's image datasets give
 * them before {@code ToTensor}, or floats, read as CHW in [0, 1] unless only their last axis has 1, 3
 * or 4 entries (then HWC in [0, 255]). Its first label is the class index. Do not add {@code ToTensor}/{@code Normalize} to the wrapped dataset's pipeline:
 * {@link ImageBatches} normalises.
 */
public final class DjlImages implements LabeledImages, AutoCloseable {

    private final RandomAccessDataset dataset;
    private final List<String> classNames;
    private final NDManager manager;
    private final boolean hwc;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * Wraps {@code dataset} (prepared here if it was not).
     *
     * @param classNames one name per class
     */
    public DjlImages(RandomAccessDataset dataset, List<String> classNames) {
        this.dataset = dataset;
        this.classNames = List.copyOf(classNames);
        this.manager = NDManager.newBaseManager();
        try {
            dataset.prepare();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dataset.getClass().getSimpleName(), e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot prepare " + dataset.getClass().getSimpleName(), e);
        }
        if (dataset.size() == 0) {
            throw new IllegalArgumentException(dataset.getClass().getSimpleName() + " is empty");
        }
        try (NDManager m = manager.newSubManager()) {
            Shape s = record(m, 0).getData().head().getShape();
            if (s.dimension() != 3) {
                throw new IllegalArgumentException("expected images of 3 dimensions (CHW or HWC), got " + s);
            }
            // DJL's image datasets give HWC bytes; floats are CHW unless only the last axis looks like channels
            DataType type = record(m, 0).getData().head().getDataType();
            hwc = type == DataType.UINT8 || type == DataType.INT8
                    || (isChannelCount(s.get(2)) && !isChannelCount(s.get(0)));
            channels = (int) (hwc ? s.get(2) : s.get(0));
            height = (int) (hwc ? s.get(0) : s.get(1));
            width = (int) (hwc ? s.get(1) : s.get(2));
        }
    }

    private static boolean isChannelCount(long n) {
        return n == 1 || n == 3 || n == 4;
    }

    /** Wraps {@code dataset} with classes named "0", "1", ... */
    public static DjlImages of(RandomAccessDataset dataset, int numClasses) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numClasses; i++) {
            names.add(Integer.toString(i));
        }
        return new DjlImages(dataset, names);
    }

    private Record record(NDManager m, int i) {
        try {
            return dataset.get(m, i);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read item " + i + " of " + dataset.getClass().getSimpleName(), e);
        }
    }

    @Override
    public int size() {
        return (int) dataset.size();
    }

    @Override
    public Image image(int i) {
        try (NDManager m = manager.newSubManager()) {
            NDArray a = record(m, i).getData().head();
            if (hwc) {
                // HWC in [0, 255] (bytes or floats) -> CHW in [0, 1]
                a = a.toType(DataType.FLOAT32, false).transpose(2, 0, 1).div(255f);
            } else if (a.getDataType() != DataType.FLOAT32) {
                a = a.toType(DataType.FLOAT32, false);
            }
            float[] data = a.toFloatArray();
            if (data.length != channels * height * width) {
                throw new IllegalStateException("item " + i + " has shape " + a.getShape() + ", the first item was "
                        + channels + "x" + height + "x" + width);
            }
            return new Image(data, channels, height, width);
        }
    }

    @Override
    public int label(int i) {
        try (NDManager m = manager.newSubManager()) {
            int label = (int) record(m, i).getLabels().head().toType(DataType.INT64, false).toLongArray()[0];
            if (label < 0 || label >= classNames.size()) {
                throw new IllegalStateException("item " + i + " has label " + label + ", outside [0, "
                        + classNames.size() + ")");
            }
            return label;
        }
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public void close() {
        manager.close();
    }
}
