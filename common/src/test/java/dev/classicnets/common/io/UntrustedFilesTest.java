package dev.classicnets.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files that must be refused with one sentence naming the file: pickles that would run code, truncated and
 * corrupt files, files of no known format. None may end in an exception from deep inside the reader.
 */
class UntrustedFilesTest {

    private static IllegalArgumentException refused(Path file) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return assertThrows(IllegalArgumentException.class, () -> TorchWeights.read(file, manager));
        }
    }

    @ParameterizedTest
    @CsvSource({"evil_system.pth, posix.system", "evil_eval_legacy.pth, __builtin__.eval"})
    void refusesAPickleThatCallsCodeAndRunsNothing(String name, String global) throws Exception {
        Path file = TorchFiles.dir().resolve(name);
        String message = refused(file).getMessage();
        assertTrue(message.contains(file.toString()) && message.contains("global " + global), message);
        assertFalse(Files.exists(TorchFiles.dir().resolve("pwned")), "the pickle's command ran");
    }

    @ParameterizedTest
    @ValueSource(strings = {"every_dtype_zip.pth", "every_dtype_legacy.pth", "external.safetensors", "arrays.npz"})
    void refusesEveryTruncationWithOneSentence(String name, @TempDir Path out) throws Exception {
        byte[] whole = Files.readAllBytes(TorchFiles.dir().resolve(name));
        for (int cut = 1; cut <= 12; cut++) { // cuts through headers, pickles, storages and the zip directory
            int length = (int) ((long) whole.length * cut / 13);
            Path file = out.resolve(name + "-" + length);
            Files.write(file, Arrays.copyOf(whole, length));
            String message = refused(file).getMessage();
            assertTrue(message.startsWith(file.toString()), message);
        }
    }

    @Test
    void refusesAFileThatOnlyLooksLikeALegacyCheckpoint(@TempDir Path out) throws Exception {
        // PROTO 2, LONG1 of 10 bytes that are not torch's magic number, STOP
        byte[] wrongMagic = {(byte) 0x80, 2, (byte) 0x8a, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, '.'};
        Path file = Files.write(out.resolve("wrong_magic.pth"), wrongMagic);
        assertTrue(refused(file).getMessage().contains("magic number"));

        Path text = Files.writeString(out.resolve("notes.pth"), "these are not weights");
        String message = refused(text).getMessage();
        assertTrue(message.contains("not a PyTorch (zip or legacy), safetensors or npz file"), message);

        Path empty = Files.write(out.resolve("empty.safetensors"), new byte[0]);
        assertTrue(refused(empty).getMessage().contains("the file is empty"));
    }

    @Test
    void refusesAZipThatIsNeitherTorchNorNpz(@TempDir Path out) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        Path file = Files.write(out.resolve("model.pth"), bytes.toByteArray());
        assertTrue(refused(file).getMessage().contains("not an npz file: it holds readme.txt"));
    }

    @Test
    void refusesAStorageThatIsShorterThanItsPickleSays(@TempDir Path out) throws Exception {
        // rewrite the zip with one storage record cut in half: the zip itself stays valid
        Path source = TorchFiles.dir().resolve("every_dtype_zip.pth");
        Path file = out.resolve("short_storage.pth");
        try (var in = new java.util.zip.ZipFile(source.toFile());
                var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (var entry : java.util.Collections.list(in.entries())) {
                byte[] data = in.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith("/data/0")) {
                    data = Arrays.copyOf(data, data.length / 2);
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                zip.write(data);
            }
        }
        String message = refused(file).getMessage();
        assertEquals(0, message.indexOf(file.toString()), message);
        assertTrue(message.contains("storage '0'") && message.contains("truncated or corrupt"), message);
    }
}
