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

    /** Bytes per element. */
    int size() {
        return dataType.getNumOfBytes();
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
