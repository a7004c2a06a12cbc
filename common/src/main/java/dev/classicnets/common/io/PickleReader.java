package dev.classicnets.common.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted reader of Python pickles: only the binary opcodes of protocol 2 that {@code torch.save} uses
 * for state dicts. It builds plain Java values (None as {@code null}, bool, {@link Long} or {@link BigInteger},
 * {@link Double}, {@link String}, {@link Tuple}, {@link ArrayList}, {@link LinkedHashMap}) and hands every
 * global, call, object build and persistent id to a {@link Handler}, which decides what is allowed. Nothing
 * is ever executed: a global is a name, a call is a request the handler may refuse.
 */
final class PickleReader {

    /** A Python tuple: immutable, compared by value. */
    record Tuple(List<Object> items) {
        Tuple {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }
    }

    /** A Python global that the handler accepted, e.g. {@code torch._utils._rebuild_tensor_v2}. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** Decides what the globals, calls, builds and persistent ids of a pickle mean; refuses the rest. */
    interface Handler {
        /** The value pushed for {@code GLOBAL module name}; throws for a global that is not allowed. */
        Object global(String module, String name);

        /** The result of calling {@code callable(*args)} (opcodes REDUCE and NEWOBJ). */
        Object call(Object callable, Tuple args);

        /** The object after {@code BUILD} set {@code state} on it. */
        Object build(Object target, Object state);

        /** The object a persistent id stands for (opcode BINPERSID). */
        Object persistentLoad(Object pid);
    }

    private static final Object MARK = new Object();

    private final InputStream in;
    private final String source;
    private long position;

    /** Reads pickles one after another from {@code in}; {@code source} names the file in error messages. */
    PickleReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** How many bytes the pickles read so far took. */
    long position() {
        return position;
    }

    /** Reads one pickle, up to and including its STOP opcode, and returns its value. */
    Object load(Handler handler) throws IOException {
        List<Object> stack = new ArrayList<>();
        Map<Long, Object> memo = new HashMap<>();
        while (true) {
            long at = position;
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol > 2) {
                        throw corrupt("uses pickle protocol " + protocol + "; torch.save writes protocol 2");
                    }
                }
                case '.' -> { // STOP
                    if (stack.size() != 1 || stack.get(0) == MARK) {
                        throw corrupt("ends with " + stack.size() + " values on the stack instead of one");
                    }
                    return stack.get(0);
                }
                case '(' -> stack.add(MARK);
                case 'c' -> stack.add(handler.global(line(), line()));
                case 'q' -> memo.put((long) u8(), peek(stack));
                case 'r' -> memo.put(u32(), peek(stack));
                case 'h' -> stack.add(memoGet(memo, u8()));
                case 'j' -> stack.add(memoGet(memo, u32()));
                case '}' -> stack.add(new LinkedHashMap<>());
                case ']' -> stack.add(new ArrayList<>());
                case ')' -> stack.add(new Tuple(List.of()));
                case 't' -> stack.add(new Tuple(popMark(stack)));
                case 0x85, 0x86, 0x87 -> { // TUPLE1..3
                    int n = op - 0x84;
                    stack.add(new Tuple(popN(stack, n)));
                }
                case 'J' -> stack.add((long) s32());
                case 'K' -> stack.add((long) u8());
                case 'M' -> stack.add((long) (u8() | u8() << 8));
                case 0x8a -> stack.add(long1(u8()));
                case 'G' -> stack.add(ByteBuffer.wrap(bytes(8)).getDouble()); // big-endian, as BINFLOAT
                case 'X' -> stack.add(new String(bytes(length(u32())), StandardCharsets.UTF_8));
                case 'U' -> stack.add(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
                case 'T' -> stack.add(new String(bytes(length(s32())), StandardCharsets.ISO_8859_1));
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'R', 0x81 -> { // REDUCE, NEWOBJ: callable(*args)
                    Object args = pop(stack);
                    Object callable = pop(stack);
                    if (!(args instanceof Tuple tuple)) {
                        throw corrupt("calls " + callable + " with arguments that are not a tuple");
                    }
                    stack.add(handler.call(callable, tuple));
                }
                case 'b' -> { // BUILD
                    Object state = pop(stack);
                    stack.add(handler.build(pop(stack), state));
                }
                case 's' -> { // SETITEM
                    Object value = pop(stack);
                    Object key = pop(stack);
                    dict(peek(stack)).put(key, value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark(stack);
                    if (items.size() % 2 != 0) {
                        throw corrupt("sets dictionary items from an odd number of values");
                    }
                    Map<Object, Object> dict = dict(peek(stack));
                    for (int i = 0; i < items.size(); i += 2) {
                        dict.put(items.get(i), items.get(i + 1));
                    }
                }
                case 'a' -> {
                    Object value = pop(stack);
                    list(peek(stack)).add(value);
                }
                case 'e' -> {
                    List<Object> items = popMark(stack);
                    list(peek(stack)).addAll(items);
                }
                case 'Q' -> stack.add(handler.persistentLoad(pop(stack)));
                default -> throw new IllegalArgumentException(source + " has pickle opcode " + describe(op)
                        + " at byte " + at + ", which torch.save's state dicts never use; refusing to read it");
            }
        }
    }

    private static String describe(int op) {
        String printable = op >= 0x20 && op < 0x7f ? " '" + (char) op + "'" : "";
        return String.format("0x%02x%s", op, printable);
    }

    private IllegalArgumentException corrupt(String what) {
        return new IllegalArgumentException(source + " is not a valid state-dict pickle: it " + what);
    }

    private Object peek(List<Object> stack) {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw corrupt("reads a value from an empty stack (corrupt or truncated)");
        }
        return stack.get(stack.size() - 1);
    }

    private Object pop(List<Object> stack) {
        Object top = peek(stack);
        stack.remove(stack.size() - 1);
        return top;
    }

    private List<Object> popN(List<Object> stack, int n) {
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(0, pop(stack));
        }
        return items;
    }

    private List<Object> popMark(List<Object> stack) {
        int mark = stack.lastIndexOf(MARK);
        if (mark < 0) {
            throw corrupt("closes a group that was never opened (corrupt or truncated)");
        }
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private Object memoGet(Map<Long, Object> memo, long index) {
        if (!memo.containsKey(index)) {
            throw corrupt("refers to memo entry " + index + ", which was never stored");
        }
        return memo.get(index);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object target) {
        if (!(target instanceof Map)) {
            throw corrupt("sets an item on a " + typeName(target) + " instead of a dictionary");
        }
        return (Map<Object, Object>) target;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object target) {
        if (!(target instanceof ArrayList)) {
            throw corrupt("appends to a " + typeName(target) + " instead of a list");
        }
        return (List<Object>) target;
    }

    static String typeName(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private Object long1(int n) throws IOException {
        byte[] little = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] big = new byte[n];
        for (int i = 0; i < n; i++) {
            big[i] = little[n - 1 - i];
        }
        BigInteger value = new BigInteger(big); // two's complement, as pickle's LONG1
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private int length(long n) {
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw corrupt("declares a string of " + n + " bytes (corrupt)");
        }
        return (int) n;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = u8(); c != '\n'; c = u8()) {
            if (sb.length() > 200) {
                throw corrupt("names a global longer than 200 characters (corrupt)");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IllegalArgumentException(source + " ends in the middle of a pickle at byte " + position
                    + " (truncated or corrupt)", new EOFException());
        }
        position++;
        return b;
    }

    private int s32() throws IOException {
        return u8() | u8() << 8 | u8() << 16 | u8() << 24;
    }

    private long u32() throws IOException {
        return s32() & 0xffffffffL;
    }

    private byte[] bytes(int n) throws IOException {
        byte[] out = in.readNBytes(n);
        if (out.length < n) {
            throw new IllegalArgumentException(source + " ends in the middle of a pickle at byte "
                    + (position + out.length) + " (truncated or corrupt)", new EOFException());
        }
        position += n;
        return out;
    }
}
