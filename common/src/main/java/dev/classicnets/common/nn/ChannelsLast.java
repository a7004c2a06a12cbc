package dev.classicnets.common.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;

/**
 * Channels-last (NHWC) storage for a network's convolution weights, what {@code
 * model.to(memory_format=torch.channels_last)} does in PyTorch. The arrays keep their (N, C, H, W) shape and
 * their identity; only the order of their elements in memory changes. A convolution given a channels-last
 * weight runs oneDNN's NHWC kernels and hands on channels-last activations and weight gradients, which on a
 * CPU skips the reorders oneDNN otherwise makes around every call: a ResNet-20 training step ran 1.25x as
 * fast, GoogLeNet at 224² 1.30x, VGG-A 1.09x, while LeNet-5 and the two-tower AlexNet ran 0.87-0.89x as fast
 * (the benchmark notes in the README). So it is each network's choice ({@link ChannelsLastBlock#setChannelsLast}).
 *
 * <p>Results are those of the same functions, rounded differently. Arrays written to files are unaffected:
 * DJL writes an array's elements in (N, C, H, W) order whatever its layout. Off for the whole process with
 * {@code -Dclassicnets.channelsLast=false}; without {@link Libtorch}'s entry points, nothing changes.
 */
public final class ChannelsLast {

    /** {@code -Dclassicnets.channelsLast=false} keeps every array in the default (NCHW) layout. */
    public static final String PROPERTY = "classicnets.channelsLast";

    private ChannelsLast() {}

    /** Whether arrays can be stored channels-last in this process (the property and libtorch allow it). */
    public static boolean available() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "")) && Libtorch.get() != null;
    }

    /**
     * Stores every 4-d floating-point parameter of {@code block} on the CPU channels-last, in place; arrays
     * already so stay as they are. Call it after the parameters exist (after {@code initialize}) and before
     * the first backward pass: a gradient keeps the layout it was created in.
     *
     * @return how many arrays were converted
     */
    public static int apply(Block block) {
        int converted = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.isInitialized() && toChannelsLast(p.getArray())) {
                converted++;
            }
        }
        return converted;
    }

    /** Whether {@code array} is a 4-d PyTorch array stored channels-last without gaps. */
    public static boolean isChannelsLast(NDArray array) {
        Libtorch torch = Libtorch.get();
        return torch != null && array instanceof PtNDArray pt && torch.isChannelsLastContiguous(pt);
    }

    /**
     * Stores {@code array} in the layout of {@code like}: channels-last if {@code like} is, else as it is. For
     * state kept beside a weight (an optimizer's moments), which the fused kernels read side by side with it.
     */
    public static void matchLayout(NDArray array, NDArray like) {
        if (isChannelsLast(like)) {
            toChannelsLast(array);
        }
    }

    /**
     * {@code target.set(data)} that keeps {@code target}'s layout: DJL's {@code set} leaves an array
     * (N, C, H, W)-contiguous, whatever it was.
     */
    public static void set(NDArray target, java.nio.Buffer data) {
        boolean channelsLast = isChannelsLast(target);
        target.set(data);
        if (channelsLast) {
            toChannelsLast(target);
        }
    }

    /**
     * Stores one array channels-last, in place, if it is a 4-d floating-point PyTorch array on the CPU not yet
     * so and the process allows it ({@link #available}).
     *
     * @return whether it converted the array
     */
    public static boolean toChannelsLast(NDArray array) {
        Libtorch torch = available() ? Libtorch.get() : null;
        if (torch == null || !(array instanceof PtNDArray pt) || !Device.cpu().equals(array.getDevice())
                || !array.getDataType().isFloating() || array.getShape().dimension() != 4
                || torch.isChannelsLastContiguous(pt)) {
            return false;
        }
        Shape s = array.getShape(); // (N, C, H, W)
        try (NDManager scratch = array.getManager().newSubManager()) {
            NDArray data = array.stopGradient();
            data.attach(scratch);
            // the elements in NHWC order, contiguous: a permuted array's reshape copies
            NDArray nhwc = data.transpose(0, 2, 3, 1).reshape(s.size()).reshape(s.get(0), s.get(2), s.get(3), s.get(1));
            PtNDArray nchwView = (PtNDArray) nhwc.transpose(0, 3, 1, 2); // (N, C, H, W) again, strides NHWC
            if (!torch.isChannelsLastContiguous(nchwView)) {
                throw new IllegalStateException("could not lay out " + s + " channels-last");
            }
            torch.setData(pt, nchwView);
        }
        return true;
    }
}
