package dev.classicnets.vaegan;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.classicnets.common.Require;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.Task;

/** Builds the task (and the decoder alone, for sampling) that a preset's {@link ModelSettings} describe. */
final class GenerativeTasks {
    private GenerativeTasks() {}

    /** The name of the network that maps codes to images. */
    static String decoderName(ModelSettings s) {
        return s.model().equals("dcgan") ? "generator" : "decoder";
    }

    /** How the model's images relate to the data's: padded to 32 and enlarged to the preset's side, or as is. */
    static PadAndScale canvas(ModelSettings s, int side, int dataSide) {
        if (!s.adversarial()) {
            Require.that(side == dataSide, s.model() + " works at the data's size (" + dataSide + " px), got --image-size "
                    + side);
            return null;
        }
        Require.that(side == 32 || side == 64, s.model() + " works at 32 or 64 px, got --image-size " + side);
        return new PadAndScale(32, side / 32);
    }

    /**
     * The task for {@code preset}.
     *
     * @param data the data's (C, H, W)
     * @param score the per-epoch Fréchet distance, or null
     * @param labelled the test images with classes for a 2-d latent scatter, or null
     */
    static Task task(Preset<ModelSettings> preset, OptimizerSettings optimizer, Shape data, FrechetScore score,
            LabeledImages labelled) {
        ModelSettings s = preset.network();
        int c = (int) data.get(0);
        int side = preset.imageSize();
        PadAndScale canvas = canvas(s, side, (int) data.get(1));
        Generation.Output output = s.adversarial() ? Generation.Output.TANH : Generation.Output.LOGITS;
        Generation generation = new Generation(s.latent(), output, data, canvas == null ? 1 : canvas.scale(), score);
        Shape input = new Shape(c, side, side);
        return switch (s.model()) {
            case "vae", "conv-vae" -> new VaeTask(vae(s, data), data, optimizer, s.reconstruction(), s.beta(),
                    generation, labelled);
            case "dcgan" -> new GanTask(Dcgan.generator(side, c, s.latent(), s.filters()),
                    Dcgan.discriminator(side, c, s.filters(), 1), input, optimizer, generation);
            case "vae-gan" -> new VaeGanTask(VaeGan.encoder(side, c, s.filters(), s.latent()),
                    VaeGan.decoder(side, c, s.filters(), s.latent()), VaeGan.discriminator(side, c, s.filters()),
                    input, optimizer, s.gamma(), generation);
            default -> throw new IllegalArgumentException("unknown model '" + s.model() + "'");
        };
    }

    /** The decoder (generator) alone, as {@link #task} builds it, and how its outputs become pixels. */
    static Block decoder(ModelSettings s, int side, Shape data) {
        int c = (int) data.get(0);
        return switch (s.model()) {
            case "vae", "conv-vae" -> vae(s, data).decoder();
            case "dcgan" -> Dcgan.generator(side, c, s.latent(), s.filters());
            case "vae-gan" -> VaeGan.decoder(side, c, s.filters(), s.latent());
            default -> throw new IllegalArgumentException("unknown model '" + s.model() + "'");
        };
    }

    static Generation generation(ModelSettings s, int side, Shape data) {
        PadAndScale canvas = canvas(s, side, (int) data.get(1));
        return new Generation(s.latent(), s.adversarial() ? Generation.Output.TANH : Generation.Output.LOGITS, data,
                canvas == null ? 1 : canvas.scale(), null);
    }

    private static Vae vae(ModelSettings s, Shape data) {
        int c = (int) data.get(0);
        int h = (int) data.get(1);
        int w = (int) data.get(2);
        return s.model().equals("vae") ? Vae.mlp(c, h, w, s.hidden(), s.latent()) : Vae.conv(c, h, w, s.latent());
    }
}
