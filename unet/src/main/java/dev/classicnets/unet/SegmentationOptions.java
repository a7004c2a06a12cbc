package dev.classicnets.unet;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The U-Net recipe's own options (a picocli mixin beside the shared {@code TrainOptions}): data, loss,
 * network and prediction. Options left unset take the preset's value.
 */
public class SegmentationOptions {

    @Option(names = "--data", paramLabel = "NAME", description = "fashion-scenes (Fashion-MNIST items on a canvas), "
            + "shapes (synthetic) or folder (--images/--masks) (default: from the preset).")
    String data;

    @Option(names = "--train-size", paramLabel = "N", description = "Generated training images per epoch "
            + "(default: from the preset).")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "Generated test images (default: from the preset).")
    Integer testSize;

    @Option(names = "--images", paramLabel = "DIR", description = "Folder of training images (--data folder).")
    Path images;

    @Option(names = "--masks", paramLabel = "DIR", description = "Folder of PNG masks named as the images.")
    Path masks;

    @Option(names = "--test-images", paramLabel = "DIR", description = "Folder of test images (default: 20% of "
            + "--images held out).")
    Path testImages;

    @Option(names = "--test-masks", paramLabel = "DIR", description = "Folder of test masks.")
    Path testMasks;

    @Option(names = "--class-names", paramLabel = "A,B,...", split = ",", description = "Class names of a mask "
            + "folder, index 0 first.")
    List<String> classNames;

    @Option(names = "--palette", paramLabel = "RRGGBB,...", split = ",", description = "One colour per class for "
            + "colour masks (default: index masks).")
    List<String> palette;

    @Option(names = "--ignore-index", paramLabel = "N", description = "Mask value skipped by loss and metrics, "
            + "outside the classes (e.g. 255).")
    Integer ignoreIndex;

    @Option(names = "--loss", paramLabel = "SPEC", description = "ce, dice, jaccard, tversky[:alpha=A,beta=B] or a "
            + "weighted sum such as ce+dice or ce+0.5*dice (default: from the preset).")
    String loss;

    @Option(names = "--class-weights", paramLabel = "W,...", split = ",", description = "Cross-entropy weight per "
            + "class.")
    List<Float> classWeights;

    @Option(names = "--weight-map", arity = "0..1", paramLabel = "BOOL", description = "The paper's border weight map "
            + "(w0 10, sigma 5 px) on the cross-entropy (default: from the preset).")
    Boolean weightMap;

    @Option(names = "--elastic", arity = "0..1", paramLabel = "BOOL", description = "The paper's elastic deformation "
            + "(3x3 grid, sigma 10 px) of training images (default: from the preset).")
    Boolean elastic;

    @Option(names = "--variant", paramLabel = "NAME", description = "paper (unpadded) or padded (default: from the "
            + "preset).")
    String variant;

    @Option(names = "--depth", paramLabel = "N", description = "Poolings (default: from the preset).")
    Integer depth;

    @Option(names = "--base-width", paramLabel = "N", description = "Channels of the first level (default: from the "
            + "preset).")
    Integer baseWidth;

    @Option(names = "--batch-norm", arity = "0..1", paramLabel = "BOOL", description = "Batch norm after each 3x3 "
            + "convolution (default: from the preset).")
    Boolean batchNorm;

    @Option(names = "--upsampling", paramLabel = "NAME", description = "transposed, bilinear (milesial's half-width "
            + "form) or bilinear-conv (bilinear + 1x1) (default: from the preset).")
    String upsampling;

    @Option(names = "--predict", paramLabel = "IMAGE", arity = "1..*", description = "Segment these images with the "
            + "trained run --run and write a colour mask and an overlay PNG for each.")
    List<Path> predict;

    @Option(names = "--run", paramLabel = "DIR", description = "The trained run --predict uses.")
    Path run;

    /** The preset's settings with these options applied. */
    UNetSettings resolve(UNetSettings s) {
        UNet.Upsampling up = s.upsampling();
        if (upsampling != null) {
            up = switch (upsampling.toLowerCase(java.util.Locale.ROOT)) {
                case "transposed" -> UNet.Upsampling.TRANSPOSED;
                case "bilinear" -> UNet.Upsampling.BILINEAR;
                case "bilinear-conv" -> UNet.Upsampling.BILINEAR_CONV;
                default -> throw new IllegalArgumentException("unknown --upsampling '" + upsampling
                        + "'; expected transposed, bilinear or bilinear-conv");
            };
        }
        boolean padded = s.padded();
        if (variant != null) {
            if (!variant.equals("paper") && !variant.equals("padded")) {
                throw new IllegalArgumentException("unknown --variant '" + variant + "'; expected paper or padded");
            }
            padded = variant.equals("padded");
        }
        String source = data != null ? data : s.data();
        if (!List.of("fashion-scenes", "shapes", "folder").contains(source)) {
            throw new IllegalArgumentException("unknown --data '" + source + "'; expected fashion-scenes, shapes or "
                    + "folder");
        }
        UNetSettings r = new UNetSettings(padded, depth != null ? depth : s.depth(),
                baseWidth != null ? baseWidth : s.baseWidth(), batchNorm != null ? batchNorm : s.batchNorm(), up,
                source, trainSize != null ? trainSize : s.trainImages(), testSize != null ? testSize : s.testImages(),
                loss != null ? loss : s.loss(), weightMap != null ? weightMap : s.weightMap(),
                elastic != null ? elastic : s.elastic(), s.momentum());
        if (r.trainImages() < 1 || r.testImages() < 1) {
            throw new IllegalArgumentException("--train-size and --test-size must be at least 1, got "
                    + r.trainImages() + " and " + r.testImages());
        }
        return r;
    }

    /** The palette as 0xRRGGBB values, or null. */
    int[] palette() {
        if (palette == null) {
            return null;
        }
        int[] p = new int[palette.size()];
        for (int i = 0; i < p.length; i++) {
            String hex = palette.get(i).trim().replace("#", "");
            if (!hex.matches("[0-9a-fA-F]{6}")) {
                throw new IllegalArgumentException("--palette colour '" + palette.get(i) + "' is not RRGGBB hex");
            }
            p[i] = Integer.parseInt(hex, 16);
        }
        return p;
    }
}
