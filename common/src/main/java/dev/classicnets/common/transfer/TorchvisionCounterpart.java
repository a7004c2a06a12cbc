package dev.classicnets.common.transfer;

/**
 * A network that can be built as one of torchvision's models, so that torchvision's state dicts
 * (its pretrained weights) load into it and its parameters export to torchvision, through {@link
 * StateDict}. Common code uses this to import weights into any network without knowing its module.
 */
public interface TorchvisionCounterpart {

    /**
     * Our parameters against the keys of the matching torchvision model's state dict.
     *
     * @throws IllegalArgumentException if this configuration has no torchvision counterpart (e.g.
     *     the paper's variant of a network torchvision builds differently), saying which do
     */
    StateDictMapping torchvisionMapping();
}
