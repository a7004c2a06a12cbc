package dev.classicnets.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.ModelSummary;

/**
 * One step up the expansive path: upsample the coarser map ({@code up}), concatenate it after the
 * skip connection of the same level ({@code [skip, up(x)]}, as milesial/Pytorch-UNet does), then the
 * two 3x3 convolutions ({@code conv}). In the paper's unpadded network the skip is larger than the
 * upsampled map and is cropped to its centre ("cropping is necessary due to the loss of border pixels
 * in every convolution"). Inputs: {@code (x, skip)}.
 */
final class UpStep extends AbstractBlock implements ModelSummary.Branching {

    private final Block up;
    private final Block conv;

    UpStep(Block up, Block conv) {
        this.up = addChildBlock("up", up);
        this.conv = addChildBlock("conv", conv);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray u = up.forward(ps, new NDList(inputs.get(0)), training, params).singletonOrThrow();
        NDArray skip = centreCrop(inputs.get(1), u.getShape().get(2), u.getShape().get(3));
        return conv.forward(ps, new NDList(skip.concat(u, 1)), training, params);
    }

    /** The centre {@code h x w} of an (N, C, H, W) array; the array itself when it has that size. */
    static NDArray centreCrop(NDArray x, long h, long w) {
        Shape s = x.getShape();
        if (s.get(2) == h && s.get(3) == w) {
            return x;
        }
        if (s.get(2) < h || s.get(3) < w) {
            throw new IllegalArgumentException("cannot crop " + s + " to " + h + "x" + w);
        }
        long top = (s.get(2) - h) / 2;
        long left = (s.get(3) - w) / 2;
        return x.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + h, left, left + w));
    }

    @Override
    public Shape[] walk(Shape[] in, ModelSummary.ChildWalker child) {
        Shape u = child.walk("up", up, new Shape[] {in[0]})[0];
        Shape cat = new Shape(u.get(0), in[1].get(1) + u.get(1), u.get(2), u.get(3));
        return child.walk("conv", conv, new Shape[] {cat});
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return walk(inputShapes, (name, block, s) -> block.getOutputShapes(s));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        walk(inputShapes, (name, block, s) -> {
            block.initialize(manager, dataType, s);
            return block.getOutputShapes(s);
        });
    }
}
