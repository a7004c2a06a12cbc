package dev.classicnets.common.task;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.classicnets.common.io.TorchWeights;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelRegistry;
import dev.classicnets.common.registry.Normalization;
import dev.classicnets.common.transfer.InputChannels;
import dev.classicnets.common.transfer.StateDict;
import dev.classicnets.common.transfer.StateDictMapping;
import dev.classicnets.common.transfer.TorchvisionCounterpart;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A classifier from weights: a run directory ({@link Classifier#load}), or a state-dict file with
 * torchvision's names ({@code .pth} in either {@code torch.save} format, {@code .safetensors}, {@code
 * .npz}) for an architecture, the class count read from the file's last layer. A 1000-class file gets
 * ImageNet's class names and torchvision's evaluation transform (shorter side to 256/224 of the input,
 * antialiased; the central crop; ImageNet's mean and std).
 */
public final class PretrainedWeights {
    private static final Logger LOG = LoggerFactory.getLogger(PretrainedWeights.class);
    private static final String IMAGENET_CLASSES = "imagenet_classes.txt";

    private PretrainedWeights() {}

    /** ImageNet's 1000 class names in torchvision's order (written by common/tools/imagenet_classes.py). */
    public static List<String> imageNetClasses() {
        try (InputStream in = PretrainedWeights.class.getResourceAsStream(IMAGENET_CLASSES)) {
            if (in == null) {
                throw new IllegalStateException("resource " + IMAGENET_CLASSES + " is missing from the classpath");
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    names.add(line);
                }
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The classifier in {@code source}: a run directory as it is, or a state-dict file loaded strictly into
     * {@code architecture} built for the file's class count and {@code side x side} RGB input.
     *
     * @throws IllegalArgumentException if the file does not fit the architecture (naming the key and shapes)
     */
    public static Classifier load(Path source, Architecture architecture, int side) throws IOException {
        return load(source, architecture, side, ModelRegistry.get(architecture.name()).normalization().channels());
    }

    /**
     * {@link #load(Path, Architecture, int)} for {@code channels} input channels: a file's RGB first convolution
     * is adapted to them ({@link InputChannels}; summed for grey images), and its normalisation averaged over
     * the RGB channels. A run directory is loaded as it is.
     */
    public static Classifier load(Path source, Architecture architecture, int side, int channels) throws IOException {
        if (Files.isDirectory(source)) {
            return Classifier.load(source);
        }
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no weights file or run directory at " + source);
        }
        ModelEntry entry = ModelRegistry.get(architecture.name());
        Shape input = new Shape(1, channels, side, side);
        Model model = Model.newInstance(architecture.name());
        try (NDManager files = NDManager.newBaseManager()) {
            Map<String, NDArray> stateDict = TorchWeights.read(source, files);
            int classes = classCount(architecture, channels, input, stateDict, source);
            Block net = architecture.build(classes, channels);
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, input);
            StateDictMapping mapping = mapping(net, architecture);
            Optional<InputChannels.Adapted> adapted = InputChannels.adapt(mapping, stateDict, channels);
            StateDict.loadStrict(mapping, stateDict);
            List<String> names = classes == 1000 ? imageNetClasses() : numbered(classes);
            int resized = (int) Math.round(side * 256.0 / 224);
            ClassifierSpec spec = new ClassifierSpec(architecture, architecture.name().replace('_', '-'), names,
                    new Shape(channels, side, side), 0, 0, "ResizeShorterSide(" + resized + ") -> CenterCrop(" + side
                            + "x" + side + ")", normalization(entry.normalization(), channels));
            adapted.ifPresent(a -> LOG.info("{}: {}", source, a));
            return Classifier.of(spec, model);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The output count of the file's last linear layer: the key our head's last weight maps onto. */
    private static int classCount(Architecture architecture, int channels, Shape input, Map<String, NDArray> stateDict,
            Path source) {
        try (NDManager probe = NDManager.newBaseManager()) {
            Block net = architecture.build(1, channels);
            net.initialize(probe, DataType.FLOAT32, input);
            if (!(net instanceof ClassifierBlock classifier)) {
                throw new IllegalArgumentException(architecture.name() + " is not a ClassifierBlock");
            }
            Parameter last = null;
            for (var p : classifier.head().getParameters()) {
                if (p.getKey().endsWith("weight")) {
                    last = p.getValue();
                }
            }
            for (StateDictMapping.Entry e : mapping(net, architecture).entries()) {
                if (e.parameter() == last) {
                    NDArray w = stateDict.get(e.key());
                    if (w == null || w.getShape().dimension() != 2) {
                        throw new IllegalArgumentException(source + " has no 2-d '" + e.key() + "' (the last layer of "
                                + architecture.name() + ")" + (w == null ? "" : ", it is " + w.getShape()));
                    }
                    return Math.toIntExact(w.getShape().get(0));
                }
            }
            throw new IllegalStateException(architecture.name() + ": its head's last weight has no state-dict key");
        }
    }

    private static StateDictMapping mapping(Block net, Architecture architecture) {
        if (net instanceof TorchvisionCounterpart counterpart) {
            return counterpart.torchvisionMapping();
        }
        throw new IllegalArgumentException(architecture.name() + " has no torchvision counterpart to read a state dict "
                + "into; load a run directory instead");
    }

    /** {@code rgb} itself for its channel count, else its mean and std averaged, for every channel. */
    private static Normalization normalization(Normalization rgb, int channels) {
        if (rgb.channels() == channels) {
            return rgb;
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        Arrays.fill(mean, average(rgb.mean()));
        Arrays.fill(std, average(rgb.std()));
        return new Normalization(mean, std);
    }

    private static float average(float[] values) {
        float sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static List<String> numbered(int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add("class " + i);
        }
        return names;
    }
}
