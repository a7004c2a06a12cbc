package dev.classicnets.common.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping between {@code backward} and {@code trainer.step()}, as
 * {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_} do it. DJL has no norm clipping,
 * and its optimizers' {@code optClipGrad} only clamps the positive side on PyTorch.
 *
 * <pre>{@code
 * try (GradientCollector gc = trainer.newGradientCollector()) {
 *     NDArray loss = trainer.getLoss().evaluate(labels, trainer.forward(data));
 *     gc.backward(loss);
 * }
 * float norm = GradientClipping.clipByGlobalNorm(trainer.getModel().getBlock(), 1f);
 * trainer.step();
 * }</pre>
 *
 * <p>The gradients are those of the parameters themselves (a single-device trainer computes on them
 * directly); parameters that do not require a gradient (frozen ones, batch-norm running statistics)
 * are left out, as PyTorch leaves out parameters without a gradient.
 */
public final class GradientClipping {

    private GradientClipping() {}

    /** {@link #clipByGlobalNorm(Iterable, float)} over every parameter of {@code block}. */
    public static float clipByGlobalNorm(Block block, float maxNorm) {
        return clipByGlobalNorm(block.getParameters().values(), maxNorm);
    }

    /**
     * Scales all the gradients by one factor, {@code maxNorm / (norm + 1e-6)}, when their global L2 norm
     * (the norm of all gradients taken as one vector) exceeds {@code maxNorm}; leaves them alone
     * otherwise, or when the norm is not finite (then the step should be skipped; PyTorch would turn
     * every gradient into NaN).
     *
     * @return the global norm before clipping, as {@code clip_grad_norm_} returns it
     */
    public static float clipByGlobalNorm(Iterable<Parameter> parameters, float maxNorm) {
        if (!(maxNorm > 0) || Float.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("max norm must be a positive number, got " + maxNorm);
        }
        return withGradients(parameters, grads -> {
            float norm = norm(grads);
            double coefficient = maxNorm / (norm + 1e-6);
            if (Float.isFinite(norm) && coefficient < 1) {
                for (NDArray g : grads) {
                    g.muli((float) coefficient);
                }
            }
            return norm;
        });
    }

    /** The global L2 norm of the gradients of {@code block}'s trainable parameters. */
    public static float globalNorm(Block block) {
        return globalNorm(block.getParameters().values());
    }

    /** The global L2 norm of the parameters' gradients (0 when none requires a gradient). */
    public static float globalNorm(Iterable<Parameter> parameters) {
        return withGradients(parameters, GradientClipping::norm);
    }

    /** {@link #clipByValue(Iterable, float)} over every parameter of {@code block}. */
    public static void clipByValue(Block block, float clipValue) {
        clipByValue(block.getParameters().values(), clipValue);
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]} in place, as
     * {@code torch.nn.utils.clip_grad_value_} does (DJL's {@code optClipGrad} clamps only the top).
     */
    public static void clipByValue(Iterable<Parameter> parameters, float clipValue) {
        if (!(clipValue > 0) || Float.isInfinite(clipValue)) {
            throw new IllegalArgumentException("clip value must be a positive number, got " + clipValue);
        }
        withGradients(parameters, grads -> {
            for (NDArray g : grads) {
                try (NDArray clipped = TorchOptimizer.clamp(g, clipValue)) {
                    g.set(new NDIndex("..."), clipped); // writes into the gradient itself
                }
            }
            return 0f;
        });
    }

    private static float norm(List<NDArray> grads) {
        if (grads.isEmpty()) {
            return 0f;
        }
        NDList norms = new NDList(grads.size());
        for (NDArray g : grads) {
            norms.add(g.norm());
        }
        return grads.size() == 1 ? norms.head().getFloat() : NDArrays.stack(norms).norm().getFloat();
    }

    private interface GradientsFunction {
        float apply(List<NDArray> grads);
    }

    /** Runs {@code f} on handles to the gradients, closing them and every temporary afterwards. */
    private static float withGradients(Iterable<Parameter> parameters, GradientsFunction f) {
        List<NDArray> grads = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.requiresGradient() && p.isInitialized()) {
                grads.add(p.getArray().getGradient());
            }
        }
        if (grads.isEmpty()) {
            return f.apply(grads);
        }
        try (NDManager scope = grads.get(0).getManager().newSubManager()) {
            for (NDArray g : grads) {
                g.attach(scope); // a new handle on the same gradient storage, closed with the scope
            }
            return f.apply(grads);
        }
    }
}
