package dev.classicnets.googlenet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import dev.classicnets.common.nn.LocalResponseNorm;
import dev.classicnets.common.nn.NamedSequence;
import java.util.ArrayList;
import java.util.List;

/** Walks {@link GoogLeNet#INCEPTION_ROWS} into the trunk: the stem, then the modules and pools. */
final class GoogLeNetFeatures {
    private GoogLeNetFeatures() {}

    /** Channels out of the stem (conv3), into inception 3a. */
    static final int STEM_CHANNELS = 192;

    /** The trunk, and the modules whose outputs feed the auxiliary heads. */
    record Trunk(NamedSequence features, List<Block> auxTaps) {}

    static Trunk build(Variant variant, Inception form, boolean transformInput) {
        NamedSequence f = new NamedSequence();
        if (transformInput) {
            f.add("transform", new TransformInput()); // ImageNet-normalised to (x - 0.5) / 0.5
        }
        // Shapes at 224x224 input, for the reduced form; pools use ceil mode, as Caffe and torchvision.
        f.add("conv1", variant.conv(64, 7, 2)); // 112x112x64
        f.add("maxpool1", maxPool(3)); // 56x56x64
        if (variant.localResponseNorm()) {
            f.add("lrn1", caffeLrn());
        }
        f.add("conv2", variant.conv(64, 1, 1)); // 56x56x64
        f.add("conv3", variant.conv(STEM_CHANNELS, 3, 1)); // 56x56x192
        if (variant.localResponseNorm()) {
            f.add("lrn2", caffeLrn());
        }
        f.add("maxpool2", maxPool(3)); // 28x28x192

        List<Block> taps = new ArrayList<>();
        int channels = STEM_CHANNELS;
        char stage = '3';
        for (InceptionRow row : GoogLeNet.INCEPTION_ROWS) {
            if (row.stage() != stage) {
                // between stages a stride-2 max pool halves the map: 28 -> 14 before 4a, 14 -> 7 before 5a
                int kernel = row.stage() == '5' ? variant.lastPoolKernel() : 3;
                f.add("maxpool" + stage, maxPool(kernel));
                stage = row.stage();
            }
            InceptionModule module = new InceptionModule(row, form, variant, channels);
            f.add("inception" + row.name(), module);
            if (GoogLeNet.AUX_TAPS.contains(row.name())) {
                taps.add(module);
            }
            channels = module.outChannels();
        }
        // 7x7x1024 (reduced) or 7x7x4944 (naive)
        return new Trunk(f, List.copyOf(taps));
    }

    /** See {@link GoogLeNet#minimumInputSize(Variant, boolean)}. */
    static int minimumInputSize(Variant variant, boolean aux) {
        for (int side = 1; side < 1024; side++) {
            int n = (side - 1) / 2 + 1; // conv1: 7x7, stride 2, padding 3
            n = ceilPool(ceilPool(ceilPool(n, 3, 2), 3, 2), 3, 2); // maxpool1..3: 4a's map
            boolean auxFits = !aux || variant != Variant.PAPER || ceilPool(n, 5, 3) >= 1;
            if (n >= 1 && auxFits && ceilPool(n, variant.lastPoolKernel(), 2) >= 1) {
                return side;
            }
        }
        throw new AssertionError("no input size fits " + variant);
    }

    /** PyTorch's output size of an unpadded pool in ceil mode; below 1, the pool fails. */
    private static int ceilPool(int n, int kernel, int stride) {
        if (n < 1) {
            return 0;
        }
        int out = Math.floorDiv(n - kernel + stride - 1, stride) + 1;
        // ceil mode may not start a window past the input's end
        return out > 0 && (out - 1) * stride >= n ? out - 1 : out;
    }

    /** Stride-2 max pool in ceil mode (Caffe's rounding, which torchvision copies). */
    static Block maxPool(int kernel) {
        return Pool.maxPool2dBlock(new Shape(kernel, kernel), new Shape(2, 2), new Shape(0, 0), true);
    }

    /** Caffe's LRN in the reference GoogLeNet: size 5, alpha 1e-4 (divided by size), beta 0.75, k 1. */
    private static LocalResponseNorm caffeLrn() {
        return LocalResponseNorm.torchStyle(5, 1e-4f, 0.75f, 1f);
    }
}
