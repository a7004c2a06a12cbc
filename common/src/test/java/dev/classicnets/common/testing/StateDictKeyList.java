package dev.classicnets.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.transfer.StateDictMapping;
import dev.classicnets.common.transfer.TorchParameterNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A torchvision state dict's keys and shapes as a module's {@code torchvision/state_dict_keys.py}
 * wrote them into its test resources, so that mapping tests run without Python: one entry a line,
 * {@code key<TAB>d0,d1,...} or {@code key d0 d1 ...}, after {@code #} comment lines, one of which
 * may give the multiply-adds at 1x3x224x224.
 *
 * @param shapes every key with its shape, in state-dict order
 * @param multiplyAdds224 conv and linear multiply-adds for one 224x224 image, if the file gives them
 */
public record StateDictKeyList(Map<String, Shape> shapes, OptionalLong multiplyAdds224) {

    private static final Pattern MACS = Pattern.compile("multiply-adds at 1x3x224x224: (\\d+)");

    /** Reads {@code /torchvision/<model>.txt} from the caller's test resources. */
    public static StateDictKeyList read(Class<?> caller, String model) throws IOException {
        String resource = "/torchvision/" + model + ".txt";
        Map<String, Shape> shapes = new LinkedHashMap<>();
        OptionalLong macs = OptionalLong.empty();
        try (InputStream in = caller.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource + "; run torchvision/state_dict_keys.py");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#")) {
                    Matcher m = MACS.matcher(line);
                    if (m.find()) {
                        macs = OptionalLong.of(Long.parseLong(m.group(1)));
                    }
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.contains("\t") ? line.split("\t", -1) : line.trim().split("\\s+", 2);
                String dims = fields.length < 2 ? "" : fields[1].trim();
                long[] shape = dims.isEmpty() ? new long[0]
                        : Arrays.stream(dims.split("[,\\s]+")).mapToLong(Long::parseLong).toArray();
                shapes.put(fields[0], new Shape(shape));
            }
        }
        return new StateDictKeyList(shapes, macs);
    }

    /**
     * {@code mapping} pairs every parameter with a key of this list, of the same shape, one to one;
     * the list's other keys are exactly the batch norms' counters. The order is not compared:
     * loading goes by key (GoogLeNet's auxiliary heads come last in ours, before the classifier in
     * torchvision's). The network's parameters must be initialised.
     */
    public void assertMappedBy(StateDictMapping mapping) {
        List<String> parameterKeys = new ArrayList<>();
        List<String> counters = new ArrayList<>();
        shapes.keySet().forEach(k -> (k.endsWith("." + TorchParameterNames.BATCH_COUNTER) ? counters : parameterKeys)
                .add(k));
        List<String> ours = mapping.entries().stream().map(StateDictMapping.Entry::key).toList();
        assertEquals(new TreeSet<>(parameterKeys), new TreeSet<>(ours), mapping.description() + ": keys");
        assertEquals(parameterKeys.size(), ours.size(), mapping.description() + ": one key per parameter");
        for (StateDictMapping.Entry e : mapping.entries()) {
            assertEquals(shapes.get(e.key()), e.parameter().getArray().getShape(),
                    "shape of " + e.parameterName() + " against " + e.key());
        }
        assertEquals(new TreeSet<>(counters), new TreeSet<>(mapping.batchCounterKeys()),
                mapping.description() + ": batch norm counters");
        assertTrue(!ours.isEmpty(), "a mapping without parameters tests nothing");
    }
}
