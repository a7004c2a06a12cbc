package dev.classicnets.resnet;

/**
 * What a residual block adds to its output: He et al. 2015, section 3.3 and Table 3.
 *
 * <p>Where input and output have the same shape every residual option uses the identity; they
 * differ only where a block changes the stride or the width.
 */
public enum Shortcut {
    /** No shortcut at all: the paper's "plain" networks (Figure 3, middle). */
    NONE,
    /**
     * Option A, parameter-free: subsample by the stride and append zero channels. The paper's
     * CIFAR-10 networks (section 4.2) use it.
     */
    ZERO_PAD,
    /**
     * Option B: a 1x1 convolution with the block's stride, then batch norm, named {@code
     * downsample} as in torchvision. The paper's ImageNet networks use it.
     */
    PROJECTION
}
