package dev.classicnets.benchmarks;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One thing timed on both sides: our {@link Runner} and the setup that {@code torch_peer.py} builds
 * PyTorch's from (its {@code kind} and the replica's settings).
 *
 * @param name the case's name, which {@code --cases} filters on, e.g. {@code train/resnet20-cpu}
 * @param description what runs, for the table: network, input, batch, optimizer
 * @param itemsPerStep images per step, for images/s (0: report milliseconds per step only)
 * @param single one step per round, without warm-up or calibration (a step that is a whole epoch)
 */
record BenchCase(String name, String description, int itemsPerStep, boolean single, Supplier<Runner> ours,
        Map<String, Object> torch) {

    BenchCase(String name, String description, int itemsPerStep, Supplier<Runner> ours, Map<String, Object> torch) {
        this(name, description, itemsPerStep, false, ours, torch);
    }

    String kind() {
        return (String) torch.get("kind");
    }
}
