package dev.classicnets.common.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch entry points DJL does not expose, called through JNA by their exported C++ symbols: the fused
 * optimizer kernels ({@code optim.FusedKernels}), the memory-format calls of {@link ChannelsLast}, and
 * {@code as_strided} for {@link TransposedConvolution}.
 *
 * <p>On x86-64 Linux an {@code at::Tensor} is one pointer (to its {@code TensorImpl}): a DJL handle points
 * to one, so a handle is a {@code const at::Tensor&}. A function that returns an {@code at::Tensor} (not
 * trivially copyable) constructs it at an address the caller passes first. A mangled name spells the full
 * signature, so a libtorch whose functions changed has no such symbol and {@link #get()} returns null (callers
 * fall back to DJL's operations). A C++ exception cannot cross JNA (it would abort the JVM): callers check in
 * Java everything the function would check before calling it.
 */
public final class Libtorch {

    private static final Logger LOG = LoggerFactory.getLogger(Libtorch.class);
    /** {@code c10::MemoryFormat::ChannelsLast}, an {@code int8_t} enum. */
    private static final byte CHANNELS_LAST = 2;

    private static Libtorch instance;
    private static boolean loaded;

    private final NativeLibrary torch;
    private final MethodHandle isContiguous;
    private final Function isContiguousCustom;
    private final Function setData;
    /** {@code at::_ops::as_strided::call} and libstdc++'s {@code operator new}, or null where either is missing. */
    private final Function asStrided;
    private final Function operatorNew;

    private Libtorch(NativeLibrary torch, NativeLibrary c10, MethodHandle isContiguous) {
        this.torch = torch;
        this.isContiguous = isContiguous;
        this.isContiguousCustom = c10.getFunction("_ZNK3c1010TensorImpl20is_contiguous_customENS_12MemoryFormatE");
        this.setData = torch.getFunction("_ZN2at4_ops8set_data4callERNS_6TensorERKS2_");
        Function strided = null;
        Function allocate = null;
        try {
            strided = torch.getFunction("_ZN2at4_ops10as_strided4callERKNS_6TensorEN3c108ArrayRefINS5_6SymIntEEES8_"
                    + "St8optionalIS7_E");
            allocate = NativeLibrary.getInstance("libstdc++.so.6").getFunction("_Znwm");
        } catch (UnsatisfiedLinkError e) {
            LOG.debug("as_strided not available: {}", e.toString());
        }
        this.asStrided = allocate == null ? null : strided;
        this.operatorNew = allocate;
    }

    /** The entry points, or null where they cannot be called (the reason is logged once, at debug level). */
    public static synchronized Libtorch get() {
        if (!loaded) {
            loaded = true;
            try {
                instance = load();
            } catch (UnsatisfiedLinkError | ReflectiveOperationException | RuntimeException e) {
                LOG.debug("libtorch's C++ entry points not available: {}", e.toString());
            }
        }
        return instance;
    }

    private static Libtorch load() throws ReflectiveOperationException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("the calling convention is only known here for x86-64 Linux, not "
                    + os + " " + arch);
        }
        Engine.getEngine("PyTorch"); // loads libtorch if no PyTorch array has yet; throws without the engine
        Path dir = Path.of(LibUtils.getLibtorchPath());
        Path libs = Files.exists(dir.resolve("libtorch_cpu.so")) ? dir : dir.resolve("lib");
        // DJL's own JNI check, not public: PyTorchLibrary.LIB.torchIsContiguous(handle)
        Class<?> jni = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
        Field libField = jni.getDeclaredField("LIB");
        libField.setAccessible(true);
        java.lang.reflect.Method method = jni.getDeclaredMethod("torchIsContiguous", long.class);
        method.setAccessible(true);
        MethodHandle contiguous = MethodHandles.lookup().unreflect(method).bindTo(libField.get(null))
                .asType(MethodType.methodType(boolean.class, long.class));
        // already loaded by DJL: these open the same libraries again
        return new Libtorch(NativeLibrary.getInstance(libs.resolve("libtorch_cpu.so").toString()),
                NativeLibrary.getInstance(libs.resolve("libc10.so").toString()), contiguous);
    }

    /** A function of {@code libtorch_cpu} by its mangled name; throws {@link UnsatisfiedLinkError} if absent. */
    public Function function(String mangledName) {
        return torch.getFunction(mangledName);
    }

    /** {@code a.is_contiguous()}: its memory holds the elements in row-major (NCHW) order, without gaps. */
    public boolean isContiguous(PtNDArray a) {
        try {
            return (boolean) isContiguous.invokeExact((long) a.getHandle());
        } catch (Throwable e) {
            throw new IllegalStateException("DJL's contiguity check failed", e);
        }
    }

    /** {@code a.is_contiguous(at::MemoryFormat::ChannelsLast)}: a 4-d array stored NHWC, without gaps. */
    public boolean isChannelsLastContiguous(PtNDArray a) {
        if (a.getShape().dimension() != 4) {
            return false;
        }
        // a C++ bool comes back in the low byte only
        byte result = (byte) isContiguousCustom.invoke(Byte.class, new Object[] {new Pointer(impl(a)), CHANNELS_LAST});
        return result != 0;
    }

    /**
     * {@code target.set_data(source)}: {@code target} keeps its identity (its DJL handle, its autograd leaf,
     * {@code requires_grad}) and takes {@code source}'s storage, sizes and strides. Both must be of one dtype
     * and device.
     */
    public void setData(PtNDArray target, PtNDArray source) {
        if (target.getDataType() != source.getDataType() || !target.getDevice().equals(source.getDevice())) {
            throw new IllegalArgumentException("set_data needs one dtype and device, got " + target.getDataType()
                    + " on " + target.getDevice() + " and " + source.getDataType() + " on " + source.getDevice());
        }
        setData.invoke(Void.class, new Object[] {new Pointer(target.getHandle()), new Pointer(source.getHandle())});
    }

    /** Whether {@link #asStrided} can be called (callers check first, and otherwise use DJL's operations). */
    public boolean hasAsStrided() {
        return asStrided != null;
    }

    /**
     * {@code a.as_strided(sizes, strides)}, differentiable (libtorch's autograd records it): the elements of
     * {@code a} at offsets {@code sum(index[d] * strides[d])} from its first, as a view of the same memory.
     * {@code a} must be dense (row-major or channels-last, without gaps) and every offset inside it: checked
     * here, as a C++ exception would abort the JVM.
     *
     * @return a new array in {@code a}'s manager
     * @throws IllegalStateException if libtorch has no such entry point ({@link #hasAsStrided})
     */
    public PtNDArray asStrided(PtNDArray a, long[] sizes, long[] strides) {
        if (asStrided == null) {
            throw new IllegalStateException("libtorch's as_strided is not available here");
        }
        boolean dense = isContiguous(a) || isChannelsLastContiguous(a);
        long last = 0;
        boolean positive = sizes.length == strides.length;
        for (int d = 0; positive && d < sizes.length; d++) {
            positive = sizes[d] >= 1 && strides[d] >= 0;
            last += (sizes[d] - 1) * strides[d];
        }
        if (!positive || !dense || last >= a.size()) {
            throw new IllegalArgumentException("as_strided needs positive sizes, non-negative strides and offsets "
                    + "inside a dense array, got sizes " + Arrays.toString(sizes) + ", strides "
                    + Arrays.toString(strides) + " on " + a.getShape() + (dense ? "" : " (not dense)"));
        }
        // one block: the sizes, the strides, then std::optional<c10::SymInt> (value, engaged), passed by
        // reference: not engaged, a's own storage offset
        int n = sizes.length;
        Memory args = new Memory(8L * (2 * n + 2));
        args.write(0, sizes, 0, n);
        args.write(8L * n, strides, 0, n);
        args.setLong(16L * n, 0);
        args.setLong(16L * n + 8, 0);
        // the result is constructed in place (returned through a hidden pointer) in memory from operator new,
        // so DJL's handle deletion (delete tensor) frees it as it frees its own
        Pointer result = (Pointer) operatorNew.invoke(Pointer.class, new Object[] {8L});
        asStrided.invoke(Pointer.class, new Object[] {result, new Pointer(a.getHandle()), args, (long) n,
            args.share(8L * n), (long) n, args.share(16L * n)});
        return new PtNDArray((PtNDManager) a.getManager(), Pointer.nativeValue(result));
    }

    /** The address of the {@code TensorImpl} a DJL handle's {@code at::Tensor} points to (the tensor's value). */
    public static long impl(PtNDArray a) {
        return new Pointer(a.getHandle()).getLong(0);
    }
}
