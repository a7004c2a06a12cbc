package dev.classicnets.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The restricted pickle reader on hand-built pickles: what it builds, and what it refuses and how it says so. */
class PickleReaderTest {

    /** A pickle from text, with {@code \xNN} escapes for single bytes and {@code \n} for a newline. */
    private static byte[] pickle(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\n", i)) { // a newline, as GLOBAL ends its two names
                out.write('\n');
                i += 1;
            } else if (text.startsWith("\\x", i)) {
                out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(text.charAt(i));
            }
        }
        return out.toByteArray();
    }

    private static Object load(String text) throws Exception {
        return new PickleReader(new ByteArrayInputStream(pickle(text)), "test.pkl").load(new StateDictGlobals("test.pkl"));
    }

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> load(text)).getMessage();
    }

    @Test
    void buildsDictsListsTuplesAndNumbers() throws Exception {
        // {'a': [1, -2, 2**40, 0.5, True, None], 'b': ('x', 'y')} in protocol 2 with memo puts and gets
        Object value = load("\\x80\\x02}q\\x00(X\\x01\\x00\\x00\\x00aq\\x01]q\\x02(K\\x01J\\xfe\\xff\\xff\\xff"
                + "\\x8a\\x06\\x00\\x00\\x00\\x00\\x00\\x01G?\\xe0\\x00\\x00\\x00\\x00\\x00\\x00\\x88Ne"
                + "X\\x01\\x00\\x00\\x00bU\\x01xU\\x01y\\x86u.");
        Map<?, ?> dict = (Map<?, ?>) value;
        assertEquals(List.of("a", "b"), List.copyOf(dict.keySet()));
        assertEquals(java.util.Arrays.asList(1L, -2L, 1L << 40, 0.5, true, null), dict.get("a"));
        assertEquals(new PickleReader.Tuple(List.of("x", "y")), dict.get("b"));
    }

    @Test
    void acceptsAnOrderedDictWithMetadataState() throws Exception {
        // OrderedDict() then BUILD with {'_metadata': {}} as state_dict() pickles it
        Object value = load("\\x80\\x02ccollections\nOrderedDict\nq\\x00)Rq\\x01}X\\x09\\x00\\x00\\x00_metadata}sb.");
        assertEquals(Map.of(), value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\\x80\\x02cos\\nsystem\\nX\\x02\\x00\\x00\\x00ls\\x85R.| names the Python global os.system",
        "\\x80\\x02cbuiltins\\ngetattr\\n.| names the Python global builtins.getattr",
        "\\x80\\x02ctorch._utils\\n_rebuild_tensor_v2\\nctorch\\nFloatStorage\\n\\x85R.| calls torch._utils._rebuild_tensor_v2 with 1 arguments",
        "\\x80\\x02ctorch\\nFloatStorage\\n)R.| calls a StorageType, which is not a function",
        "\\x80\\x04.| uses pickle protocol 4",
        "\\x80\\x02I1\\n.| opcode 0x49 'I' at byte 2",
        "\\x80\\x02(i__main__\\nEvil\\n.| opcode 0x69 'i' at byte 3",
        "\\x80\\x02X\\x05\\x00\\x00\\x00ab| ends in the middle of a pickle at byte 9",
        "\\x80\\x02h\\x07.| refers to memo entry 7",
        "\\x80\\x02s.| reads a value from an empty stack",
        "\\x80\\x02K\\x01K\\x02.| ends with 2 values on the stack",
        "\\x80\\x02X\\x03\\x00\\x00\\x00keyQ.| refers to 'key' instead of a storage",
        "\\x80\\x02ctorch\\nComplexFloatStorage\\n.| holds tensors of type torch.ComplexFloatStorage"})
    void refusesWithOneSentenceNamingTheFile(String text, String expected) {
        String message = refusal(text);
        assertTrue(message.startsWith("test.pkl") && message.contains(expected.strip()), message);
        assertEquals(1, message.split("\\. ").length, "one sentence: " + message);
    }

    @Test
    void countsTheBytesItRead() throws Exception {
        byte[] two = pickle("\\x80\\x02K\\x05.\\x80\\x02K\\x06.");
        PickleReader reader = new PickleReader(new ByteArrayInputStream(two), "two.pkl");
        StateDictGlobals globals = new StateDictGlobals("two.pkl");
        assertEquals(5L, reader.load(globals));
        assertEquals(5, reader.position());
        assertEquals(6L, reader.load(globals));
        assertEquals(10, reader.position());
    }
}
