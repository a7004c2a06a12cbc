package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import dev.classicnets.common.nn.Libtorch;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch's fused optimizer kernels, which DJL does not expose: {@code _fused_sgd_}, {@code _fused_adam_},
 * {@code _fused_adamw_} and {@code _fused_adagrad_}, the kernels behind {@code torch.optim}'s
 * {@code fused=True} on CPU. Each reads the weight, its gradient and the state once and writes the weight
 * and the state once, where the same rule out of DJL's in-place operations (which have no {@code alpha})
 * takes four to eleven passes: an update is memory-bound, so the one pass is most of the gain (SGD with
 * momentum on VGG-11's fc6, 103M floats: 38-48 ms fused against 71-92 ms in four operations).
 *
 * <p>How: through {@link Libtorch}, by the operators' C++ entry points ({@code at::_ops::_fused_sgd_::call}
 * ...). A {@code c10::ArrayRef<at::Tensor>} (a pointer and a length) is passed as those two words and an
 * empty {@code std::optional<at::Tensor>} as 16 zero bytes. A libtorch without these symbols leaves the
 * rules to DJL's operations. {@link #accepts} checks, before any call, everything the kernels assume: CPU,
 * float32 or float64 throughout, equal shapes, one gap-free memory layout (the kernels walk raw pointers).
 *
 * <p>Off with {@code -Dclassicnets.fused=false}, or per optimizer with {@code optFused(false)}.
 */
final class FusedKernels {

    private static final Logger LOG = LoggerFactory.getLogger(FusedKernels.class);
    /** {@code -Dclassicnets.fused=false} turns the kernels off for the whole process. */
    static final String PROPERTY = "classicnets.fused";

    private static final String SGD = "_ZN2at4_ops11_fused_sgd_4callEN3c108ArrayRefINS_6TensorEEES5_S5_ddddbbbRKSt8"
            + "optionalIS4_ES9_";
    private static final String ADAM = "_ZN2at4_ops12_fused_adam_4callEN3c108ArrayRefINS_6TensorEEES5_S5_S5_S5_S5_"
            + "dddddbbRKSt8optionalIS4_ES9_";
    private static final String ADAMW = "_ZN2at4_ops13_fused_adamw_4callEN3c108ArrayRefINS_6TensorEEES5_S5_S5_S5_S5_"
            + "dddddbbRKSt8optionalIS4_ES9_";
    private static final String ADAGRAD = "_ZN2at4_ops15_fused_adagrad_4callEN3c108ArrayRefINS_6TensorEEES5_S5_S5_"
            + "ddddbRKSt8optionalIS4_ES9_";

    /** Each thread's tensor lists (at most five tensors a call), reused: a call is synchronous. */
    private static final ThreadLocal<Memory> TENSORS = ThreadLocal.withInitial(() -> new Memory(8L * 5));
    private static FusedKernels instance;
    private static boolean loaded;

    private final Function sgd;
    private final Function adam;
    private final Function adamW;
    private final Function adagrad;
    private final Libtorch torch;
    /** {@code std::nullopt} for the {@code grad_scale} and {@code found_inf} arguments; never freed. */
    private final Memory none = new Memory(16);

    private FusedKernels(Libtorch torch) {
        this.torch = torch;
        this.sgd = torch.function(SGD);
        this.adam = torch.function(ADAM);
        this.adamW = torch.function(ADAMW);
        this.adagrad = torch.function(ADAGRAD);
        none.clear();
    }

    /** The kernels, or null where they cannot be called (the reason is logged once, at debug level). */
    static synchronized FusedKernels get() {
        if (!loaded) {
            loaded = true;
            try {
                if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
                    throw new IllegalStateException("-D" + PROPERTY + "=false");
                }
                Libtorch torch = Libtorch.get();
                if (torch == null) {
                    throw new IllegalStateException("libtorch's entry points are not available");
                }
                instance = new FusedKernels(torch);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                LOG.debug("fused optimizer kernels not available: {}", e.toString());
            }
        }
        return instance;
    }

    /**
     * Whether the kernels can take these arrays: all PyTorch arrays on the CPU, of one floating type
     * (float32 or float64), one shape, and all stored alike without gaps: all contiguous, or all channels-last
     * contiguous (the kernels walk the arrays' memory side by side, whatever order it holds the elements in).
     * Anything else goes the way of DJL's operations.
     */
    boolean accepts(NDArray... arrays) {
        NDArray first = arrays[0];
        DataType type = first.getDataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            return false;
        }
        for (NDArray a : arrays) {
            if (!(a instanceof PtNDArray) || !Device.cpu().equals(a.getDevice()) || a.getDataType() != type
                    || !a.getShape().equals(first.getShape())) {
                return false;
            }
        }
        return allStored(arrays, torch::isContiguous) || allStored(arrays, torch::isChannelsLastContiguous);
    }

    private static boolean allStored(NDArray[] arrays, Predicate<PtNDArray> layout) {
        for (NDArray a : arrays) {
            if (!layout.test((PtNDArray) a)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code torch.optim.SGD}'s update of one weight: {@code g = grad + weightDecay * w}; with momentum,
     * {@code b = g} at the first update and {@code b = momentum * b + (1 - dampening) * g} later; then
     * {@code w -= lr * (nesterov ? g + momentum * b : b)}. {@code grad} is left as it is.
     *
     * @param buffer the momentum buffer (written at the first update), or null without momentum
     */
    void sgd(NDArray weight, NDArray grad, NDArray buffer, double weightDecay, double momentum, double lr,
            double dampening, boolean nesterov, boolean firstStep) {
        try (Gradient g = new Gradient(grad)) {
            Memory tensors = tensors(weight, g.array, buffer);
            sgd.invoke(Void.class, new Object[] {tensors, 1L, tensors.share(8), 1L, tensors.share(16),
                buffer == null ? 0L : 1L, weightDecay, momentum, lr, dampening, nesterov, false, firstStep, none,
                none});
        }
    }

    /**
     * {@code torch.optim.Adam}'s (or, {@code decoupled}, {@code AdamW}'s) update of one weight, AMSGrad off.
     *
     * @param step a 0-d array holding the update count {@code t} (from 1), as {@code torch.optim} keeps it
     */
    void adam(boolean decoupled, NDArray weight, NDArray grad, NDArray mean, NDArray variance, NDArray step,
            double lr, double beta1, double beta2, double weightDecay, double eps) {
        try (Gradient g = new Gradient(grad)) {
            Memory tensors = tensors(weight, g.array, mean, variance, step);
            (decoupled ? adamW : adam).invoke(Void.class, new Object[] {tensors, 1L, tensors.share(8), 1L,
                tensors.share(16), 1L, tensors.share(24), 1L, tensors, 0L, tensors.share(32), 1L, lr, beta1, beta2,
                weightDecay, eps, false, false, none, none});
        }
    }

    /**
     * {@code torch.optim.Adagrad}'s update of one weight: {@code s += g * g},
     * {@code w -= lr / (1 + (t - 1) * lrDecay) * g / (sqrt(s) + eps)}.
     *
     * @param step a 0-d array holding the update count {@code t} (from 1)
     */
    void adagrad(NDArray weight, NDArray grad, NDArray sum, NDArray step, double lr, double lrDecay,
            double weightDecay, double eps) {
        try (Gradient g = new Gradient(grad)) {
            Memory tensors = tensors(weight, g.array, sum, step);
            adagrad.invoke(Void.class, new Object[] {tensors, 1L, tensors.share(8), 1L, tensors.share(16), 1L,
                tensors.share(24), 1L, lr, lrDecay, weightDecay, eps, false, none, none});
        }
    }

    /**
     * A gradient as the kernels get it. Each kernel begins with {@code grad.contiguous()} and never uses the
     * result (libtorch 2.7.1's {@code FusedSGDKernel.cpp}, {@code FusedAdamKernel.cpp},
     * {@code FusedAdagradKernel.cpp}): for a channels-last gradient that is an (N, C, H, W) copy of it at every
     * update, for nothing (ResNet-18 at 32x32, batch 64: 17 copies a step, 7-14 ms by libtorch's profiler). Its
     * (N, H, W, C) view is the same memory, (N, C, H, W)-contiguous, so {@code contiguous()} returns it as it
     * is; the kernels walk the memory, not the shape. {@link #accepts} has let through only the two layouts.
     */
    private final class Gradient implements AutoCloseable {
        private final NDArray array;
        private final boolean view;

        Gradient(NDArray grad) {
            view = !torch.isContiguous((PtNDArray) grad);
            array = view ? grad.transpose(0, 2, 3, 1) : grad;
        }

        @Override
        public void close() {
            if (view) {
                array.close();
            }
        }
    }

    /**
     * The arrays as consecutive {@code at::Tensor}s (each the {@code TensorImpl} pointer its DJL handle points
     * to; not counted as references, which only the call's duration needs), null ones left out at the end, in
 * this thread's reused list.
     */
    private static Memory tensors(NDArray... arrays) {
        Memory m = TENSORS.get();
        for (int i = 0; i < arrays.length; i++) {
            long impl = arrays[i] == null ? 0L : Libtorch.impl((PtNDArray) arrays[i]);
            m.setLong(8L * i, impl);
        }
        return m;
    }
}
