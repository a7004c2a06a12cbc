package dev.classicnets.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * A transposed 2-D convolution with the semantics of {@code torch.nn.ConvTranspose2d} (dilation 1):
 * U-Net's 2x2 up-convolution, the 4x4 stride-2 layers of DCGAN and VAE decoders. DJL's
 * {@code Conv2dTranspose} throws "Not implemented" on PyTorch; this computes it through
 * {@link TransposedConvolution}'s sub-pixel decomposition.
 *
 * <p>Parameters are named and laid out as PyTorch's, so a state dict maps one to one: {@code weight}
 * (in, filters/groups, kh, kw) and {@code bias} (filters). Output size per axis:
 * {@code (in - 1)*stride - 2*padding + kernel + outputPadding}.
 *
 * <p>Initialisation is PyTorch's default: weight and bias uniform in
 * {@code ±1/sqrt(filters/groups * kh * kw)} (kaiming_uniform with a = sqrt(5); PyTorch takes the
 * fan-in of a transposed convolution from weight dimension 1). {@code setInitializer} replaces it as
 * for any DJL block.
 */
public class ConvTranspose2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Shape kernelShape;
    private final Shape stride;
    private final Shape padding;
    private final Shape outputPadding;
    private final int filters;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    ConvTranspose2d(Builder builder) {
        super(VERSION);
        kernelShape = builder.kernelShape;
        stride = builder.stride;
        padding = builder.padding;
        outputPadding = builder.outputPadding;
        filters = builder.filters;
        groups = builder.groups;
        float bound = (float) (1 / Math.sqrt((double) filters / groups * kernelShape.size()));
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new UniformInitializer(bound)).build());
        bias = builder.bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optInitializer(new UniformInitializer(bound)).build()) : null;
    }

    /** Starts a builder; {@code setKernelShape} and {@code setFilters} are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInput(x.getShape());
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        if (w.getShape().get(0) != x.getShape().get(1)) {
            throw new IllegalArgumentException("ConvTranspose2d was initialised for " + w.getShape().get(0)
                    + " input channels, got input " + x.getShape());
        }
        return new NDList(TransposedConvolution.convTranspose2d(x, w, b, stride, padding, outputPadding, groups));
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        checkInput(in);
        weight.setShape(new Shape(in.get(1), filters / groups, kernelShape.get(0), kernelShape.get(1)));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        checkInput(in);
        return new Shape[] {new Shape(in.get(0), filters, outputSize(in, 0), outputSize(in, 1))};
    }

    private long outputSize(Shape in, int axis) {
        return TransposedConvolution.outputSize(in.get(2 + axis), kernelShape.get(axis), stride.get(axis),
                padding.get(axis), outputPadding.get(axis));
    }

    /** Rejects input that is not (N, C, H, W) with C a multiple of groups, or too small for any output. */
    private void checkInput(Shape in) {
        if (in.dimension() != 4) {
            throw new IllegalArgumentException("ConvTranspose2d expects (N, C, H, W) input, got " + in);
        }
        if (in.get(1) % groups != 0) {
            throw new IllegalArgumentException("ConvTranspose2d input channels must be divisible by groups="
                    + groups + ", got input " + in);
        }
        if (in.get(2) < 1 || in.get(3) < 1 || outputSize(in, 0) < 1 || outputSize(in, 1) < 1) {
            throw new IllegalArgumentException("ConvTranspose2d input " + in + " gives an empty output of "
                    + outputSize(in, 0) + "x" + outputSize(in, 1) + " with kernel " + kernelShape + ", stride "
                    + stride + ", padding " + padding + " and output padding " + outputPadding);
        }
    }

    /** The kernel shape (kh, kw). */
    public Shape getKernelShape() {
        return kernelShape;
    }

    /** The stride (sh, sw). */
    public Shape getStride() {
        return stride;
    }

    /** The padding cropped from each side of the output (ph, pw). */
    public Shape getPadding() {
        return padding;
    }

    /** The rows and columns added at the bottom and right of the output (oph, opw). */
    public Shape getOutputPadding() {
        return outputPadding;
    }

    /** The number of output channels. */
    public int getFilters() {
        return filters;
    }

    /** The number of groups. */
    public int getGroups() {
        return groups;
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(filters=" + filters + ", kernel=" + kernelShape + ", stride=" + stride
                + ", padding=" + padding + ", outputPadding=" + outputPadding + ", groups=" + groups
                + ", bias=" + (bias != null) + ")";
    }

    /** Builds a {@link ConvTranspose2d}, in the style of DJL's convolution builders. */
    public static final class Builder {
        private Shape kernelShape;
        private Shape stride = new Shape(1, 1);
        private Shape padding = new Shape(0, 0);
        private Shape outputPadding = new Shape(0, 0);
        private int filters;
        private int groups = 1;
        private boolean bias = true;

        private Builder() {}

        /** Sets the kernel shape (kh, kw); required. */
        public Builder setKernelShape(Shape kernelShape) {
            this.kernelShape = kernelShape;
            return this;
        }

        /** Sets the number of output channels; required. */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Sets the stride (sh, sw); default (1, 1). */
        public Builder optStride(Shape stride) {
            this.stride = stride;
            return this;
        }

        /** Sets the padding (ph, pw) that PyTorch crops from each side of the output; default (0, 0). */
        public Builder optPadding(Shape padding) {
            this.padding = padding;
            return this;
        }

        /** Sets the extra rows and columns at the bottom and right, each below the stride; default (0, 0). */
        public Builder optOutputPadding(Shape outputPadding) {
            this.outputPadding = outputPadding;
            return this;
        }

        /** Sets the number of groups, which divide input and output channels; default 1. */
        public Builder optGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /** Whether to learn a bias per output channel; default true. */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** Validates the settings and builds the block. */
        public ConvTranspose2d build() {
            if (kernelShape == null) {
                throw new IllegalArgumentException("ConvTranspose2d needs a kernel shape: call setKernelShape");
            }
            requirePair("kernel shape", kernelShape, 1);
            requirePair("stride", stride, 1);
            requirePair("padding", padding, 0);
            requirePair("output padding", outputPadding, 0);
            if (filters < 1) {
                throw new IllegalArgumentException("ConvTranspose2d filters must be positive, got " + filters);
            }
            if (groups < 1 || filters % groups != 0) {
                throw new IllegalArgumentException("ConvTranspose2d groups must be positive and divide filters="
                        + filters + ", got " + groups);
            }
            for (int i = 0; i < 2; i++) {
                if (outputPadding.get(i) >= stride.get(i)) {
                    throw new IllegalArgumentException("ConvTranspose2d output padding must be smaller than the "
                            + "stride, got output padding " + outputPadding + " with stride " + stride);
                }
            }
            return new ConvTranspose2d(this);
        }

        private static void requirePair(String what, Shape shape, long min) {
            if (shape.dimension() != 2 || shape.get(0) < min || shape.get(1) < min) {
                throw new IllegalArgumentException("ConvTranspose2d " + what + " must be two values >= " + min
                        + " (height, width), got " + shape);
            }
        }
    }
}
