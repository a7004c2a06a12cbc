package dev.classicnets.common.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails says which file and why, and leaves nothing half-written behind. */
class FailedWritesTest {

    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCheckpointThatCannotBeMovedIntoPlaceLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve(Checkpoint.LAST);
        Files.createDirectories(target.resolve("in-the-way")); // a non-empty folder where the file must go
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = Linear.builder().setUnits(3).build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Checkpoint.write(target,
                    Map.of("epoch", 1), Map.of("net", net), Map.of(), List.of()));
            assertTrue(e.getMessage().startsWith("cannot write checkpoint " + target + ": "), e.getMessage());
        }
        assertEquals(List.of(Checkpoint.LAST), files(), "the .tmp file is gone, the folder in the way untouched");
    }

    @Test
    void aCheckpointOfAnUninitialisedNetworkLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve(Checkpoint.LAST);
        Block net = Linear.builder().setUnits(3).build(); // no arrays yet: encoding fails half-way
        assertThrows(UncheckedIOException.class, () -> Checkpoint.write(target, Map.of("epoch", 1),
                Map.of("net", net), Map.of(), List.of()));
        assertEquals(List.of(), files());
    }

    @Test
    void aCheckpointStoppedByAnErrorLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve(Checkpoint.LAST);
        // a network whose parameters cannot be read: as if the JVM ran out of memory half-way
        Block broken = (Block) Proxy.newProxyInstance(Block.class.getClassLoader(), new Class<?>[] {Block.class},
                (proxy, method, args) -> {
                    throw new OutOfMemoryError("simulated, in " + method.getName());
                });
        assertThrows(OutOfMemoryError.class, () -> Checkpoint.write(target, Map.of("epoch", 1),
                Map.of("net", broken), Map.of(), List.of()));
        assertEquals(List.of(), files());
    }

    @Test
    void aRunDirectoryThatIsAFileIsRefusedWithTheReason() throws IOException {
        Path file = Files.writeString(dir.resolve("run"), "a file");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.at(file));
        assertEquals("cannot use " + file + " as a run directory: it is a file, not a directory", e.getMessage());
    }
}
