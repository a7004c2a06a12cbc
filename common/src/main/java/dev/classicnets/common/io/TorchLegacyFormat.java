package dev.classicnets.common.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The format of {@code torch.save(..., _use_new_zipfile_serialization=False)} and of PyTorch before 1.6: five
 * pickles in a row (the magic number, the protocol version 1001, a dict of system facts, the object with its
 * storages as persistent ids, the list of storage keys), then each storage in that list's order as an 8-byte
 * little-endian element count followed by its raw bytes.
 */
final class TorchLegacyFormat implements TorchCheckpoint {

    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL = 1001;

    private final FileChannel channel;
    private final String source;
    private final Object root;
    private final boolean bigEndian;
    /** Where each storage's bytes start in the file, by key. */
    private final Map<String, Long> offsets = new HashMap<>();
    private final Map<String, StorageRef> storages;

    private TorchLegacyFormat(Path file, FileChannel channel) throws IOException {
        this.channel = channel;
        this.source = file.toString();
        StateDictGlobals globals = new StateDictGlobals(source);
        long storagesStart;
        List<?> keys;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            PickleReader pickles = new PickleReader(in, source);
            Object magic = pickles.load(globals);
            if (!MAGIC.equals(magic instanceof Long n ? BigInteger.valueOf(n) : magic)) {
                throw new IllegalArgumentException(source + " starts with a pickle but not with torch.save's magic "
                        + "number, so it is not a PyTorch file");
            }
            Object protocol = pickles.load(globals);
            if (!Long.valueOf(PROTOCOL).equals(protocol)) {
                throw new IllegalArgumentException(source + " has legacy torch.save protocol " + protocol
                        + ", expected " + PROTOCOL);
            }
            Object sysInfo = pickles.load(globals);
            this.bigEndian = sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"));
            this.root = pickles.load(globals);
            if (!(pickles.load(globals) instanceof List<?> list)) {
                throw new IllegalArgumentException(source + " lacks the list of storage keys after its object "
                        + "(truncated or corrupt)");
            }
            keys = list;
            storagesStart = pickles.position();
        }
        this.storages = globals.storages();
        locateStorages(keys, storages, storagesStart);
    }

    /** True if {@code head}, a file's first bytes, start a protocol-2 pickle of a long: the magic number. */
    static boolean looksLegacy(byte[] head) {
        return head.length >= 3 && (head[0] & 0xff) == 0x80 && head[1] == 2 && (head[2] & 0xff) == 0x8a;
    }

    /** Opens {@code file} and reads its pickles; storages are read later, one at a time. */
    static TorchLegacyFormat open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new TorchLegacyFormat(file, channel);
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    private void locateStorages(List<?> keys, Map<String, StorageRef> named, long start) throws IOException {
        long at = start;
        long fileSize = channel.size();
        for (Object key : keys) {
            StorageRef storage = named.get(String.valueOf(key));
            if (storage == null) {
                throw new IllegalArgumentException(source + " lists storage '" + key
                        + "', which its object never names (corrupt)");
            }
            ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (at + 8 > fileSize || channel.read(count, at) != 8) {
                throw new IllegalArgumentException(source + " ends before storage '" + key + "' (truncated)");
            }
            long elements = count.getLong(0);
            if (elements != storage.length()) {
                throw new IllegalArgumentException(source + ": storage '" + key + "' has " + elements
                        + " elements on disk but " + storage.length() + " in its pickle (corrupt)");
            }
            offsets.put(storage.key(), at + 8);
            at += 8 + elements * storage.elementSize();
            if (at > fileSize) {
                throw new IllegalArgumentException(source + " ends inside storage '" + key + "': it needs "
                        + at + " bytes, the file has " + fileSize + " (truncated)");
            }
        }
        for (String key : named.keySet()) {
            if (!offsets.containsKey(key)) {
                throw new IllegalArgumentException(source + " names storage '" + key
                        + "' but does not list its bytes (corrupt)");
            }
        }
    }

    @Override
    public Object root() {
        return root;
    }

    @Override
    public byte[] storageBytes(String key) throws IOException {
        StorageRef storage = storages.get(key);
        long bytes = storage.length() * storage.elementSize();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(source + ": storage '" + storage.key() + "' has " + bytes
                    + " bytes, more than this reader holds at once (2 GiB)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) bytes);
        long at = offsets.get(storage.key());
        while (out.hasRemaining()) {
            int n = channel.read(out, at + out.position());
            if (n < 0) {
                throw new IllegalArgumentException(source + " ends inside storage '" + storage.key() + "' (truncated)");
            }
        }
        return out.array();
    }

    @Override
    public boolean bigEndian() {
        return bigEndian;
    }

    @Override
    public String format() {
        return "legacy torch.save format";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
