package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.io.TorchWeights;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.task.Classifier;
import dev.classicnets.common.task.PretrainedWeights;
import dev.classicnets.common.transfer.InputChannels;
import dev.classicnets.common.transfer.StateDict;
import dev.classicnets.common.transfer.TorchvisionCounterpart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageNet weights (an RGB ResNet-18 as torchvision names it, 1000 classes) starting a network for grey
 * images: the first convolution summed over its three input channels computes on a grey image what the
 * RGB network computes on that image in all three channels, and the recipe fine-tunes from such a file.
 */
class RgbWeightsOnGreyImagesTest {

    private static final Architecture RESNET18 = Architecture.of("resnet18");

    @TempDir
    static Path dir;

    private static Path rgbFile;

    @BeforeAll
    static void writeRgbFile() throws Exception {
        Engine.getInstance().setRandomSeed(7);
        rgbFile = dir.resolve("resnet18-rgb.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = (ResNet) RESNET18.build(1000, 3);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            TorchWeights.writeSafetensors(StateDict.export(((TorchvisionCounterpart) net).torchvisionMapping(), m),
                    rgbFile);
        }
    }

    @Test
    void aGreyImageGivesTheLogitsTheRgbNetworkGivesItInEveryChannel() throws Exception {
        try (Classifier rgb = PretrainedWeights.load(rgbFile, RESNET18, 32);
                Classifier grey = PretrainedWeights.load(rgbFile, RESNET18, 32, 1);
                NDManager m = NDManager.newBaseManager()) {
            assertEquals(new Shape(1, 32, 32), grey.spec().inputShape());
            NDArray x = m.randomNormal(new Shape(4, 1, 32, 32));
            NDArray fromRgb = logits(rgb, x.repeat(1, 3));
            NDArray fromGrey = logits(grey, x);
            float range = fromRgb.abs().max().getFloat();
            assertTrue(range > 0.1f, "the logits must not all be about 0: " + range);
            assertEquals(0f, fromRgb.sub(fromGrey).abs().max().getFloat() / range, 1e-5f);
        }
    }

    @Test
    void otherChannelCountsRepeatTheRgbWeightsScaled() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray rgb = m.arange(2 * 3 * 2 * 2).toType(DataType.FLOAT32, false).reshape(2, 3, 2, 2);
            NDArray five = InputChannels.adapt(rgb, 5); // channels R G B R G, times 3/5
            assertEquals(new Shape(2, 5, 2, 2), five.getShape());
            NDArray expected = rgb.concat(rgb, 1).get(":, :5").mul(0.6f);
            assertEquals(0f, five.sub(expected).abs().max().getFloat(), 1e-6f);
            assertEquals("expected an RGB convolution weight (out, 3, kh, kw), got (2, 5, 2, 2)",
                    assertThrows(IllegalArgumentException.class, () -> InputChannels.adapt(five, 1)).getMessage());
        }
    }

    @Test
    void theRecipeFineTunesOnFashionMnistFromAnRgbFile() {
        Path out = dir.resolve("run");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = Recipes.execute(new ResNetRecipe(), "--depth", "18", "--init-from", rgbFile.toString(), "--limit",
                    "256", "--epochs", "1", "--batch-size", "64", "--validation", "0", "--out", out.toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String printed = o.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("initialised from " + rgbFile + " (1000 classes); new head for 10 classes"), printed);
        assertTrue(printed.contains("test accuracy: "), printed);
    }

    private static NDArray logits(Classifier c, NDArray x) {
        return c.block().forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }
}
