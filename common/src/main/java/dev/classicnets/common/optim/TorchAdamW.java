package dev.classicnets.common.optim;

/**
 * AdamW (Loshchilov and Hutter 2019) with PyTorch's rule ({@code torch.optim.AdamW}): {@link TorchAdam}
 * with the weight decay decoupled from the gradient, {@code w *= 1 - lr * weightDecay} before the Adam
 * step, and PyTorch's default decay of 0.01.
 *
 * <pre>{@code
 * Optimizer adamW = TorchAdamW.builder().optLearningRate(1e-3f).optWeightDecays(0.05f).build();
 * }</pre>
 */
public class TorchAdamW extends TorchAdam {

    protected TorchAdamW(Builder builder) {
        super(builder);
    }

    /** Options with PyTorch's defaults: {@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01}. */
    public static Builder builder() {
        return new Builder(true);
    }
}
