package dev.classicnets.common.cli;

import dev.classicnets.common.Require;
import dev.classicnets.common.optim.LearningRateSchedule;
import dev.classicnets.common.augment.BatchMix;
import dev.classicnets.common.augment.CutMix;
import dev.classicnets.common.augment.Mixup;
import dev.classicnets.common.callback.BatchListener;
import dev.classicnets.common.callback.MonitorMode;
import dev.classicnets.common.optim.ClipGradients;
import dev.classicnets.common.train.EarlyStopping;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command-line options every classifier recipe shares (a picocli mixin): {@link RunOptions} and the
 * classifiers' own (optimizer, schedule, summary, clipping, batch mixing, classifying, fine-tuning). Options
 * left unset take the preset's value; {@link #resolve} applies them.
 */
public class TrainOptions extends RunOptions {

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw (default: from the preset).")
    public String optimizer;

    @Option(names = "--schedule", paramLabel = "SPEC", description = "Learning-rate schedule in epochs: constant, "
            + "step:every=S[,gamma=0.1], multistep:milestones=M1/M2[,gamma=0.1], exponential:gamma=G, "
            + "cosine[:min_lr=X], plateau[:monitor=validate_loss,factor=0.1,patience=10,cooldown=0,min_lr=0]; "
            + "any with ,warmup=W (epochs of linear warm-up) (default: from the preset).")
    public String schedule;

    @Option(names = "--weight-decay", paramLabel = "X", description = "L2 weight decay (default: from the preset).")
    public Float weightDecay;

    @Option(names = "--monitor", paramLabel = "NAME", description = "The column of metrics.csv early stopping watches: "
            + "validate_loss, validate_accuracy, train_loss, train_accuracy; a segmentation run's also "
            + "validate_mean_iou, validate_dice, validate_pixel_accuracy (default: ${DEFAULT-VALUE}).",
            defaultValue = "validate_loss")
    public String monitor;

    @Option(names = "--mode", paramLabel = "MODE", description = "min, max, or auto from the metric's name "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    public String mode;

    @Option(names = "--min-delta", paramLabel = "X", description = "Smallest absolute change over the best that "
            + "counts as an improvement (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    public double minDelta;

    @Option(names = "--summary", description = "Print the layer table and parameter count for --image-size and "
            + "--classes, then exit.")
    public boolean summary;

    @Option(names = "--image-size", paramLabel = "N", description = "Input side for --summary and training "
            + "(default: from the preset).")
    public Integer imageSize;

    @Option(names = "--channels", paramLabel = "N", description = "Input channels for --summary (default: the "
            + "recipe's; 3 for the ImageNet networks, whose published counts assume RGB).")
    public Integer channels;

    @Option(names = "--classes", paramLabel = "N", description = "Classes for --summary (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    public int classes;

    @Option(names = "--clip-grad-norm", paramLabel = "X", description = "Before every update, scale the gradients "
            + "down when their global L2 norm exceeds X (torch's clip_grad_norm_).")
    public Float clipGradNorm;

    @Option(names = "--clip-grad-value", paramLabel = "X", description = "Before every update, clamp every gradient "
            + "element to [-X, X] (torch's clip_grad_value_).")
    public Float clipGradValue;

    @Option(names = "--mixup", paramLabel = "ALPHA", description = "Mix pairs of training images and their labels "
            + "with a Beta(ALPHA, ALPHA) weight (mixup; 0.2 is common).")
    public Double mixup;

    @Option(names = "--cutmix", paramLabel = "ALPHA", description = "Paste a box of another training image, labels "
            + "weighted by area, box size from Beta(ALPHA, ALPHA) (CutMix; 1.0 is common).")
    public Double cutmix;

    @Option(names = "--weights", paramLabel = "FILE|RUN_DIR", description = "Weights to classify with (--classify): "
            + "a state dict with torchvision's names (.pth, .safetensors, .npz; its class count from the file, the "
            + "architecture from this recipe's options) or a run directory.")
    public Path weights;

    @Option(names = "--classify", paramLabel = "IMAGE", arity = "1..*", description = "Print the most probable "
            + "classes of each image with --weights, then exit.")
    public List<Path> classify;

    @Option(names = "--top", paramLabel = "K", description = "Classes --classify prints per image (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "5")
    public int top;

    @Option(names = "--json", description = "--classify prints a JSON list of {image, top: [{index, class, "
            + "probability}]}.")
    public boolean json;

    @Option(names = "--init-from", paramLabel = "FILE|RUN_DIR", description = "Start from these weights (a run "
            + "directory of this architecture, or a torchvision state dict); a head of another class count is "
            + "replaced by a fresh one.")
    public Path initFrom;

    @Option(names = "--freeze", paramLabel = "PART", description = "features (train only the head; batch norm in "
            + "the features in inference mode) or none (default: ${DEFAULT-VALUE}).", defaultValue = "none")
    public String freeze;

    @Option(names = "--backbone-lr-scale", paramLabel = "X", description = "The features learn at X times the "
            + "learning rate, X in [0, 1] (discriminative fine-tuning; default: 1).")
    public Float backboneLrScale;

    /** Gradient clipping as the options ask for it, or null. */
    public BatchListener gradientClipping() {
        if (clipGradNorm != null) {
            return ClipGradients.byNorm(clipGradNorm);
        }
        return clipGradValue == null ? null : ClipGradients.byValue(clipGradValue);
    }

    /** Mixup or CutMix of {@code classes} classes as the options ask for it, or null. */
    public BatchMix batchMix(int classes) {
        if (mixup != null) {
            return new Mixup(mixup, classes);
        }
        return cutmix == null ? null : new CutMix(cutmix, classes);
    }

    /** Early stopping as the options ask for it, or null when --patience is 0. */
    public EarlyStopping earlyStopping() {
        if (patience == 0) {
            return null;
        }
        return EarlyStopping.builder().monitor(monitor).optMode(MonitorMode.parse(mode)).patience(patience)
                .optMinDelta(minDelta).optRestoreBestWeights(restoreBest).build();
    }

    /**
     * The preset's settings this command line changes, as it gives them (e.g. {@code --lr 0.1}), in
     * the order of {@link Preset}'s fields: the run's header says them beside the preset's description.
     */
    public List<String> presetOverrides() {
        List<String> changed = new ArrayList<>();
        addIfSet(changed, "--epochs", epochs);
        addIfSet(changed, "--batch-size", batchSize);
        addIfSet(changed, "--lr", lr);
        addIfSet(changed, "--optimizer", optimizer);
        addIfSet(changed, "--weight-decay", weightDecay);
        addIfSet(changed, "--image-size", imageSize);
        addIfSet(changed, "--schedule", schedule);
        return changed;
    }

    private static void addIfSet(List<String> changed, String option, Object value) {
        if (value instanceof Float f) {
            changed.add(option + " " + new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString());
        } else if (value != null) {
            changed.add(option + " " + value);
        }
    }

    /**
     * The preset with every option the user set applied, validated; {@code monitorable} are the columns the
     * run's task records ({@link dev.classicnets.common.train.Task#monitorable}), which --monitor and a
     * plateau schedule may watch.
     */
    public <S> Preset<S> resolve(Preset<S> p, List<String> monitorable) {
        Preset<S> r = p.with(epochs != null ? epochs : p.epochs(),
                batchSize != null ? batchSize : p.batchSize(), lr != null ? lr : p.learningRate(),
                optimizer != null ? optimizer : p.optimizer(), weightDecay != null ? weightDecay : p.weightDecay(),
                imageSize != null ? imageSize : p.imageSize(), schedule != null ? schedule : p.schedule());
        Require.that(r.epochs() >= 1, "--epochs must be at least 1, got " + r.epochs());
        Require.that(r.batchSize() >= 1, "--batch-size must be at least 1, got " + r.batchSize());
        Require.that(r.learningRate() > 0 && Float.isFinite(r.learningRate()),
                "--lr must be a positive number, got " + r.learningRate());
        Require.that(r.weightDecay() >= 0 && Float.isFinite(r.weightDecay()),
                "--weight-decay must be >= 0, got " + r.weightDecay());
        Require.that(r.imageSize() >= 1, "--image-size must be at least 1, got " + r.imageSize());
        checkRunOptions();
        Require.that(classes >= 1, "--classes must be at least 1, got " + classes);
        Require.that(channels == null || channels >= 1, "--channels must be at least 1, got " + channels);
        Require.that(minDelta >= 0 && Double.isFinite(minDelta), "--min-delta must be >= 0 (an improvement is a change "
                + "towards better of at least it), got " + minDelta);
        Require.that(patience == 0 || !monitor.startsWith("validate_") || validationFraction > 0,
                "--patience with --monitor " + monitor + " needs validation data (--validation > 0)");
        Require.that(monitorable.contains(monitor), "unknown --monitor '" + monitor + "'; expected "
                + String.join(", ", monitorable.subList(0, monitorable.size() - 1)) + " or "
                + monitorable.get(monitorable.size() - 1));
        MonitorMode.parse(mode);
        String plateauMonitor = LearningRateSchedule.parse(r.schedule()).monitor();
        Require.that(plateauMonitor == null || monitorable.contains(plateauMonitor), "unknown monitor '"
                + plateauMonitor + "' in --schedule " + r.schedule() + "; expected one of "
                + String.join(", ", monitorable));
        Require.that(plateauMonitor == null || !plateauMonitor.startsWith("validate_") || validationFraction > 0,
                "--schedule " + r.schedule() + " watches " + plateauMonitor + ", which needs validation data "
                        + "(--validation > 0)");
        Require.that(clipGradNorm == null || clipGradValue == null, "give --clip-grad-norm or --clip-grad-value, not both");
        Require.that(clipGradNorm == null || (clipGradNorm > 0 && Float.isFinite(clipGradNorm)),
                "--clip-grad-norm must be a positive number, got " + clipGradNorm);
        Require.that(clipGradValue == null || (clipGradValue > 0 && Float.isFinite(clipGradValue)),
                "--clip-grad-value must be a positive number, got " + clipGradValue);
        Require.that(mixup == null || cutmix == null, "give --mixup or --cutmix, not both");
        Require.that(mixup == null || (mixup > 0 && Double.isFinite(mixup)), "--mixup must be a positive number, got "
                + mixup);
        Require.that(cutmix == null || (cutmix > 0 && Double.isFinite(cutmix)), "--cutmix must be a positive number, got "
                + cutmix);
        Require.that(top >= 1, "--top must be at least 1, got " + top);
        Require.that(freeze.equals("features") || freeze.equals("none"), "unknown --freeze '" + freeze
                + "'; expected features or none");
        Require.that(backboneLrScale == null || (backboneLrScale >= 0 && backboneLrScale <= 1),
                "--backbone-lr-scale must be in [0, 1], got " + backboneLrScale);
        return r;
    }

}
