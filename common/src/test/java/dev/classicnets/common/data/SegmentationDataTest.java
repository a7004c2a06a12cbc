package dev.classicnets.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.classicnets.common.augment.ImageWithMask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three segmentation sources: synthetic shapes, Fashion-MNIST scenes, and a folder of images and masks. */
class SegmentationDataTest {

    @TempDir
    Path dir;

    @Test
    void syntheticShapesAreSeededAndShowEveryClass() {
        SyntheticShapes a = SyntheticShapes.of(50, 48, 3);
        SyntheticShapes b = SyntheticShapes.of(50, 48, 3);
        assertArrayEquals(a.image(7).data(), b.image(7).data(), "the same seed gives the same image");
        assertArrayEquals(a.mask(7).labels(), b.mask(7).labels());
        assertNotEquals(Arrays.toString(a.mask(7).labels()), Arrays.toString(SyntheticShapes.of(50, 48, 4).mask(7)
                .labels()), "another seed, another image");
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            Arrays.stream(a.mask(i).labels()).forEach(seen::add);
        }
        assertEquals(Set.of(0, 1, 2, 3), seen);
        assertThrows(IllegalArgumentException.class, () -> SyntheticShapes.of(10, 4, 1));
    }

    @Test
    void fashionScenesPlaceTwoToFourItemsWithTheirClasses() {
        // three fake 4x4 "items": a filled square of classes 0, 1 and 2
        float[] pixels = new float[3 * 16];
        Arrays.fill(pixels, 0.8f);
        ImageSet items = ImageSet.of(pixels, new int[] {0, 1, 2}, 1, 4, 4, List.of("a", "b", "c"));
        FashionMnistScenes scenes = FashionMnistScenes.of(items, 40, 16, 5);
        assertEquals(List.of("background", "a", "b", "c"), scenes.classNames());
        for (int i = 0; i < scenes.size(); i++) {
            ImageWithMask s = scenes.sample(i);
            int covered = 0;
            for (int p = 0; p < 256; p++) {
                int label = s.mask().labels()[p];
                assertEquals(label == 0 ? 0f : 0.8f, s.image().data()[p], 0f, "image and mask agree at pixel " + p);
                covered += label == 0 ? 0 : 1;
            }
            // 2-4 items of 16 pixels, overlapping by at most a quarter: between 2*16*3/4 and 4*16
            assertTrue(covered >= 24 && covered <= 64, "scene " + i + " covers " + covered + " pixels");
        }
        assertThrows(IllegalArgumentException.class, () -> FashionMnistScenes.of(items, 10, 3, 1));
    }

    private void writeGrey(Path file, int[][] values) throws IOException {
        BufferedImage b = new BufferedImage(values[0].length, values.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < values.length; y++) {
            for (int x = 0; x < values[0].length; x++) {
                b.getRaster().setSample(x, y, 0, values[y][x]);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(b, "png", file.toFile());
    }

    @Test
    void aMaskFolderReadsIndexMasksMatchedByName() throws IOException {
        writeGrey(dir.resolve("images/b.png"), new int[][] {{0, 255}, {255, 0}});
        writeGrey(dir.resolve("images/a.png"), new int[][] {{10, 20}, {30, 40}});
        writeGrey(dir.resolve("masks/a.png"), new int[][] {{0, 1}, {2, 255}});
        writeGrey(dir.resolve("masks/b.png"), new int[][] {{1, 1}, {0, 0}});
        MaskFolder set = MaskFolder.read(dir.resolve("images"), dir.resolve("masks"), List.of("bg", "x", "y"), null,
                255);
        assertEquals(2, set.size());
        assertEquals("a", set.name(0));
        assertArrayEquals(new int[] {0, 1, 2, 255}, set.mask(0).labels());
        assertEquals(1f, set.image(1).data()[1], 1e-6f);
        assertEquals(1, set.channels());
    }

    @Test
    void aMaskFolderReadsPaletteMasks() throws IOException {
        writeGrey(dir.resolve("images/a.png"), new int[][] {{10, 20}});
        BufferedImage m = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        m.setRGB(0, 0, 0x000000);
        m.setRGB(1, 0, 0xff0000);
        Files.createDirectories(dir.resolve("masks"));
        ImageIO.write(m, "png", dir.resolve("masks/a.png").toFile());
        MaskFolder set = MaskFolder.read(dir.resolve("images"), dir.resolve("masks"), List.of("bg", "red"),
                new int[] {0x000000, 0xff0000}, -1);
        assertArrayEquals(new int[] {0, 1}, set.mask(0).labels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskFolder.read(
                dir.resolve("images"), dir.resolve("masks"), List.of("bg", "green"), new int[] {0x000000, 0x00ff00}, -1));
        assertTrue(e.getMessage().contains("#ff0000") && e.getMessage().contains("a.png"), e.getMessage());
    }

    @Test
    void aMaskFolderNamesTheFileThatDoesNotFit() throws IOException {
        writeGrey(dir.resolve("images/a.png"), new int[][] {{0, 0}, {0, 0}});
        writeGrey(dir.resolve("images/b.png"), new int[][] {{0, 0}, {0, 0}});
        writeGrey(dir.resolve("masks/a.png"), new int[][] {{0, 1}, {1, 0}});
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> MaskFolder.read(dir.resolve("images"), dir.resolve("masks"), List.of("bg", "x"), null, -1));
        assertTrue(missing.getMessage().contains("b.png has no mask"), missing.getMessage());

        writeGrey(dir.resolve("masks/b.png"), new int[][] {{0, 1, 0}, {1, 0, 0}});
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> MaskFolder.read(dir.resolve("images"), dir.resolve("masks"), List.of("bg", "x"), null, -1));
        assertTrue(size.getMessage().contains("mask b.png is 3x2 but its image b.png is 2x2"), size.getMessage());

        writeGrey(dir.resolve("masks/b.png"), new int[][] {{0, 1}, {5, 0}});
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> MaskFolder.read(dir.resolve("images"), dir.resolve("masks"), List.of("bg", "x"), null, 255));
        assertTrue(value.getMessage().contains("mask b.png has value 5 at (x 0, y 1), outside the 2 classes"),
                value.getMessage());
    }
}
