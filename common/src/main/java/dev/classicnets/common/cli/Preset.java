package dev.classicnets.common.cli;

import dev.classicnets.common.optim.LearningRateSchedule;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * A recipe's named settings, all of them as data (e.g. {@code cpu}: sized to finish on a 2-core laptop in
 * minutes; {@code paper}: the paper's hyper-parameters): the training numbers, the per-image pipeline and
 * the recipe's own network settings {@code S} (a VGG's width and batch norm, a ResNet's depth). Command-line
 * options override single values ({@link TrainOptions#resolve}). The run's header describes a preset from
 * these fields ({@link #description()}), so the description cannot drift from what runs.
 *
 * @param name the preset's name, as given to {@code --preset}
 * @param note what the numbers do not say (where a setting comes from), or empty
 * @param epochs training epochs
 * @param batchSize images per batch
 * @param learningRate initial learning rate
 * @param optimizer optimizer name (see {@code OptimizerSettings.NAMES})
 * @param weightDecay L2 weight decay
 * @param imageSize side of the square input the network sees
 * @param schedule the learning-rate schedule over the run, as {@code --schedule} writes it (see
 *     {@link LearningRateSchedule}), e.g. {@code cosine} or {@code multistep:milestones=50%/75%}
 * @param augmentation the training and evaluation transforms
 * @param network the recipe's network settings for this preset (null for a recipe without any)
 * @param <S> the type of the recipe's network settings
 */
public record Preset<S>(String name, String note, int epochs, int batchSize, float learningRate, String optimizer,
        float weightDecay, int imageSize, String schedule, Augmentation augmentation, S network) {

    public Preset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(augmentation, "augmentation");
        note = note == null ? "" : note;
        LearningRateSchedule.parse(schedule); // one clear error for a bad spec, before any data is read
    }

    /** A builder for preset {@code name} with the recipe's network settings {@code network}. */
    public static <S> Builder<S> builder(String name, S network) {
        return new Builder<>(name, network);
    }

    /** This preset with other training numbers (what the command line changed); the rest as it is. */
    public Preset<S> with(int epochs, int batchSize, float learningRate, String optimizer, float weightDecay,
            int imageSize, String schedule) {
        return new Preset<>(name, note, epochs, batchSize, learningRate, optimizer, weightDecay, imageSize, schedule,
                augmentation, network);
    }

    /** This preset with other network settings. */
    public Preset<S> withNetwork(S network) {
        return new Preset<>(name, note, epochs, batchSize, learningRate, optimizer, weightDecay, imageSize, schedule,
                augmentation, network);
    }

    /**
     * One line made from the fields, e.g. {@code adam, lr 0.002, cosine, batch 64, 10 epochs, 28 px}, then
     * the note.
     */
    public String description() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s, lr %s, %s", optimizer,
                plain(learningRate), schedule));
        if (weightDecay > 0) {
            sb.append(", weight decay ").append(plain(weightDecay));
        }
        sb.append(String.format(Locale.ROOT, ", batch %d, %d epochs, %d px", batchSize, epochs, imageSize));
        return note.isEmpty() ? sb.toString() : sb.append("; ").append(note).toString();
    }

    private static String plain(float x) {
        return new BigDecimal(Float.toString(x)).stripTrailingZeros().toPlainString();
    }

    /**
     * The learning rate over {@code updatesPerEpoch * epochs} optimizer updates; for a {@code plateau}
     * schedule a {@code ReduceLrOnPlateau}, which the training loop must also get as a listener.
     */
    public ai.djl.training.tracker.Tracker learningRateTracker(int updatesPerEpoch) {
        return LearningRateSchedule.parse(schedule).tracker(learningRate, epochs, updatesPerEpoch);
    }

    /** Builds a {@link Preset}; epochs, batch size, optimizer with its rate and image size are required. */
    public static final class Builder<S> {
        private final String name;
        private final S network;
        private String note = "";
        private int epochs;
        private int batchSize;
        private float learningRate;
        private String optimizer;
        private float weightDecay;
        private int imageSize;
        private String schedule = "constant";
        private Augmentation augmentation = Augmentation.none();

        private Builder(String name, S network) {
            this.name = name;
            this.network = network;
        }

        public Builder<S> epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder<S> batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The optimizer's name and initial learning rate. */
        public Builder<S> optimizer(String name, float learningRate) {
            this.optimizer = name;
            this.learningRate = learningRate;
            return this;
        }

        /** Default 0. */
        public Builder<S> optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder<S> imageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** Default {@code constant}. */
        public Builder<S> optSchedule(String schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Default: no transform. */
        public Builder<S> optAugmentation(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** What the numbers do not say, e.g. where they come from. */
        public Builder<S> optNote(String note) {
            this.note = note;
            return this;
        }

        public Preset<S> build() {
            if (epochs < 1 || batchSize < 1 || imageSize < 1 || optimizer == null || !(learningRate > 0)) {
                throw new IllegalArgumentException("preset " + name + " needs epochs, batch size, image size and an "
                        + "optimizer with a positive learning rate, got " + epochs + ", " + batchSize + ", "
                        + imageSize + ", " + optimizer + " at " + learningRate);
            }
            return new Preset<>(name, note, epochs, batchSize, learningRate, optimizer, weightDecay, imageSize,
                    schedule, augmentation, network);
        }
    }
}
