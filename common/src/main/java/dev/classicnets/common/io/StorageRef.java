package dev.classicnets.common.io;

/**
 * A storage a tensor points at: its key in the file, its element type ({@code null} for an untyped byte
 * storage), and the window of it the tensor may read, in elements: the whole storage, or for the legacy
 * format's storage views a slice starting at {@code start}.
 */
record StorageRef(String key, TorchDtype dtype, long start, long length) {

    /** Bytes per element of this storage (1 for an untyped one). */
    int elementSize() {
        return dtype == null ? 1 : dtype.size();
    }
}
