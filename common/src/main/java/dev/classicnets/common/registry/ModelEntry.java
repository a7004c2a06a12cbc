package dev.classicnets.common.registry;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.classicnets.common.Require;
import dev.classicnets.common.nn.Parameters;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One network by name: how to build it, what input it was designed for, and the facts a test or a
 * weight import checks it against. The <em>reference configuration</em> is the one the paper (or
 * torchvision) counts parameters for: {@link #referenceClasses()} classes and {@link
 * #inputShape()}'s channels, e.g. 1000 classes and RGB for the ImageNet networks.
 *
 * <pre>{@code
 * ModelEntry.builder("vgg16")
 *         .network((classes, channels) -> Vgg.builder().config(D).numClasses(classes).optInChannels(channels).build())
 *         .inputShape(3, 224, 224).minInputSize(32).normalization(Normalization.IMAGENET)
 *         .torchvision("vgg16").reference(1000, 138_357_544L).citation("Simonyan & Zisserman 2015").build();
 * }</pre>
 */
public final class ModelEntry {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private final String name;
    private final NetworkFactory factory;
    private final Shape inputShape;
    private final int minInputSize;
    private final Normalization normalization;
    private final String torchvision;
    private final int referenceClasses;
    private final long referenceParameters;
    private final String citation;
    private final List<String> optionNames;
    private final OptionsFactory optionsFactory;

    /**
     * Builds the network with settings beyond the class and channel counts (a width, a dropout rate), each
     * option given as text, as a run's {@code classifier.json} records them.
     */
    @FunctionalInterface
    public interface OptionsFactory {
        /** @param options only names from {@link #optionNames()}; an absent one takes the builder's default */
        Block build(int numClasses, int inChannels, Map<String, String> options);
    }

    private ModelEntry(Builder b) {
        this.name = b.name;
        this.factory = b.factory;
        this.inputShape = b.inputShape;
        this.minInputSize = b.minInputSize;
        this.normalization = b.normalization;
        this.torchvision = b.torchvision;
        this.referenceClasses = b.referenceClasses;
        this.referenceParameters = b.referenceParameters;
        this.citation = b.citation;
        this.optionNames = b.optionNames;
        this.optionsFactory = b.optionsFactory;
    }

    /** A builder for the network called {@code name} (lower case, digits, {@code -} and {@code _}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The registry name, torchvision's where the network has a torchvision counterpart. */
    public String name() {
        return name;
    }

    /** The input the network was designed for, (C, H, W): (3, 224, 224) for the ImageNet networks. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The smallest square side the network takes (its pooling needs at least one window). */
    public int minInputSize() {
        return minInputSize;
    }

    /** The input normalisation its reference training used. */
    public Normalization normalization() {
        return normalization;
    }

    /** The {@code torchvision.models} function with the same layers and parameter order, if one exists. */
    public Optional<String> torchvisionName() {
        return Optional.ofNullable(torchvision);
    }

    /** The class count of the reference configuration (1000 for ImageNet, 10 for MNIST and CIFAR). */
    public int referenceClasses() {
        return referenceClasses;
    }

    /** Trainable parameters of the reference configuration, as published. */
    public long referenceParameters() {
        return referenceParameters;
    }

    /** Where the network comes from, in a few words. */
    public String citation() {
        return citation;
    }

    /**
     * A fresh, uninitialised network.
     *
     * @throws IllegalArgumentException if a count is below 1
     */
    public Block build(int numClasses, int inChannels) {
        if (numClasses < 1) {
            throw new IllegalArgumentException(name + ": numClasses must be >= 1, got " + numClasses);
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException(name + ": inChannels must be >= 1, got " + inChannels);
        }
        return Objects.requireNonNull(factory.build(numClasses, inChannels), () -> name + "'s factory returned null");
    }

    /** The options {@link #build(int, int, Map)} takes (e.g. {@code width_multiplier}), none by default. */
    public List<String> optionNames() {
        return optionNames;
    }

    /**
     * A fresh, uninitialised network with {@code options} (names from {@link #optionNames()}, values as
     * text); with no options, the network {@link #build(int, int)} builds.
     *
     * @throws IllegalArgumentException naming an unknown option and the known ones, or a bad value
     */
    public Block build(int numClasses, int inChannels, Map<String, String> options) {
        if (options.isEmpty()) {
            return build(numClasses, inChannels);
        }
        for (String option : options.keySet()) {
            if (!optionNames.contains(option)) {
                throw new IllegalArgumentException(name + " has no option '" + option + "'; expected "
                        + (optionNames.isEmpty() ? "none" : "one of " + String.join(", ", optionNames)));
            }
        }
        build(numClasses, inChannels); // the counts' checks
        return Objects.requireNonNull(optionsFactory.build(numClasses, inChannels, Map.copyOf(options)),
                () -> name + "'s options factory returned null");
    }

    /** A fresh network in the reference configuration. */
    public Block buildReference() {
        return build(referenceClasses, (int) inputShape.get(0));
    }

    /**
     * Trainable parameters of a network built for {@code numClasses} and {@code inChannels}, at the
     * designed input size (initialised with zeros in a temporary manager; nothing runs).
     */
    public long countParameters(int numClasses, int inChannels) {
        Block block = build(numClasses, inChannels);
        return Parameters.countAt(block, new Shape(1, inChannels, inputShape.get(1), inputShape.get(2)));
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link ModelEntry}; every setting but {@link #torchvision} and {@link #minInputSize} is required. */
    public static final class Builder {
        private final String name;
        private NetworkFactory factory;
        private Shape inputShape;
        private int minInputSize;
        private Normalization normalization;
        private String torchvision;
        private int referenceClasses;
        private long referenceParameters;
        private String citation;
        private List<String> optionNames = List.of();
        private OptionsFactory optionsFactory;

        private Builder(String name) {
            this.name = name;
        }

        /** How to build the network for a class count and an input channel count. */
        public Builder network(NetworkFactory factory) {
            this.factory = factory;
            return this;
        }

        /**
         * The settings beyond the class and channel counts that {@code factory} understands (what a recipe's
         * options change, recorded in a run's {@code classifier.json} so that the run can be rebuilt).
         */
        public Builder optOptions(List<String> names, OptionsFactory factory) {
            this.optionNames = List.copyOf(names);
            this.optionsFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** The designed input, channels x height x width. */
        public Builder inputShape(int channels, int height, int width) {
            this.inputShape = new Shape(channels, height, width);
            return this;
        }

        /** The smallest square side the network takes (default: the designed height). */
        public Builder minInputSize(int minInputSize) {
            this.minInputSize = minInputSize;
            return this;
        }

        /** The input normalisation, one mean and std per designed input channel. */
        public Builder normalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /** The name of torchvision's matching model function (default none). */
        public Builder torchvision(String torchvisionName) {
            this.torchvision = torchvisionName;
            return this;
        }

        /** The reference configuration's class count and its published trainable parameter count. */
        public Builder reference(int classes, long parameters) {
            this.referenceClasses = classes;
            this.referenceParameters = parameters;
            return this;
        }

        /** Where the network comes from: authors, year, venue or arXiv number. */
        public Builder citation(String citation) {
            this.citation = citation;
            return this;
        }

        /**
         * Builds the entry.
         *
         * @throws IllegalArgumentException naming the first setting that is missing or inconsistent
         */
        public ModelEntry build() {
            Require.that(name != null && NAME.matcher(name).matches(),
                    "model name must be lower case letters, digits, '-' or '_', got '" + name + "'");
            Require.that(factory != null, name + ": network factory is required");
            Require.that(inputShape != null && inputShape.get(0) >= 1 && inputShape.get(1) >= 1 && inputShape.get(2) >= 1,
                    name + ": inputShape must be positive (C, H, W), got " + inputShape);
            if (minInputSize == 0) {
                minInputSize = (int) Math.min(inputShape.get(1), inputShape.get(2));
            }
            Require.that(minInputSize >= 1 && minInputSize <= Math.min(inputShape.get(1), inputShape.get(2)),
                    name + ": minInputSize must be in [1, " + Math.min(inputShape.get(1), inputShape.get(2))
                            + "], got " + minInputSize);
            Require.that(normalization != null && normalization.channels() == inputShape.get(0),
                    name + ": normalization must have one mean and std per input channel (" + inputShape.get(0)
                            + "), got " + normalization);
            Require.that(torchvision == null || NAME.matcher(torchvision).matches(),
                    name + ": torchvision name must be a torchvision.models function name, got '" + torchvision + "'");
            Require.that(referenceClasses >= 1 && referenceParameters >= 1,
                    name + ": reference classes and parameters must be >= 1, got " + referenceClasses + " and "
                            + referenceParameters);
            Require.that(citation != null && !citation.isBlank(), name + ": citation is required");
            return new ModelEntry(this);
        }

    }
}
