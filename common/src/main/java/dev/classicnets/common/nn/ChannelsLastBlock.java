package dev.classicnets.common.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * A network that may store its convolution weights channels-last ({@link ChannelsLast}): each network's builder
 * sets what measured faster for it. The weights are laid out after {@code initialize} and again after
 * {@code loadParameters}, which makes new (N, C, H, W) arrays.
 */
public abstract class ChannelsLastBlock extends AbstractBlock {

    private boolean channelsLast;

    protected ChannelsLastBlock() {}

    protected ChannelsLastBlock(byte version) {
        super(version);
    }

    /**
     * Whether {@code initialize} stores the convolution weights channels-last. Takes effect at the next
     * {@code initialize} (the trainer's), before the first backward pass.
     */
    public void setChannelsLast(boolean channelsLast) {
        this.channelsLast = channelsLast;
    }

    /** Whether this network stores its convolution weights channels-last. */
    public boolean isChannelsLast() {
        return channelsLast;
    }

    /** Initialises the parameters not yet initialised, then lays them out as {@link #isChannelsLast} says. */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        if (channelsLast) {
            ChannelsLast.apply(this);
        }
    }

    /** Loads the parameters (DJL makes new arrays, (N, C, H, W)), then lays them out as {@link #isChannelsLast}. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        if (channelsLast) {
            ChannelsLast.apply(this);
        }
    }
}
