package dev.classicnets.common.data;

import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.Mask;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Your own segmentation data: a folder of images (PNG, JPEG, BMP) and a folder of PNG masks, matched by
 * file name without extension ({@code images/cat7.jpg} with {@code masks/cat7.png}). A mask is either an
 * <em>index mask</em> (a grey or palette PNG whose pixel values are class indices, as VOC and Cityscapes
 * ship them) or, with a {@code palette}, an RGB PNG whose colours map to classes. Every file is read and
 * checked when the set is made, so a missing mask, a mask of another size than its image, or a value
 * outside the class list stops with one sentence naming the file; the files are parsed as pictures,
 * nothing in them is executed. Images are kept as floats in [0, 1]: grey if the first image is grey,
 * else RGB; all must have one size (resize them beforehand).
 */
public final class MaskFolder implements MaskedImages {

    private static final List<String> IMAGE_TYPES = List.of(".png", ".jpg", ".jpeg", ".bmp");

    private final List<String> names;
    private final List<Image> images;
    private final List<Mask> masks;
    private final List<String> classNames;

    private MaskFolder(List<String> names, List<Image> images, List<Mask> masks, List<String> classNames) {
        this.names = names;
        this.images = images;
        this.masks = masks;
        this.classNames = classNames;
    }

    /**
     * Reads the folders.
     *
     * @param classNames one name per class; mask values must be class indices or {@code ignoreIndex}
     * @param palette RGB colours (0xRRGGBB), one per class, for colour masks; null for index masks
     * @param ignoreIndex a mask value allowed besides the classes (e.g. 255), or -1 for none
     * @throws IOException if a folder or file cannot be read
     * @throws IllegalArgumentException naming the file whose content does not fit
     */
    public static MaskFolder read(Path imageDir, Path maskDir, List<String> classNames, int[] palette,
            int ignoreIndex) throws IOException {
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("a mask folder needs at least 2 class names, got " + classNames);
        }
        if (palette != null && palette.length != classNames.size()) {
            throw new IllegalArgumentException("the palette must give one colour per class (" + classNames.size()
                    + "), got " + palette.length);
        }
        for (Path dir : List.of(imageDir, maskDir)) {
            if (!Files.isDirectory(dir)) {
                throw new IOException(dir + " is not a folder");
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(imageDir)) {
            files = s.filter(p -> IMAGE_TYPES.contains(extension(p))).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(imageDir + " has no images (" + String.join(", ", IMAGE_TYPES) + ")");
        }
        Map<Integer, Integer> colours = new HashMap<>();
        for (int c = 0; palette != null && c < palette.length; c++) {
            colours.put(palette[c] & 0xffffff, c);
        }
        List<String> names = new ArrayList<>();
        List<Image> images = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        int channels = 0;
        for (Path file : files) {
            String stem = file.getFileName().toString();
            stem = stem.substring(0, stem.lastIndexOf('.'));
            Path maskFile = maskDir.resolve(stem + ".png");
            if (!Files.isRegularFile(maskFile)) {
                throw new IllegalArgumentException("image " + file.getFileName() + " has no mask: expected " + maskFile);
            }
            BufferedImage picture = readPicture(file);
            BufferedImage maskPicture = readPicture(maskFile);
            if (picture.getWidth() != maskPicture.getWidth() || picture.getHeight() != maskPicture.getHeight()) {
                throw new IllegalArgumentException("mask " + maskFile.getFileName() + " is " + maskPicture.getWidth() + "x"
                        + maskPicture.getHeight() + " but its image " + file.getFileName() + " is "
                        + picture.getWidth() + "x" + picture.getHeight() + " (width x height)");
            }
            if (channels == 0) {
                channels = picture.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
            }
            if (!images.isEmpty() && (picture.getWidth() != images.get(0).width()
                    || picture.getHeight() != images.get(0).height())) {
                throw new IllegalArgumentException("image " + file.getFileName() + " is " + picture.getWidth() + "x"
                        + picture.getHeight() + ", the first one " + images.get(0).width() + "x"
                        + images.get(0).height() + "; a mask folder needs images of one size (resize them first)");
            }
            names.add(stem);
            images.add(pixels(picture, channels));
            masks.add(labels(maskPicture, maskFile, colours, classNames.size(), ignoreIndex));
        }
        return new MaskFolder(List.copyOf(names), images, masks, List.copyOf(classNames));
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot);
    }

    /** Decodes a picture; a file that is not one is an error naming it. */
    public static BufferedImage readPicture(Path file) throws IOException {
        BufferedImage picture;
        try {
            picture = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a readable picture (" + e.getMessage() + ")");
        }
        if (picture == null) {
            throw new IllegalArgumentException(file + " is not a PNG, JPEG or BMP picture");
        }
        return picture;
    }

    /** A picture as CHW floats in [0, 1], grey (1 channel) or RGB (3). */
    public static Image pixels(BufferedImage picture, int channels) {
        int h = picture.getHeight();
        int w = picture.getWidth();
        float[] data = new float[channels * h * w];
        boolean grey = picture.getColorModel().getNumColorComponents() == 1 && !(picture.getColorModel()
                instanceof IndexColorModel);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (grey) {
                    float v = picture.getRaster().getSample(x, y, 0) / (float) ((1 << picture.getSampleModel()
                            .getSampleSize(0)) - 1);
                    for (int c = 0; c < channels; c++) {
                        data[c * h * w + p] = v;
                    }
                    continue;
                }
                int rgb = picture.getRGB(x, y);
                float r = ((rgb >> 16) & 0xff) / 255f;
                float g = ((rgb >> 8) & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                if (channels == 1) {
                    data[p] = 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    data[p] = r;
                    data[h * w + p] = g;
                    data[2 * h * w + p] = b;
                }
            }
        }
        return new Image(data, channels, h, w);
    }

    private static Mask labels(BufferedImage picture, Path file, Map<Integer, Integer> colours, int classes,
            int ignoreIndex) {
        int h = picture.getHeight();
        int w = picture.getWidth();
        int[] labels = new int[h * w];
        boolean indexed = colours.isEmpty();
        if (indexed && picture.getRaster().getNumBands() != 1) {
            throw new IllegalArgumentException("mask " + file.getFileName() + " has " + picture.getRaster().getNumBands()
                    + " colour bands; an index mask is a grey or palette PNG of class indices (give the palette for "
                    + "colour masks)");
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int label;
                if (indexed) {
                    label = picture.getRaster().getSample(x, y, 0);
                } else {
                    int rgb = picture.getRGB(x, y) & 0xffffff;
                    Integer c = colours.get(rgb);
                    if (c == null) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT, "mask %s has colour #%06x at "
                                + "(x %d, y %d), which is not in the palette of %d classes", file.getFileName(), rgb, x,
                                y, classes));
                    }
                    label = c;
                }
                if ((label < 0 || label >= classes) && label != ignoreIndex) {
                    throw new IllegalArgumentException("mask " + file.getFileName() + " has value " + label + " at (x "
                            + x + ", y " + y + "), outside the " + classes + " classes [0, " + classes + ")"
                            + (ignoreIndex >= 0 ? " and not the ignore index " + ignoreIndex : ""));
                }
                labels[y * w + x] = label;
            }
        }
        return new Mask(labels, h, w);
    }

    /** The file name (without extension) of image {@code i}. */
    public String name(int i) {
        return names.get(i);
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Image image(int i) {
        return images.get(i).copy();
    }

    @Override
    public Mask mask(int i) {
        return masks.get(i).copy();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int channels() {
        return images.get(0).channels();
    }

    @Override
    public int height() {
        return images.get(0).height();
    }

    @Override
    public int width() {
        return images.get(0).width();
    }
}
