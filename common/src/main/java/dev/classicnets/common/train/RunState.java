package dev.classicnets.common.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.classicnets.common.callback.EpochListener;
import dev.classicnets.common.optim.OptimizerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where a run is, and what a checkpoint carries besides the networks' arrays: the loop's own state. */
final class RunState {
    int epoch;
    boolean stopped;
    final List<Map<String, Double>> history = new ArrayList<>();
    /** Optimizer updates per network so far: their schedules and bias corrections go on from here. */
    final Map<String, Integer> updates = new LinkedHashMap<>();
    int bestEpoch;
    double best = Double.NaN;
    double trainSeconds;
    long trainSamples;
    double secondsBefore;
    Integer resumedAt;

    /** Writes the checkpoint of the epoch just finished (atomically). */
    void write(Path file, String name, Networks networks, Map<String, Network> specs, List<EpochListener> listeners) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", name);
        state.put("epoch", epoch);
        state.put("updates", updates.values().stream().mapToInt(Integer::intValue).sum());
        state.put("network_updates", updates);
        state.put("stopped", stopped);
        Map<String, String> optimizerNames = new LinkedHashMap<>();
        specs.forEach((n, s) -> optimizerNames.put(n, s.optimizer().name()));
        state.put("optimizers", optimizerNames);
        state.put("best_epoch", bestEpoch);
        state.put("best_score", best);
        state.put("train_seconds", trainSeconds);
        state.put("train_images", trainSamples);
        state.put("history", history);
        List<Map<String, Object>> listenerStates = new ArrayList<>();
        List<Map<String, NDArray>> listenerArrays = new ArrayList<>();
        for (EpochListener l : listeners) {
            listenerStates.add(l.state());
            listenerArrays.add(l.stateArrays());
        }
        state.put("listeners", listenerStates);
        Map<String, Map<String, NDArray>> optimizers = new LinkedHashMap<>();
        networks.trainers().forEach((n, t) -> optimizers.put(n, OptimizerState.export(networks.optimizer(n),
                t.getModel().getBlock())));
        Checkpoint.write(file, state, networks.blocks(), optimizers, listenerArrays);
    }

    /** The loop's counters from a checkpoint's state, before the trainers are built. */
    @SuppressWarnings("unchecked")
    static Map<String, Integer> updatesIn(Map<String, Object> state, Map<String, Network> specs) {
        Map<String, Integer> updates = new LinkedHashMap<>();
        Object perNetwork = state.get("network_updates");
        for (String n : specs.keySet()) {
            Object u = perNetwork == null ? state.get("updates") : ((Map<String, Object>) perNetwork).get(n);
            updates.put(n, u == null ? 0 : ((Number) u).intValue());
        }
        return updates;
    }

    /** Puts the networks, optimizers and listeners back as checkpoint {@code file} left them. */
    @SuppressWarnings("unchecked")
    static RunState restore(Path file, String name, Networks networks, Map<String, Network> specs,
            List<EpochListener> listeners, long seed) {
        NDManager base = networks.trainers().values().iterator().next().getModel().getNDManager();
        try (NDManager scope = base.newSubManager()) {
            Checkpoint c = Checkpoint.read(file, scope);
            Map<String, Object> s = c.state();
            Map<String, Object> optimizers = (Map<String, Object>) s.get("optimizers");
            for (Network spec : specs.values()) {
                Object recorded = optimizers == null ? s.get("optimizer") : optimizers.get(spec.name());
                if (!c.networks().contains(spec.name())) {
                    throw new IllegalArgumentException("checkpoint " + file + " has no network '" + spec.name()
                            + "' (it has " + String.join(", ", c.networks()) + "): it is not of this task");
                }
                if (!spec.optimizer().name().equals(recorded)) {
                    throw new IllegalArgumentException("checkpoint " + file + " is of " + spec.name() + " trained with "
                            + recorded + ", not of " + spec.name() + " with " + spec.optimizer().name());
                }
                Trainer t = networks.trainer(spec.name());
                c.copyParametersInto(spec.name(), t.getModel().getBlock());
                OptimizerState.restore(networks.optimizer(spec.name()), t.getModel().getBlock(),
                        c.optimizer(spec.name()));
            }
            List<Map<String, Object>> states = (List<Map<String, Object>>) s.get("listeners");
            if (states.size() != listeners.size()) {
                throw new IllegalArgumentException("checkpoint " + file + " was written with " + states.size()
                        + " epoch listeners, this run has " + listeners.size());
            }
            for (int i = 0; i < listeners.size(); i++) {
                listeners.get(i).restoreState(states.get(i), c.listenerArrays(i));
            }
            RunState p = new RunState();
            p.epoch = c.epoch();
            p.stopped = Boolean.TRUE.equals(s.get("stopped"));
            for (Map<String, Object> row : (List<Map<String, Object>>) s.get("history")) {
                Map<String, Double> r = new LinkedHashMap<>();
                row.forEach((k, v) -> r.put(k, v == null ? Double.NaN : ((Number) v).doubleValue()));
                p.history.add(r);
            }
            p.updates.putAll(updatesIn(s, specs));
            p.bestEpoch = ((Number) s.get("best_epoch")).intValue();
            p.best = s.get("best_score") == null ? Double.NaN : ((Number) s.get("best_score")).doubleValue();
            p.trainSeconds = ((Number) s.get("train_seconds")).doubleValue();
            p.trainSamples = ((Number) s.get("train_images")).longValue();
            p.secondsBefore = p.trainSeconds;
            p.resumedAt = p.epoch;
            // dropout continues from a seed of its own: within noise of the uninterrupted run, not equal to it
            Engine.getInstance().setRandomSeed((int) (seed * 31 + p.epoch));
            return p;
        }
    }
}
