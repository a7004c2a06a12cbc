package dev.classicnets.googlenet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import dev.classicnets.common.nn.ChannelPaddedConv2d;
import dev.classicnets.common.nn.NamedSequence;
import java.util.Arrays;
import java.util.Locale;

/**
 * The two GoogLeNets: the paper's, and torchvision's {@code googlenet()} (the network of its
 * pretrained weights). They share the table; they differ in these settings.
 */
public enum Variant {
    /**
     * Szegedy et al. 2014 as the paper (and its Caffe reference model) describe it: biases on every
     * convolution, no batch norm, local response normalisation after the first max pool and after
     * conv3, 5x5 convolutions, a 3x3/2 max pool before 5a, dropout 0.4 before the classifier.
     */
    PAPER(false, true, 5, 3, 0.4f),
    /**
     * torchvision's {@code googlenet()}: batch norm (eps 0.001) after every convolution instead of
     * biases, no LRN, 3x3 kernels in the "5x5" branch (a known difference from the paper, kept so
     * that its weights load), a 2x2/2 max pool before 5a, dropout 0.2.
     */
    TORCHVISION(true, false, 3, 2, 0.2f);

    private final boolean batchNorm;
    private final boolean localResponseNorm;
    private final int wideKernel;
    private final int lastPoolKernel;
    private final float dropout;

    Variant(boolean batchNorm, boolean localResponseNorm, int wideKernel, int lastPoolKernel, float dropout) {
        this.batchNorm = batchNorm;
        this.localResponseNorm = localResponseNorm;
        this.wideKernel = wideKernel;
        this.lastPoolKernel = lastPoolKernel;
        this.dropout = dropout;
    }

    /** Parses a command-line value, {@code paper} or {@code torchvision}, ignoring case. */
    public static Variant of(String name) {
        for (Variant v : values()) {
            if (v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown GoogLeNet variant '" + name + "'; allowed: "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }

    /** True for batch norm after every convolution (and no convolution biases). */
    public boolean batchNorm() {
        return batchNorm;
    }

    /** True for LRN in the stem. */
    public boolean localResponseNorm() {
        return localResponseNorm;
    }

    /** Kernel of the inception module's "5x5" branch: 5, or 3 in torchvision. */
    public int wideKernel() {
        return wideKernel;
    }

    /** Kernel of the stride-2 max pool between 4e and 5a. */
    public int lastPoolKernel() {
        return lastPoolKernel;
    }

    /** Dropout rate in front of the main classifier. */
    public float dropout() {
        return dropout;
    }

    /**
     * A convolution with its ReLU, padded to keep the map size at stride 1: torchvision's {@code
     * BasicConv2d} (conv, batch norm, ReLU) or the paper's conv with bias and ReLU. Children are
     * named {@code conv} and {@code bn} as in torchvision.
     */
    NamedSequence conv(int channels, int kernel, int stride) {
        NamedSequence unit = new NamedSequence();
        // libtorch's CPU kernels get 3x3 and 5x5 convolutions over 24 channels (4b, 4c) wrong
        unit.add("conv", new ChannelPaddedConv2d(Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(!batchNorm)));
        if (batchNorm) {
            unit.add("bn", BatchNorm.builder().optEpsilon(1e-3f).build());
        }
        return unit.add("relu", Activation.reluBlock());
    }
}
