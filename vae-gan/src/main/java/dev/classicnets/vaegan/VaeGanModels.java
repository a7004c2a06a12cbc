package dev.classicnets.vaegan;

import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.Normalization;
import java.util.List;

/**
 * The module's networks that take an image and give scores, by name, for {@link
 * dev.classicnets.common.registry.ModelRegistry}: DCGAN's discriminator at the paper's 64x64x3 (one logit;
 * the registry's class count sets its outputs) and the feature classifier of the Fréchet distance. The
 * generators and VAEs map codes to images, which the registry's classifier contract does not describe;
 * {@code GenerativeNetworksTest} checks their counts and gradients instead.
 */
public final class VaeGanModels implements ModelProvider {

    private static final Normalization TANH_RANGE3 = new Normalization(new float[] {0.5f, 0.5f, 0.5f},
            new float[] {0.5f, 0.5f, 0.5f});

    @Override
    public List<ModelEntry> models() {
        return List.of(
                ModelEntry.builder("dcgan-discriminator")
                        .network((outputs, channels) -> Dcgan.discriminator(64, channels, 64, outputs))
                        .inputShape(3, 64, 64).minInputSize(64).normalization(TANH_RANGE3).reference(1, 2_765_568L)
                        .citation("Radford, Metz & Chintala 2015, arXiv:1511.06434; pytorch/examples dcgan").build(),
                ModelEntry.builder("frechet-lenet")
                        .network((classes, channels) -> FeatureClassifier.build(channels, classes))
                        .inputShape(1, 28, 28).minInputSize(28)
                        .normalization(new Normalization(new float[] {0f}, new float[] {1f}))
                        .reference(10, 117_066L)
                        .citation("LeCun et al. 1998 in spirit; the feature network of the Frechet distance").build());
    }
}
