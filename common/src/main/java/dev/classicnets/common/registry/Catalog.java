package dev.classicnets.common.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The entries of a set of providers, by name; {@link ModelRegistry} holds the installed one. */
final class Catalog {

    private final Map<String, ModelEntry> byName = new LinkedHashMap<>();
    private final Map<Class<?>, List<ModelEntry>> byProvider = new LinkedHashMap<>();

    /**
     * Collects the providers' entries, providers in order of class name (so that the order does not
     * depend on the classpath), each provider's entries in its own order.
     *
     * @throws IllegalStateException if two entries share a name
     */
    Catalog(Iterable<? extends ModelProvider> providers) {
        List<ModelProvider> sorted = new ArrayList<>();
        providers.forEach(sorted::add);
        sorted.sort(Comparator.comparing(p -> p.getClass().getName()));
        Map<String, Class<?>> origin = new LinkedHashMap<>();
        for (ModelProvider provider : sorted) {
            List<ModelEntry> entries = List.copyOf(provider.models());
            for (ModelEntry e : entries) {
                Class<?> earlier = origin.putIfAbsent(e.name(), provider.getClass());
                if (earlier != null) {
                    throw new IllegalStateException("model name '" + e.name() + "' is registered twice, by "
                            + earlier.getName() + " and " + provider.getClass().getName());
                }
                byName.put(e.name(), e);
            }
            byProvider.merge(provider.getClass(), entries, (a, b) -> {
                List<ModelEntry> both = new ArrayList<>(a);
                both.addAll(b);
                return List.copyOf(both);
            });
        }
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    List<ModelEntry> all() {
        return List.copyOf(byName.values());
    }

    List<ModelEntry> providedBy(Class<? extends ModelProvider> provider) {
        return byProvider.getOrDefault(provider, List.of());
    }

    Optional<ModelEntry> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(normalise(name)));
    }

    ModelEntry get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(unknown(name)));
    }

    /** One sentence: the name, the closest known name if one is close, and every known name. */
    private String unknown(String name) {
        if (byName.isEmpty()) {
            return "unknown model '" + name + "': no models are registered; put an architecture module"
                    + " (lenet, alexnet, vgg, googlenet, resnet) on the classpath";
        }
        String wanted = name == null ? "" : normalise(name);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String known : byName.keySet()) {
            int d = editDistance(wanted, known);
            if (d < best) {
                best = d;
                closest = known;
            }
        }
        boolean close = best <= Math.max(2, wanted.length() / 3);
        return "unknown model '" + name + "'" + (close ? " (closest: " + closest + ")" : "")
                + "; known models: " + String.join(", ", byName.keySet());
    }

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    @Override
    public String toString() {
        return "Catalog" + Collections.unmodifiableSet(byName.keySet());
    }
}
