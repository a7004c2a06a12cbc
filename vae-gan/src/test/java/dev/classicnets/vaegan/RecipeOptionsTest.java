package dev.classicnets.vaegan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.classicnets.common.cli.Recipes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad options stop the recipe with one sentence, before any data is read; the presets resolve. */
class RecipeOptionsTest {

    private static String error(String... args) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(2, Recipes.execute(new VaeGanRecipe(), args), String.join(" ", args));
        } finally {
            System.setErr(old);
        }
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
        assertEquals(1, text.lines().count(), text);
        return text;
    }

    @Test
    void badOptionsAreOneSentence() {
        assertEquals("error: unknown --model 'pixelcnn'; expected one of vae, conv-vae, dcgan, vae-gan",
                error("--model", "pixelcnn"));
        assertEquals("error: dcgan works at 32 or 64 px, got --image-size 48",
                error("--model", "dcgan", "--image-size", "48"));
        assertEquals("error: the Frechet baseline needs held-out images: --validation 0 goes with --fd-samples 0",
                error("--model", "vae", "--validation", "0"));
        assertEquals("error: --sample needs the trained run to draw from (--run DIR)", error("--sample", "8"));
        assertEquals("error: --gamma must be >= 0, got -1.0", error("--model", "vae-gan", "--gamma", "-1"));
        // the options every recipe shares (RunOptions), checked as for the classifiers
        assertEquals("error: --validation must be in [0, 1), got 1.5", error("--validation", "1.5"));
        assertEquals("error: --threads must be at least 1, got 0", error("--threads", "0"));
    }

    @Test
    void presetsResolveWithOverrides() {
        VaeGanRecipe recipe = new VaeGanRecipe();
        new CommandLine(recipe).parseArgs("--model", "dcgan", "--preset", "paper", "--latent", "64", "--epochs", "2");
        var p = recipe.preset();
        assertEquals(64, p.imageSize());
        assertEquals(2, p.epochs());
        assertEquals(64, p.network().latent());
        assertEquals(0.5f, p.network().beta1(), "DCGAN's Adam");
        assertTrue(p.description().contains("Radford"), p.description());
        assertEquals(3e-4f, ModelSettings.presets("vae-gan").get(0).learningRate(), "Larsen et al.'s RMSprop rate");
        assertEquals("rmsprop", ModelSettings.presets("vae-gan").get(0).optimizer());
    }
}
