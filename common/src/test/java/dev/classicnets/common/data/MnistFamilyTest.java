package dev.classicnets.common.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.classicnets.common.testing.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFamilyTest {

    @TempDir
    Path dir;

    @Test
    void loadsSplitsFromADataDir() throws IOException {
        IdxWriter.writeSyntheticMnist(dir, 200, 50, true);
        DataSplits s = MnistFamily.FASHION_MNIST.load(dir, 0.25, 1);
        assertEquals(150, s.train().size());
        assertEquals(50, s.validation().size());
        assertEquals(50, s.test().size());
        assertEquals("Ankle boot", s.classNames().get(9));
        assertEquals(28, s.train().height());
        // the split is disjoint and reproducible: the same seed gives the same validation images
        DataSplits again = MnistFamily.FASHION_MNIST.load(dir, 0.25, 1);
        for (int i = 0; i < 50; i++) {
            assertEquals(s.validation().label(i), again.validation().label(i));
            assertEquals(s.validation().image(i).get(0, 5, 5), again.validation().image(i).get(0, 5, 5));
        }
        Set<String> trainImages = new HashSet<>();
        for (int i = 0; i < s.train().size(); i++) {
            trainImages.add(java.util.Arrays.toString(s.train().image(i).data()));
        }
        for (int i = 0; i < s.validation().size(); i++) {
            assertTrue(!trainImages.contains(java.util.Arrays.toString(s.validation().image(i).data())));
        }
    }

    @Test
    void withoutValidationKeepsTheWholeTrainingSet() throws IOException {
        IdxWriter.writeSyntheticMnist(dir, 30, 10, false);
        DataSplits s = MnistFamily.MNIST.load(dir, 0, 1);
        assertEquals(30, s.train().size());
        assertEquals(null, s.validation());
    }

    @Test
    void aDataDirWithoutTheFilesSaysWhatIsMissingAndHowToGetIt() {
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> MnistFamily.FASHION_MNIST.load(dir, 0.1, 1));
        String m = e.getMessage();
        assertTrue(m.contains(dir.toString()), m);
        assertTrue(m.contains("train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte"), m);
        assertTrue(m.contains("apt-get install -y dataset-fashion-mnist"), m);
    }

    @Test
    void mismatchedCountsAreOneClearError() throws IOException {
        IdxWriter.writeSyntheticMnist(dir, 20, 10, false);
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte"), IdxWriter.idx(new int[] {19}, new byte[19]));
        IOException e = assertThrows(IOException.class, () -> MnistFamily.MNIST.load(dir, 0, 1));
        assertTrue(e.getMessage().contains("has 20 images but") && e.getMessage().contains("19 labels"),
                e.getMessage());
    }

    @Test
    void labelsOutsideTheClassesAreRejected() throws IOException {
        IdxWriter.writeSyntheticMnist(dir, 20, 10, false);
        byte[] labels = new byte[20];
        labels[3] = 12;
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte"), IdxWriter.idx(new int[] {20}, labels));
        IOException e = assertThrows(IOException.class, () -> MnistFamily.MNIST.load(dir, 0, 1));
        assertTrue(e.getMessage().contains("label 12 at item 3 is outside [0, 10)"), e.getMessage());
    }

    @Test
    void findsDebiansFashionMnistWhenInstalled() throws IOException {
        // CI installs dataset-fashion-mnist; this is the real 60,000/10,000 set
        Path found = MnistFamily.FASHION_MNIST.locate(null);
        assertNotNull(found);
        assertTrue(Files.exists(found.resolve("train-images-idx3-ubyte.gz"))
                || Files.exists(found.resolve("train-images-idx3-ubyte")), found.toString());
    }
}
