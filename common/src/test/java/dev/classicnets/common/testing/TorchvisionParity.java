package dev.classicnets.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import dev.classicnets.common.io.TorchWeights;
import dev.classicnets.common.transfer.StateDict;
import dev.classicnets.common.transfer.StateDictMapping;
import dev.classicnets.common.transfer.TorchvisionCounterpart;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Numeric parity with torchvision in both directions, through a {@link TorchvisionPeer}: its
 * random weights loaded into our network give its logits, and our random weights loaded into its
 * model give ours, each within {@link #TOLERANCE}. An architecture that differs anywhere (padding,
 * pooling's rounding, batch norm's epsilon, the order of a flatten) fails here.
 */
public final class TorchvisionParity {
    private TorchvisionParity() {}

    /**
     * Largest difference allowed: absolute for torchvision's calibrated logits (of order 1), relative
     * to the largest logit for ours, whose random initialisation leaves them anywhere from 10 to 1e9.
     */
    public static final float TOLERANCE = 1e-4f;

    /** State-dict file formats the script writes and we read; the import test runs over each. */
    public enum Format {
        /** {@code numpy.savez} by state-dict key, read by DJL's {@code NDList.decode}. */
        NPZ("npz", "npz"),
        /** {@code torch.save}'s zip format (PyTorch 1.6 and later), read by {@code TorchWeights}. */
        PTH("pth", "pth"),
        /** {@code torch.save}'s legacy format, which many published ImageNet files still use. */
        PTH_LEGACY("pth-legacy", "pth");

        private final String scriptName;
        private final String extension;

        Format(String scriptName, String extension) {
            this.scriptName = scriptName;
            this.extension = extension;
        }

        /** The script's name for the format. */
        public String scriptName() {
            return scriptName;
        }

        /** The file extension. */
        public String extension() {
            return extension;
        }

        /** The state dict in {@code file}, by key. */
        public Map<String, NDArray> read(NDManager manager, Path file) throws IOException {
            if (this == NPZ) {
                return StateDict.byName(readNamed(manager, file));
            }
            return TorchWeights.read(file, manager);
        }
    }

    /** What a network computes from an input batch, by the names the script gives its outputs. */
    @FunctionalInterface
    public interface Outputs {
        Map<String, NDArray> of(Block net, ParameterStore ps, NDArray input);
    }

    /** The eval-mode logits, as {@code logits}. */
    public static Map<String, NDArray> logits(Block net, ParameterStore ps, NDArray input) {
        return Map.of("logits", net.forward(ps, new NDList(input), false).singletonOrThrow());
    }

    /**
     * torchvision's randomly initialised {@code model}, written in {@code format} by the script,
     * loads strictly into {@code network} and gives torchvision's outputs.
     */
    public static <N extends Block & TorchvisionCounterpart> void assertImportReproducesLogits(
            TorchvisionPeer peer, String model, Format format, Supplier<N> network, Outputs outputs, Path dir)
            throws IOException {
        peer.torchvision(model, format.scriptName(), dir);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = readNamed(manager, dir.resolve("input.npz")).get("input");
            N net = network.get();
            net.setInitializer(Initializer.ZEROS, p -> true); // every value is loaded: skip random init
            net.initialize(manager, DataType.FLOAT32, input.getShape());
            StateDict.LoadReport report = StateDict.loadStrict(net.torchvisionMapping(),
                    format.read(manager, dir.resolve("weights." + format.extension())));
            assertTrue(report.complete(), report.problems().toString());

            Map<String, NDArray> expected = StateDict.byName(readNamed(manager, dir.resolve("logits.npz")));
            Map<String, NDArray> actual = outputs.of(net, new ParameterStore(manager, false), input);
            for (Map.Entry<String, NDArray> e : expected.entrySet()) {
                float range = maxAbs(e.getValue());
                // the script scales its layers so that logits are of order 1; tiny ones would pass anyway
                assertTrue(range > 0.5f && range < 10f, model + " " + e.getKey() + ": torchvision's logits reach "
                        + range + ", expected order 1 for a meaningful comparison");
                assertClose(model + " " + e.getKey(), e.getValue(), actual.get(e.getKey()), TOLERANCE);
            }
            assertEquals(expected.keySet(), actual.keySet(), model + ": outputs compared");
        }
    }

    /**
     * {@code network} with random weights (batch norm statistics included) exports a state dict
     * that torchvision's {@code model} loads with {@code strict=True}, and computes our outputs.
     */
    public static <N extends Block & TorchvisionCounterpart> void assertExportLoadsIntoTorchvision(
            TorchvisionPeer peer, String model, Supplier<N> network, Shape inputShape, Outputs outputs, Path dir)
            throws IOException {
        Engine.getInstance().setRandomSeed(model.hashCode());
        try (NDManager manager = NDManager.newBaseManager()) {
            N net = network.get();
            net.initialize(manager, DataType.FLOAT32, inputShape);
            StateDictMapping mapping = net.torchvisionMapping();
            randomizeBatchNorm(mapping, manager);
            NDArray input = manager.randomNormal(inputShape);
            Map<String, NDArray> ours = outputs.of(net, new ParameterStore(manager, false), input);

            Path weights = dir.resolve("ours.npz");
            Path inputFile = dir.resolve("ours-input.npz");
            Path logits = dir.resolve("ours-logits-in-torchvision.npz");
            writeNpz(new NDList(StateDict.export(mapping, manager).values()), weights);
            input.setName("input");
            writeNpz(new NDList(input), inputFile);
            peer.logits(model, weights, inputFile, logits);

            Map<String, NDArray> theirs = StateDict.byName(readNamed(manager, logits));
            assertEquals(ours.keySet(), theirs.keySet(), model + ": outputs compared");
            for (Map.Entry<String, NDArray> e : theirs.entrySet()) {
                float allowed = TOLERANCE * maxAbs(e.getValue());
                assertClose(model + " " + e.getKey() + " (exported)", e.getValue(), ours.get(e.getKey()), allowed);
            }
        }
    }

    /**
     * {@code |actual - expected| <= allowed}, element by element, after checking that both are
     * finite, not all zero, and of one shape.
     */
    public static void assertClose(String what, NDArray expected, NDArray actual, float allowed) {
        assertNotNull(actual, what + ": our network gave no such output");
        assertEquals(expected.getShape(), actual.getShape(), what + ": shape");
        float range = maxAbs(expected);
        assertTrue(Float.isFinite(range) && Float.isFinite(maxAbs(actual)), what + ": not finite");
        assertTrue(range > 0, what + ": torchvision's outputs are all zero");
        float difference = maxAbs(actual.sub(expected));
        assertTrue(difference <= allowed, what + ": ours differ from torchvision's by up to " + difference
                + " (allowed " + allowed + ", values up to " + range + ")");
    }

    /**
     * Random running statistics and affine parameters for every batch norm, so that a mix-up of
     * mean and variance, or of weight and bias, shows.
     */
    private static void randomizeBatchNorm(StateDictMapping mapping, NDManager manager) {
        for (StateDictMapping.Entry e : mapping.entries()) {
            Parameter p = e.parameter();
            Shape shape = p.getArray().getShape();
            NDArray value = switch (p.getType()) {
                case RUNNING_MEAN, BETA -> manager.randomNormal(0f, 0.2f, shape, DataType.FLOAT32);
                case RUNNING_VAR -> manager.randomUniform(0.5f, 2f, shape);
                case GAMMA -> manager.randomUniform(0.5f, 1.5f, shape);
                default -> null;
            };
            if (value != null) {
                value.copyTo(p.getArray());
            }
        }
    }

    private static float maxAbs(NDArray a) {
        return a.abs().max().getFloat();
    }

    private static NDList readNamed(NDManager manager, Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return NDList.decode(manager, in);
        }
    }

    /**
     * Writes {@code arrays} as numpy's {@code savez} does: one uncompressed {@code <name>.npy} entry
     * each. DJL's {@code NDList.encode(NPZ)} deflates every entry, which costs seconds for the
     * hundreds of megabytes of a ResNet-152.
     */
    static void writeNpz(NDList arrays, Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            zip.setMethod(ZipOutputStream.STORED);
            for (NDArray array : arrays) {
                byte[] npy = npy(array);
                CRC32 crc = new CRC32();
                crc.update(npy);
                ZipEntry entry = new ZipEntry(array.getName() + ".npy");
                entry.setSize(npy.length);
                entry.setCompressedSize(npy.length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
        }
    }

    /** One array in numpy's .npy format 1.0 (C order, little endian). */
    private static byte[] npy(NDArray array) {
        String descr = switch (array.getDataType()) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT64 -> "<i8";
            case INT32 -> "<i4";
            default -> throw new IllegalArgumentException("no numpy type written for " + array.getDataType());
        };
        long[] dims = array.getShape().getShape();
        String shape = dims.length == 1 ? "(" + dims[0] + ",)"
                : Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + header.length() + 1; // magic, version, length, header, newline
        header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer data = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        out.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return out.array();
    }
}
