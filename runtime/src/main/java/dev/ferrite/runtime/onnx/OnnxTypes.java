package dev.ferrite.runtime.onnx;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Dim;
import dev.ferrite.runtime.graph.Shape;
import dev.ferrite.runtime.graph.TensorType;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TensorShapeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.TypeProto;
import dev.ferrite.runtime.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** ONNX element type codes and declared value types, mapped onto the graph IR. */
final class OnnxTypes {
    private OnnxTypes() {
    }

    /** The {@link DType} of ONNX {@code TensorProto.DataType} code {@code code}. */
    static DType dtype(int code, String what) {
        TensorProto.DataType type = TensorProto.DataType.forNumber(code);
        if (type == null) {
            throw new ModelException(what + " has unknown element type code " + code);
        }
        return switch (type) {
            case FLOAT -> DType.FLOAT32;
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case DOUBLE -> DType.DOUBLE;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case INT16 -> DType.INT16;
            case UINT16 -> DType.UINT16;
            case INT32 -> DType.INT32;
            case UINT32 -> DType.UINT32;
            case INT64 -> DType.INT64;
            case UINT64 -> DType.UINT64;
            case BOOL -> DType.BOOL;
            case UNDEFINED -> throw new ModelException(what + " has no element type (UNDEFINED)");
            default -> throw new ModelException(what + " has element type " + type + ", which Ferrite does not support");
        };
    }

    /** The declared type of a graph input or output; only tensors are accepted. */
    static TensorType valueType(ValueInfoProto info, String what) {
        if (!info.hasType() || info.getType().getValueCase() != TypeProto.ValueCase.TENSOR_TYPE) {
            String kind = info.hasType() ? info.getType().getValueCase().toString().toLowerCase(java.util.Locale.ROOT) : "no type";
            throw new ModelException(what + " should be a tensor but is " + kind);
        }
        TypeProto.Tensor t = info.getType().getTensorType();
        DType dtype = dtype(t.getElemType(), what);
        if (!t.hasShape()) {
            return new TensorType(dtype, Optional.empty());
        }
        List<Dim> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : t.getShape().getDimList()) {
            dims.add(switch (d.getValueCase()) {
                case DIM_VALUE -> {
                    if (d.getDimValue() < 0) {
                        throw new ModelException(what + " has a negative dimension " + d.getDimValue());
                    }
                    yield new Dim.Fixed(d.getDimValue());
                }
                case DIM_PARAM -> new Dim.Dynamic(d.getDimParam());
                case VALUE_NOT_SET -> new Dim.Dynamic("");
            });
        }
        return new TensorType(dtype, Optional.of(new Shape(dims)));
    }
}
