package dev.classicnets.common.io;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The element types a torch state dict can hold, by the names its pickle uses: the typed storage class
 * ({@code torch.FloatStorage}) that {@code _rebuild_tensor_v2} tensors point at, and the dtype names
 * ({@code torch.float32}) that {@code _rebuild_tensor_v3} passes next to an untyped storage.
 */
enum TorchDtype {
    FLOAT32("FloatStorage", DataType.FLOAT32, "float32", "float"),
    FLOAT16("HalfStorage", DataType.FLOAT16, "float16", "half"),
    BFLOAT16("BFloat16Storage", DataType.BFLOAT16, "bfloat16"),
    FLOAT64("DoubleStorage", DataType.FLOAT64, "float64", "double"),
    INT64("LongStorage", DataType.INT64, "int64", "long"),
    INT32("IntStorage", DataType.INT32, "int32", "int"),
    INT16("ShortStorage", DataType.INT16, "int16", "short"),
    INT8("CharStorage", DataType.INT8, "int8"),
    UINT8("ByteStorage", DataType.UINT8, "uint8"),
    BOOL("BoolStorage", DataType.BOOLEAN, "bool");

    /** The storage class names torch knows but this reader does not turn into arrays. */
    static final List<String> UNSUPPORTED_STORAGES = List.of("ComplexFloatStorage", "ComplexDoubleStorage",
            "QInt8Storage", "QUInt8Storage", "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage");

    final String storageClass;
    final DataType dataType;
    final List<String> names;

    TorchDtype(String storageClass, DataType dataType, String... names) {
        this.storageClass = storageClass;
        this.dataType = dataType;
        this.names = Arrays.asList(names);
    }

    /** Bytes per element in the file. */
    int size() {
        return dataType.getNumOfBytes();
    }

    /**
     * The type the array gets: the file's, except bfloat16 and int16, which DJL 0.35.1's PyTorch engine cannot
     * hold (creating one aborts the JVM: its native dtype switch rethrows with no exception), so they are
     * widened without loss to float32 and int32.
     */
    DataType arrayType() {
        return switch (this) {
            case BFLOAT16 -> DataType.FLOAT32;
            case INT16 -> DataType.INT32;
            default -> dataType;
        };
    }

    /** True if the array holds the values in a wider type than the file. */
    boolean widened() {
        return arrayType() != dataType;
    }

    /** The type a safetensors header names {@code code}, e.g. F32 or BF16. */
    static Optional<TorchDtype> ofSafetensors(String code) {
        return Arrays.stream(values()).filter(d -> d.safetensors().equals(code)).findFirst();
    }

    /** This type's safetensors code. */
    String safetensors() {
        return switch (this) {
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case INT16 -> "I16";
            case INT8 -> "I8";
            case UINT8 -> "U8";
            case BOOL -> "BOOL";
        };
    }

    /** The dtype whose typed storage class is {@code name}, e.g. FloatStorage. */
    static Optional<TorchDtype> ofStorage(String name) {
        return Arrays.stream(values()).filter(d -> d.storageClass.equals(name)).findFirst();
    }

    /** The dtype torch names {@code name} (after {@code torch.}), e.g. float32 or half. */
    static Optional<TorchDtype> ofName(String name) {
        return Arrays.stream(values()).filter(d -> d.names.contains(name)).findFirst();
    }

    @Override
    public String toString() {
        return "torch." + names.get(0);
    }
}
