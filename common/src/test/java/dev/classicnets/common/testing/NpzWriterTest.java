package dev.classicnets.common.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parity tests' uncompressed npz writer, read back by DJL's decoder (numpy reads it in those tests). */
class NpzWriterTest {

    @Test
    void writesWhatDjlReadsBack(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray scalar = m.create(0L);
            scalar.setName("bn.num_batches_tracked");
            NDArray vector = m.arange(5f);
            vector.setName("fc.bias");
            NDArray kernel = m.randomNormal(new Shape(4, 3, 3, 3));
            kernel.setName("conv1.weight");
            Path file = dir.resolve("w.npz");
            TorchvisionParity.writeNpz(new NDList(scalar, vector, kernel), file);

            NDList read = NDList.decode(m, Files.readAllBytes(file));
            assertEquals(3, read.size());
            assertEquals(new Shape(), read.get("bn.num_batches_tracked").getShape());
            assertEquals(DataType.INT64, read.get("bn.num_batches_tracked").getDataType());
            assertArrayEquals(vector.toFloatArray(), read.get("fc.bias").toFloatArray());
            assertEquals(new Shape(4, 3, 3, 3), read.get("conv1.weight").getShape());
            assertArrayEquals(kernel.toFloatArray(), read.get("conv1.weight").toFloatArray());
        }
    }
}
