package dev.classicnets.common.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import java.util.ArrayList;
import java.util.List;

/**
 * The initialisations the papers and torchvision give their networks, as DJL {@link Initializer}s, and
 * PyTorch's per-layer default, which needs a bias to know its weight's fan-in. A network puts them on its
 * parameters with {@link Block#setInitializer(Initializer, Parameter.Type)} (the last call for a parameter
 * wins); what it leaves alone keeps DJL's default ({@link Parameter.Type}: weights He-normal over the fan-in,
 * biases and batch-norm beta 0, gamma 1). Values are drawn when the network is initialised, from the
 * engine's random generator, so {@code Engine.setRandomSeed} (which the training loop calls) fixes them.
 *
 * <p>Fans as PyTorch's {@code _calculate_fan_in_and_fan_out}: for a weight of shape {@code (out, in, k...)},
 * fan-in = in·Πk and fan-out = out·Πk (a grouped convolution's {@code in} is per group).
 */
public final class Initialization {
    private Initialization() {}

    /** N(0, std²): AlexNet's and VGG's 0.01 (DJL's {@link NormalInitializer}). */
    public static Initializer normal(float std) {
        return new NormalInitializer(std);
    }

    /**
     * A paper's N(0, {@code std}²) for a layer built {@code widthRatio} times as wide as the paper's
     * (fan-in × {@code widthRatio}): std / √widthRatio, so that the layer scales its input's standard
     * deviation by the paper's gain, √fan-in · std. At the paper's width it is the paper's std; a 256-wide
     * VGG classifier started at 0.01 instead (gain 0.16 a layer, against 0.64 at 4,096) stayed at chance.
     */
    public static Initializer normalKeepingGain(float std, double widthRatio) {
        if (!(widthRatio > 0)) {
            throw new IllegalArgumentException("the width ratio must be positive, got " + widthRatio);
        }
        return normal((float) (std / Math.sqrt(widthRatio)));
    }

    /** N(0, std²) with draws outside ±2·std redrawn (DJL's {@link TruncatedNormalInitializer}); std ≈ 0.880·std. */
    public static Initializer truncatedNormal(float std) {
        return new TruncatedNormalInitializer(std);
    }

    /**
     * He et al. 2015 for ReLU over the fan-out: N(0, 2 / fan-out), exactly PyTorch's {@code
     * kaiming_normal_(w, mode="fan_out", nonlinearity="relu")} (DJL's Xavier with magnitude 2 over the fan-out).
     */
    public static Initializer heNormalFanOut() {
        return new XavierInitializer(RandomType.GAUSSIAN, FactorType.OUT, 2);
    }

    /** He et al. 2015 over the fan-in: N(0, 2 / fan-in), DJL's default for every weight, made explicit. */
    public static Initializer heNormalFanIn() {
        return new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, 2);
    }

    /** Caffe's {@code xavier} filler (its default, fan-in): U(±√(3 / fan-in)). */
    public static Initializer caffeXavier() {
        return new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 3);
    }

    /** PyTorch's default weight of {@code Conv2d} and {@code Linear} ({@code kaiming_uniform_(a=√5)}): U(±1/√fan-in). */
    public static Initializer torchDefaultWeight() {
        return new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1);
    }

    /**
     * LeCun et al. 1998, appendix A: U(±{@code a} / fan-in), the paper's {@code a} = 2.4 (DJL's Xavier
     * scales by the square root of the fan, so it cannot express this).
     */
    public static Initializer uniformOverFanIn(float a) {
        if (!(a > 0)) {
            throw new IllegalArgumentException("the bound's numerator must be positive, got " + a);
        }
        return (manager, shape, dataType) -> {
            float bound = a / fanIn(shape);
            return manager.randomUniform(-bound, bound, shape, dataType, manager.getDevice());
        };
    }

    /** Every value {@code value} (AlexNet's biases of 1, GoogLeNet's Caffe biases of 0.2). */
    public static Initializer constant(float value) {
        return new ConstantInitializer(value);
    }

    /**
     * {@code convolution} for a 4-D weight (out, in, kH, kW), {@code linear} for a 2-D one (out, in): the
     * {@code isinstance(m, nn.Conv2d)} / {@code nn.Linear} of torchvision's init loops, decided when the
     * shapes are known.
     */
    public static Initializer byRank(Initializer convolution, Initializer linear) {
        return (manager, shape, dataType) -> switch (shape.dimension()) {
            case 4 -> convolution.initialize(manager, shape, dataType);
            case 2 -> linear.initialize(manager, shape, dataType);
            default -> throw new IllegalArgumentException(
                    "expected a convolution (4-D) or linear (2-D) weight, got shape " + shape);
        };
    }

    /**
     * PyTorch's {@code reset_parameters} of {@code Conv2d} and {@code Linear} on every layer of {@code block}
     * with a weight: the weight U(±1/√fan-in) and, where there is one, the bias U(±1/√fan-in) of its weight.
     * This is what torchvision's networks that set no initialisation of their own (AlexNet; GoogLeNet's and
     * ResNet's fully connected layers) start from.
     */
    public static void torchDefault(Block block) {
        Parameter weight = null;
        Parameter bias = null;
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT) {
                weight = p;
            } else if (p.getType() == Parameter.Type.BIAS) {
                bias = p;
            }
        }
        if (weight != null) {
            weight.setInitializer(torchDefaultWeight());
            if (bias != null) {
                Parameter w = weight;
                bias.setInitializer((manager, shape, dataType) -> {
                    float bound = (float) (1 / Math.sqrt(fanIn(w.getShape())));
                    return manager.randomUniform(-bound, bound, shape, dataType, manager.getDevice());
                });
            }
        }
        for (Block child : block.getChildren().values()) {
            torchDefault(child);
        }
    }

    /**
     * The layers of class {@code kind} in {@code block} and its descendants, depth first in data-flow
     * order (e.g. a network's convolutions, to give some of them another bias).
     */
    public static <T extends Block> List<T> layersOf(Block block, Class<T> kind) {
        List<T> found = new ArrayList<>();
        if (kind.isInstance(block)) {
            found.add(kind.cast(block));
        }
        for (Block child : block.getChildren().values()) {
            found.addAll(layersOf(child, kind));
        }
        return found;
    }

    /** in·Πk of a weight shaped (out, in, k...). */
    public static long fanIn(Shape weight) {
        if (weight == null || weight.dimension() < 2) {
            throw new IllegalArgumentException("a fan-in needs a weight of at least 2 dimensions, got " + weight);
        }
        return weight.size() / weight.get(0);
    }

    /** out·Πk of a weight shaped (out, in, k...). */
    public static long fanOut(Shape weight) {
        return fanIn(weight) / weight.get(1) * weight.get(0);
    }
}
