package dev.classicnets.common.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The format {@code torch.save} writes since PyTorch 1.6: a zip (stored, not compressed) whose records sit
 * under one folder named after the file or "archive": {@code data.pkl} (the pickled object, storages as
 * persistent ids), {@code data/<key>} (each storage's raw bytes), {@code version} and, since PyTorch 2.1,
 * {@code byteorder}.
 */
final class TorchZipFormat implements TorchCheckpoint {

    private final ZipFile zip;
    private final String prefix;
    private final String source;
    private final Object root;
    private final boolean bigEndian;
    private final Map<String, StorageRef> storages;

    private TorchZipFormat(ZipFile zip, String prefix, String source) throws IOException {
        this.zip = zip;
        this.prefix = prefix;
        this.source = source;
        ZipEntry order = zip.getEntry(prefix + "byteorder");
        String byteOrder = order == null ? "little" : new String(readAll(order), StandardCharsets.US_ASCII).trim();
        if (!byteOrder.equals("little") && !byteOrder.equals("big")) {
            throw new IllegalArgumentException(source + " declares byte order '" + byteOrder
                    + "', expected 'little' or 'big'");
        }
        this.bigEndian = byteOrder.equals("big");
        StateDictGlobals globals = new StateDictGlobals(source);
        try (InputStream in = new BufferedInputStream(zip.getInputStream(zip.getEntry(prefix + "data.pkl")))) {
            this.root = new PickleReader(in, source + " (" + prefix + "data.pkl)").load(globals);
        }
        this.storages = globals.storages();
    }

    /** True if the zip holds a torch.save record ({@code <folder>/data.pkl}). */
    static boolean isTorchZip(ZipFile zip) {
        return dataPickle(zip) != null;
    }

    /** Opens {@code file}, a zip that {@link #isTorchZip} accepted, and reads its pickle. */
    static TorchZipFormat open(Path file) throws IOException {
        ZipFile zip = openZip(file);
        try {
            String pickle = dataPickle(zip);
            if (pickle == null) {
                throw new IllegalArgumentException(file + " is a zip without a data.pkl record, so not a torch.save file");
            }
            return new TorchZipFormat(zip, pickle.substring(0, pickle.length() - "data.pkl".length()), file.toString());
        } catch (RuntimeException | IOException e) {
            zip.close();
            throw e;
        }
    }

    /** Opens a zip file, turning a damaged one into one clear sentence. */
    static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + " is not a readable zip archive (truncated or corrupt: "
                    + e.getMessage() + ")", e);
        }
    }

    private static String dataPickle(ZipFile zip) {
        List<? extends ZipEntry> entries = Collections.list(zip.entries());
        for (ZipEntry e : entries) {
            String name = e.getName();
            if (name.equals("data.pkl") || name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9) {
                return name;
            }
        }
        return null;
    }

    @Override
    public Object root() {
        return root;
    }

    @Override
    public byte[] storageBytes(String key) throws IOException {
        StorageRef storage = storages.get(key);
        ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
        if (entry == null) {
            throw new IllegalArgumentException(source + " has no record " + prefix + "data/" + storage.key()
                    + " for a storage its pickle names (truncated or corrupt)");
        }
        long expected = storage.length() * storage.elementSize();
        if (expected > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(source + ": storage '" + storage.key() + "' has " + expected
                    + " bytes, more than this reader holds at once (2 GiB)");
        }
        if (entry.getSize() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(source + ": record " + entry.getName() + " has " + entry.getSize()
                    + " bytes, more than its pickle says (" + expected + ", corrupt)");
        }
        byte[] bytes = new byte[(int) expected]; // sized once: readAllBytes would grow and copy a list of chunks
        int read;
        try (InputStream in = zip.getInputStream(entry)) {
            read = in.readNBytes(bytes, 0, bytes.length);
        } catch (ZipException e) {
            throw new IllegalArgumentException(source + ": record " + entry.getName() + " cannot be read ("
                    + e.getMessage() + ")", e);
        }
        if (read < expected) {
            throw new IllegalArgumentException(source + ": storage '" + storage.key() + "' has " + read
                    + " bytes, its pickle says " + expected + " (truncated or corrupt)");
        }
        return bytes;
    }

    private byte[] readAll(ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (ZipException e) {
            throw new IllegalArgumentException(source + ": record " + entry.getName() + " cannot be read ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public boolean bigEndian() {
        return bigEndian;
    }

    @Override
    public String format() {
        return "torch zip format";
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
