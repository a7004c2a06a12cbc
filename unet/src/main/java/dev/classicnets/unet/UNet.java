package dev.classicnets.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import dev.classicnets.common.nn.ConvTranspose2d;
import dev.classicnets.common.nn.Initialization;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.BilinearUpsample;
import dev.classicnets.common.nn.ChannelsLastBlock;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.nn.NamedSequence;
import dev.classicnets.common.nn.MaxPool2d;
import java.util.ArrayList;
import java.util.List;

/**
 * U-Net (Ronneberger, Fischer &amp; Brox 2015, "U-Net: Convolutional Networks for Biomedical Image
 * Segmentation", MICCAI, arXiv:1505.04597, Figure 1): a contracting path of two 3x3 convolutions + ReLU
 * and a 2x2 max pooling per level, widths 64, 128, 256, 512, 1024, and an expansive path of a 2x2
 * up-convolution that halves the channels, concatenation with the level's feature map, and two 3x3
 * convolutions; a 1x1 convolution maps 64 channels to the classes. 23 convolutional layers.
 *
 * <ul>
 *   <li>{@link #paper()}: unpadded convolutions, the skip maps cropped: a 572x572 tile gives a 388x388
 *       map; 1 input channel and 2 classes have <b>31,030,658</b> parameters.
 *   <li>{@link #padded()}: 3x3 convolutions padded by 1, so the map has the input's size. Any input
 *       size works: the input is zero-padded to a multiple of {@code 2^depth} and the output cropped
 *       back. With batch norm (convolutions without bias), 3 input channels and 2 classes this is
 *       milesial/Pytorch-UNet's {@code UNet}: <b>31,037,698</b> parameters; with {@link
 *       Upsampling#BILINEAR}, its {@code UNet(bilinear=True)}: <b>17,263,042</b>.
 * </ul>
 * Weights start as the paper says (section 3): Gaussian with std {@code sqrt(2/N)}, N the inputs of
 * one neuron; biases at zero.
 *
 * <p>Inputs (N, C, H, W), output class scores (N, K, H', W'). Children: {@code inc}, {@code down1..D},
 * {@code up1..D}, {@code outc} (milesial's names).
 */
public final class UNet extends ChannelsLastBlock implements ModelSummary.Branching {

    /** How the expansive path doubles the resolution. */
    public enum Upsampling {
        /** The paper's 2x2 up-convolution (stride 2) halving the channels. */
        TRANSPOSED,
        /**
         * milesial's bilinear form: bilinear x2 (align corners), the deepest block and each up block's
         * output at half width, so no layer is needed to halve the channels.
         */
        BILINEAR,
        /** Bilinear x2 then a 1x1 convolution halving the channels: the paper's widths without checkerboards. */
        BILINEAR_CONV
    }

    private final int depth;
    private final int baseWidth;
    private final int numClasses;
    private final boolean padded;
    private final boolean batchNorm;
    private final Upsampling upsampling;
    private final Block inc;
    private final List<Block> downs = new ArrayList<>();
    private final List<Block> ups = new ArrayList<>();
    private final Block outc;

    private UNet(Builder b) {
        depth = b.depth;
        baseWidth = b.baseWidth;
        numClasses = b.numClasses;
        padded = b.padded;
        batchNorm = b.batchNorm;
        upsampling = b.upsampling;
        boolean halfBottom = upsampling == Upsampling.BILINEAR;
        UNetLayers layers = new UNetLayers(padded, batchNorm);
        inc = addChildBlock("inc", layers.doubleConv(width(0), width(0)));
        for (int level = 1; level <= depth; level++) {
            int out = level == depth && halfBottom ? width(level) / 2 : width(level);
            downs.add(addChildBlock("down" + level, new NamedSequence()
                    .add("pool", MaxPool2d.block(2, 2))
                    .add("conv", layers.doubleConv(out, out))));
        }
        for (int level = depth - 1; level >= 0; level--) {
            int w = width(level);
            Block up;
            Block conv;
            if (upsampling == Upsampling.BILINEAR) {
                up = new BilinearUpsample(2);
                conv = layers.doubleConv(w, level > 0 ? w / 2 : w); // (2w in) -> w -> w/2
            } else {
                up = upsampling == Upsampling.TRANSPOSED ? UNetLayers.upConvolution(w) : new NamedSequence()
                        .add("bilinear", new BilinearUpsample(2)).add("conv", layers.conv(w, 1));
                conv = layers.doubleConv(w, w);
            }
            ups.add(addChildBlock("up" + (depth - level), new UpStep(up, conv)));
        }
        outc = addChildBlock("outc", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(numClasses).build());
        setChannelsLast(b.channelsLast);
        setInitializer(UNetLayers::paperInitialisation, Parameter.Type.WEIGHT);
        setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        // after the network-wide rule, which would read an up-convolution's (C_in, C_out, 2, 2) as a convolution's
        Initialization.layersOf(this, ConvTranspose2d.class).forEach(UNetLayers::initialiseUpConvolution);
    }

    /** A builder with the paper's settings (unpadded, no batch norm, depth 4, width 64, 2 classes). */
    public static Builder paper() {
        return new Builder();
    }

    /** A builder for the padded network with batch norm (milesial/Pytorch-UNet's), depth 4, width 64. */
    public static Builder padded() {
        return new Builder().optPadded(true).optBatchNorm(true);
    }

    private int width(int level) {
        return baseWidth << level;
    }

    public int depth() {
        return depth;
    }

    public int numClasses() {
        return numClasses;
    }

    public boolean isPadded() {
        return padded;
    }

    /**
     * The output side of the unpadded network for an input side, or -1 where a pooling would meet an odd
     * size or a map would vanish (572 -> 388 at depth 4).
     */
    public static int paperOutputSize(int input, int depth) {
        return PaperSizes.outputSize(input, depth);
    }

    /** How far the padded network pads a side: up to the next multiple of 2^depth. */
    private long fit(long side) {
        long m = 1L << depth;
        return (side + m - 1) / m * m;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape in = x.getShape();
        if (in.dimension() != 4) {
            throw new IllegalArgumentException("U-Net expects (N, C, H, W) input, got " + in);
        }
        long h = in.get(2);
        long w = in.get(3);
        long top = (fit(h) - h) / 2;
        long left = (fit(w) - w) / 2;
        if (!padded) {
            PaperSizes.check(h, depth);
            PaperSizes.check(w, depth);
        } else if (fit(h) != h || fit(w) != w) {
            x = x.pad(new Shape(left, fit(w) - w - left, top, fit(h) - h - top), 0);
        }
        List<NDArray> skips = new ArrayList<>();
        NDArray y = inc.forward(ps, new NDList(x), training, params).singletonOrThrow();
        for (Block down : downs) {
            skips.add(y);
            y = down.forward(ps, new NDList(y), training, params).singletonOrThrow();
        }
        for (int i = 0; i < depth; i++) {
            y = ups.get(i).forward(ps, new NDList(y, skips.get(depth - 1 - i)), training, params).singletonOrThrow();
        }
        y = outc.forward(ps, new NDList(y), training, params).singletonOrThrow();
        if (padded && (y.getShape().get(2) != h || y.getShape().get(3) != w)) {
            y = y.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + h, left, left + w));
        }
        return new NDList(y);
    }

    /** The layers in forward order with their input shapes (for initialisation and the layer table). */
    @Override
    public Shape[] walk(Shape[] inputShapes, ModelSummary.ChildWalker child) {
        Shape in = inputShapes[0];
        Shape s = padded ? new Shape(in.get(0), in.get(1), fit(in.get(2)), fit(in.get(3))) : in;
        List<Shape> skips = new ArrayList<>();
        s = child.walk("inc", inc, new Shape[] {s})[0];
        for (int i = 0; i < depth; i++) {
            skips.add(s);
            s = child.walk("down" + (i + 1), downs.get(i), new Shape[] {s})[0];
        }
        for (int i = 0; i < depth; i++) {
            s = child.walk("up" + (i + 1), ups.get(i), new Shape[] {s, skips.get(depth - 1 - i)})[0];
        }
        child.walk("outc", outc, new Shape[] {s});
        return getOutputShapes(inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = padded ? in.get(2) : PaperSizes.outputSize((int) in.get(2), depth);
        long w = padded ? in.get(3) : PaperSizes.outputSize((int) in.get(3), depth);
        return new Shape[] {new Shape(in.get(0), numClasses, h, w)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() != 4) {
            throw new IllegalArgumentException("U-Net expects (N, C, H, W) input, got " + in);
        }
        if (!padded) {
            PaperSizes.check(in.get(2), depth);
            PaperSizes.check(in.get(3), depth);
        }
        walk(inputShapes, (name, block, s) -> {
            block.initialize(manager, dataType, s);
            return block.getOutputShapes(s);
        });
    }

    @Override
    public String toString() {
        return String.format("UNet(%s, depth %d, width %d, %s%s, %d classes)", padded ? "padded" : "unpadded", depth,
                baseWidth, upsampling.name().toLowerCase(java.util.Locale.ROOT), batchNorm ? ", batch norm" : "",
                numClasses);
    }

    /** Builds a {@link UNet}; start from {@link #paper()} or {@link #padded()}. */
    public static final class Builder {
        private int depth = 4;
        private int baseWidth = 64;
        private int numClasses = 2;
        private boolean padded;
        private boolean batchNorm;
        private Upsampling upsampling = Upsampling.TRANSPOSED;
        private boolean channelsLast = true;

        private Builder() {}

        /** Output classes (default 2). */
        public Builder numClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Poolings on the contracting path (default 4, the paper's). */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Channels of the first level, doubled at each level down (default 64). */
        public Builder optBaseWidth(int baseWidth) {
            this.baseWidth = baseWidth;
            return this;
        }

        /** Padded 3x3 convolutions: output of the input's size (default: false for paper(), true for padded()). */
        public Builder optPadded(boolean padded) {
            this.padded = padded;
            return this;
        }

        /** Batch norm after every 3x3 convolution, which then has no bias. */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /** How the expansive path upsamples (default the paper's up-convolution). */
        public Builder optUpsampling(Upsampling upsampling) {
            this.upsampling = java.util.Objects.requireNonNull(upsampling, "upsampling");
            return this;
        }

        /**
         * Convolution weights stored channels-last (default true): the unet cpu preset's training step ran
         * 1.15x as fast (117-122 against 133-142 ms a step, 3 December 2026); see {@link ChannelsLastBlock}.
         */
        public Builder optChannelsLast(boolean channelsLast) {
            this.channelsLast = channelsLast;
            return this;
        }

        public UNet build() {
            if (numClasses < 1) {
                throw new IllegalArgumentException("U-Net numClasses must be at least 1, got " + numClasses);
            }
            if (depth < 1 || depth > 8) {
                throw new IllegalArgumentException("U-Net depth must be in [1, 8], got " + depth);
            }
            if (baseWidth < 2 || baseWidth % 2 != 0 || (long) baseWidth << depth > 1 << 16) {
                throw new IllegalArgumentException("U-Net base width must be even and at least 2 (and base * 2^depth "
                        + "at most 65536), got " + baseWidth + " at depth " + depth);
            }
            return new UNet(this);
        }
    }
}
