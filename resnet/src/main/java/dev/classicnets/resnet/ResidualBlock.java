package dev.classicnets.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.NamedSequence;
import dev.classicnets.common.nn.StridedPointwiseConv;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link BasicBlock} and {@link Bottleneck} share: {@code relu(F(x) + shortcut(x))}, or
 * {@code relu(F(x))} in a plain network, where {@code F} is a stack of convolutions each followed
 * by batch norm, with a ReLU after every batch norm but the last (He et al. 2015, Figure 2).
 *
 * <p>A subclass adds its layers in data-flow order with {@link #layer} and then calls {@link
 * #addShortcut()}; the child names are torchvision's ({@code conv1, bn1, ..., downsample}).
 */
public abstract class ResidualBlock extends AbstractBlock {

    private final int inChannels;
    private final int outChannels;
    private final int stride;
    private final Shortcut shortcut;
    private final boolean zeroInitResidual;
    private final List<Block> branch = new ArrayList<>();
    private Block shortcutBlock; // null: identity (or nothing, in a plain network)

    /**
     * @param inChannels channels of the block's input
     * @param outChannels channels of its output
     * @param stride 1, or 2 where the block halves the feature map
     * @param shortcut the shortcut kind; {@link Shortcut#NONE} makes a plain block
     * @param zeroInitResidual start the last batch norm's gamma at 0, so the block starts as the
     *     identity (Goyal et al. 2017); meaningless, and rejected, without a shortcut
     */
    protected ResidualBlock(int inChannels, int outChannels, int stride, Shortcut shortcut,
            boolean zeroInitResidual) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(
                    "channels must be positive, got in=" + inChannels + ", out=" + outChannels);
        }
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
        }
        if (shortcut == Shortcut.NONE && zeroInitResidual) {
            throw new IllegalArgumentException(
                    "zeroInitResidual needs a shortcut: a plain block would start by outputting zeros");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        this.shortcut = shortcut;
        this.zeroInitResidual = zeroInitResidual;
    }

    /**
     * A convolution without bias (the batch norm after it has one). A strided 1x1 convolution is a
     * {@link StridedPointwiseConv}: the same numbers, names and saved bytes, without the libtorch
     * kernel whose backward pass dies with SIGFPE on Zen 5 from 512 input channels (ResNet-50's
     * downsampling shortcuts).
     */
    protected static Block conv(int channels, int kernel, int stride) {
        if (kernel == 1 && stride > 1) {
            return new StridedPointwiseConv(channels, stride);
        }
        return Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    /** Adds the next layer of the residual branch {@code F} under {@code name}. */
    protected final <B extends Block> B layer(String name, B block) {
        addChildBlock(name, block);
        branch.add(block);
        return block;
    }

    /**
     * Adds the shortcut after the branch. Needed only where the shape changes; then {@link
     * Shortcut#PROJECTION} adds {@code downsample} (1x1 conv + BN) and {@link Shortcut#ZERO_PAD} a
     * parameter-free {@code shortcut}.
     */
    protected final void addShortcut() {
        Block last = branch.get(branch.size() - 1);
        if (zeroInitResidual) {
            last.setInitializer(Initializer.ZEROS, Parameter.Type.GAMMA);
        }
        boolean reshapes = stride != 1 || inChannels != outChannels;
        if (!reshapes || shortcut == Shortcut.NONE) {
            return;
        }
        if (shortcut == Shortcut.PROJECTION) {
            shortcutBlock = addChildBlock("downsample", new NamedSequence()
                    .add("0", conv(outChannels, 1, stride))
                    .add("1", BatchNorm.builder().build()));
        } else {
            shortcutBlock = addChildBlock("shortcut", new ZeroPadShortcut(outChannels, stride));
        }
    }

    /** The shortcut kind this block was built with. */
    public Shortcut shortcut() {
        return shortcut;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = inputs;
        for (int i = 0; i < branch.size(); i++) {
            y = branch.get(i).forward(ps, y, training, params);
            // a ReLU after every batch norm of the branch except the last
            if (i < branch.size() - 1 && branch.get(i) instanceof BatchNorm) {
                y = new NDList(Activation.relu(y.singletonOrThrow()));
            }
        }
        NDArray out = y.singletonOrThrow();
        if (shortcut != Shortcut.NONE) {
            NDArray identity = shortcutBlock == null
                    ? inputs.singletonOrThrow()
                    : shortcutBlock.forward(ps, inputs, training, params).singletonOrThrow();
            out = out.add(identity);
        }
        return new NDList(Activation.relu(out));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (Block b : branch) {
            s = b.getOutputShapes(s);
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() != 4 || in.get(1) != inChannels) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects (N, " + inChannels
                    + ", H, W) input, got " + in);
        }
        Shape[] s = inputShapes;
        for (Block b : branch) {
            b.initialize(manager, dataType, s);
            s = b.getOutputShapes(s);
        }
        if (shortcutBlock != null) {
            shortcutBlock.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inChannels + "->" + outChannels + ", stride " + stride
                + ", " + shortcut + ")";
    }
}
