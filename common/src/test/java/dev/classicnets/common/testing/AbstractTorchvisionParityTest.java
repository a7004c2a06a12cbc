package dev.classicnets.common.testing;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.classicnets.common.testing.TorchvisionParity.Format;
import dev.classicnets.common.testing.TorchvisionParity.Outputs;
import dev.classicnets.common.transfer.TorchvisionCounterpart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A module's parity tests against torchvision: a subclass lists its networks ({@link #models()})
 * under the names {@code transfer/torchvision_parity.py} gives torchvision's models, and every one
 * is checked in both directions, the import once per state-dict file {@link Format}. One Python
 * process serves the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class AbstractTorchvisionParityTest {

    /** Units of AlexNet's and VGG's hidden classifier layers in the script ({@code HIDDEN}). */
    public static final int HIDDEN = 128;

    /**
     * One network under test.
     *
     * @param name the script's model name ({@code resnet18}, {@code googlenet_aux}, ...)
     * @param network builds our network as the script builds torchvision's
     * @param inputSize height and width of the export test's input (the script picks its own)
     * @param outputs what to compare: {@link TorchvisionParity#logits} or more
     */
    public record Model<N extends Block & TorchvisionCounterpart>(
            String name, Supplier<N> network, int inputSize, Outputs outputs) {

        @Override
        public String toString() {
            return name;
        }
    }

    private TorchvisionPeer peer;

    /** The module's networks. */
    protected abstract List<Model<?>> models();

    @BeforeAll
    void startTorchvision() throws IOException {
        peer = TorchvisionPeer.start();
    }

    @AfterAll
    void stopTorchvision() throws IOException {
        if (peer != null) {
            peer.close();
        }
    }

    Stream<Arguments> importCases() {
        return models().stream().flatMap(m -> Arrays.stream(Format.values()).map(f -> Arguments.of(m, f)));
    }

    Stream<Model<?>> exportCases() {
        return models().stream();
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("importCases")
    void torchvisionWeightsGiveTorchvisionLogits(Model<?> model, Format format, @TempDir Path dir) throws IOException {
        importCase(model, format, dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exportCases")
    void ourWeightsGiveOurLogitsInTorchvision(Model<?> model, @TempDir Path dir) throws IOException {
        exportCase(model, dir);
    }

    private <N extends Block & TorchvisionCounterpart> void importCase(Model<N> m, Format format, Path dir)
            throws IOException {
        TorchvisionParity.assertImportReproducesLogits(peer, m.name(), format, m.network(), m.outputs(), dir);
    }

    private <N extends Block & TorchvisionCounterpart> void exportCase(Model<N> m, Path dir) throws IOException {
        Shape input = new Shape(2, 3, m.inputSize(), m.inputSize());
        TorchvisionParity.assertExportLoadsIntoTorchvision(peer, m.name(), m.network(), input, m.outputs(), dir);
    }
}
