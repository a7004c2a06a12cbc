package dev.classicnets.unet;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.data.MaskFolder;
import dev.classicnets.common.report.MaskColors;
import dev.classicnets.common.train.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --predict}: segments pictures with the network of a trained run (its config.json says how to
 * build it and normalise the input; its latest {@code unet-NNNN.params} holds the weights) and writes,
 * per picture, {@code <name>-mask.png} (one colour per class) and {@code <name>-overlay.png}.
 */
final class MaskPrediction {
    private MaskPrediction() {}

    /** Writes the mask and overlay of each picture into {@code target}; returns the files written. */
    static List<Path> run(Path runDir, List<Path> pictures, Path target, PrintWriter out) throws IOException {
        Path configFile = runDir.resolve(RunDirectory.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("--run " + runDir + " has no " + RunDirectory.CONFIG
                    + "; give the run directory of a trained U-Net");
        }
        Map<String, Object> config = RunDirectory.readJson(configFile);
        if (!"unet".equals(config.get("module")) || !(config.get("unet") instanceof Map<?, ?> net)) {
            throw new IllegalArgumentException("--run " + runDir + " is not a U-Net run (module " + config.get("module")
                    + ")");
        }
        @SuppressWarnings("unchecked")
        List<String> classNames = (List<String>) config.get("class_names");
        int channels = ((Number) config.get("channels")).intValue();
        float[] mean = floats(config.get("normalize_mean"));
        float[] std = floats(config.get("normalize_std"));
        UNet network = new UNetSettings((Boolean) net.get("padded"), ((Number) net.get("depth")).intValue(),
                ((Number) net.get("base_width")).intValue(), (Boolean) net.get("batch_norm"),
                UNet.Upsampling.valueOf((String) net.get("upsampling")), "shapes", 1, 1, "ce", false, false, 0f)
                .network(classNames.size());
        Files.createDirectories(target);
        List<Path> written = new ArrayList<>();
        try (Model model = Model.newInstance(UNetRecipe.NETWORK)) {
            model.setBlock(network);
            try {
                model.load(runDir, UNetRecipe.NETWORK);
            } catch (MalformedModelException | IOException e) {
                throw new IllegalArgumentException("cannot load the weights of " + runDir + " (" + e.getMessage() + ")");
            }
            NDManager manager = model.getNDManager();
            for (Path file : pictures) {
                Image image = MaskFolder.pixels(MaskFolder.readPicture(file), channels);
                int[] labels;
                Shape map;
                try (NDManager scope = manager.newSubManager()) {
                    float[] x = image.data().clone();
                    int plane = image.height() * image.width();
                    for (int c = 0; c < channels; c++) {
                        for (int p = 0; p < plane; p++) {
                            x[c * plane + p] = (x[c * plane + p] - mean[c]) / std[c];
                        }
                    }
                    NDArray input = scope.create(x, new Shape(1, channels, image.height(), image.width()));
                    NDArray scores = network.forward(new ParameterStore(scope, false), new NDList(input), false).head();
                    map = scores.getShape();
                    labels = scores.get(0).argMax(0).toType(DataType.INT32, false).toIntArray();
                }
                int h = (int) map.get(2);
                int w = (int) map.get(3);
                String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                Path mask = target.resolve(stem + "-mask.png");
                Path overlay = target.resolve(stem + "-overlay.png");
                MaskColors.writePng(MaskColors.colour(labels, h, w, classNames.size()), mask);
                MaskColors.writePng(MaskColors.overlay(centre(image, h, w), labels, classNames.size(), 0.5f), overlay);
                written.add(mask);
                written.add(overlay);
                out.println(file + " -> " + mask + ", " + overlay + " (" + h + "x" + w + ", classes " + classesSeen(labels,
                        classNames) + ")");
            }
        }
        return written;
    }

    private static String classesSeen(int[] labels, List<String> names) {
        long[] counts = new long[names.size()];
        for (int l : labels) {
            counts[l]++;
        }
        List<String> seen = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                seen.add(names.get(c) + " " + counts[c]);
            }
        }
        return String.join(", ", seen);
    }

    private static Image centre(Image image, int h, int w) {
        if (image.height() == h && image.width() == w) {
            return image;
        }
        int top = (image.height() - h) / 2;
        int left = (image.width() - w) / 2;
        Image out = Image.zeros(image.channels(), h, w);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.set(c, y, x, image.get(c, top + y, left + x));
                }
            }
        }
        return out;
    }

    private static float[] floats(Object list) {
        List<?> values = (List<?>) list;
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = ((Number) values.get(i)).floatValue();
        }
        return f;
    }
}
