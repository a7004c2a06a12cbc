package dev.classicnets.common.io;

import java.io.Closeable;
import java.io.IOException;

/**
 * A torch.save file after its pickle was read: the unpickled object (dicts of {@link TensorRef}s) and a way
 * to read each storage's bytes on demand, so that only one storage at a time needs to be in memory.
 */
interface TorchCheckpoint extends Closeable {

    /** The object that was saved, e.g. a state dict: a map of names to {@link TensorRef}. */
    Object root();

    /** The whole bytes of the root storage {@code key}, in the file's byte order. */
    byte[] storageBytes(String key) throws IOException;

    /** True if the storages hold big-endian numbers. */
    boolean bigEndian();

    /** The format, for messages: e.g. "torch zip format". */
    String format();

    @Override
    void close() throws IOException;
}
