package dev.ferrite.runtime.reference;

import dev.ferrite.runtime.graph.DType;
import dev.ferrite.runtime.graph.Node;
import java.util.Arrays;

/** Operators that move or select elements without arithmetic, and Constant. */
final class ShapeOps {
    private ShapeOps() {
    }

    static final Op CONSTANT = (node, in, opset) -> {
        if (node.attributes().containsKey("value")) {
            return new NdArray[] {NdArray.of(node.tensorAttr("value").orElseThrow(), "node '" + node.name() + "'")};
        }
        if (node.attributes().containsKey("value_float")) {
            return new NdArray[] {NdArray.floats(new int[0], new float[] {node.floatAttr("value_float", 0)})};
        }
        if (node.attributes().containsKey("value_int")) {
            return new NdArray[] {NdArray.longs(new int[0], new long[] {node.intAttr("value_int", 0)})};
        }
        if (node.attributes().containsKey("value_ints")) {
            long[] v = node.intsAttr("value_ints").orElseThrow();
            return new NdArray[] {NdArray.longs(new int[] {v.length}, v)};
        }
        throw Op.fail(node, "no value attribute the reference executor understands");
    };

    static final Op SHAPE = (node, in, opset) -> {
        int[] s = Op.input(node, in, 0).shape();
        int rank = s.length;
        // start/end arrived in opset 15; clamped like Slice.
        int start = clamp(node.intAttr("start", 0), rank);
        int end = clamp(node.intAttr("end", rank), rank);
        long[] out = new long[Math.max(0, end - start)];
        for (int i = 0; i < out.length; i++) {
            out[i] = s[start + i];
        }
        return new NdArray[] {NdArray.longs(new int[] {out.length}, out)};
    };

    static final Op UNSQUEEZE = (node, in, opset) -> {
        NdArray x = Op.input(node, in, 0);
        // axes: an attribute before opset 13, an input since.
        long[] axes = opset < 13 ? node.intsAttr("axes").orElseThrow(() -> Op.fail(node, "attribute 'axes' is required"))
                : Op.longValues(node, Op.input(node, in, 1), "axes");
        int rank = x.rank() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int axis = Op.axis(node, a, rank);
            if (inserted[axis]) {
                throw Op.fail(node, "axis " + a + " is given twice");
            }
            inserted[axis] = true;
        }
        int[] shape = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            shape[i] = inserted[i] ? 1 : x.dim(j++);
        }
        return new NdArray[] {reshaped(x, shape)};
    };

    static final Op RESHAPE = (node, in, opset) -> {
        NdArray x = Op.input(node, in, 0);
        long[] target = Op.longValues(node, Op.input(node, in, 1), "shape");
        boolean allowZero = node.intAttr("allowzero", 0) != 0;
        int[] shape = new int[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long d = target[i];
            if (d == -1) {
                if (infer >= 0) {
                    throw Op.fail(node, "shape " + Arrays.toString(target) + " has two -1 dimensions");
                }
                infer = i;
                continue;
            }
            if (d == 0 && !allowZero) {
                if (i >= x.rank()) {
                    throw Op.fail(node, "shape " + Arrays.toString(target) + " copies dimension " + i + " of " + x);
                }
                d = x.dim(i);
            }
            if (d < 0) {
                throw Op.fail(node, "shape " + Arrays.toString(target) + " has a negative dimension");
            }
            shape[i] = Math.toIntExact(d);
            known *= d;
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw Op.fail(node, "cannot reshape " + x + " to " + Arrays.toString(target));
            }
            shape[infer] = (int) (x.size() / known);
        }
        if (NdArray.size(shape) != x.size()) {
            throw Op.fail(node, "cannot reshape " + x + " to " + Arrays.toString(target));
        }
        return new NdArray[] {reshaped(x, shape)};
    };

    static final Op CONCAT = (node, in, opset) -> {
        NdArray first = Op.input(node, in, 0);
        int rank = first.rank();
        int axis = Op.axis(node, node.intAttr("axis", Long.MIN_VALUE), rank);
        int[] shape = first.shape();
        shape[axis] = 0;
        for (int k = 0; k < in.length; k++) {
            NdArray a = Op.input(node, in, k);
            if (a.rank() != rank || a.dtype() != first.dtype()) {
                throw Op.fail(node, "cannot concatenate " + first + " and " + a);
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && a.dim(d) != first.dim(d)) {
                    throw Op.fail(node, "cannot concatenate " + first + " and " + a + " along axis " + axis);
                }
            }
            shape[axis] += a.dim(axis);
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        int inner = NdArray.strides(shape)[axis];
        NdArray out = allocate(first.dtype(), shape);
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (NdArray a : in) {
                int chunk = a.dim(axis) * inner;
                copy(a, o * chunk, out, pos, chunk);
                pos += chunk;
            }
        }
        return new NdArray[] {out};
    };

    static final Op SLICE = (node, in, opset) -> {
        NdArray x = Op.input(node, in, 0);
        long[] starts = Op.longValues(node, Op.input(node, in, 1), "starts");
        long[] ends = Op.longValues(node, Op.input(node, in, 2), "ends");
        long[] axes = in.length > 3 && in[3] != null ? Op.longValues(node, in[3], "axes") : null;
        long[] steps = in.length > 4 && in[4] != null ? Op.longValues(node, in[4], "steps") : null;
        int rank = x.rank();
        int[] begin = new int[rank];
        int[] step = new int[rank];
        int[] shape = x.shape();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int axis = Op.axis(node, axes == null ? i : axes[i], rank);
            long s = steps == null ? 1 : steps[i];
            if (s == 0) {
                throw Op.fail(node, "step 0 on axis " + axis);
            }
            long dim = x.dim(axis);
            long b = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            // Clamp as the ONNX spec says: [0, dim] going forward, [-1, dim-1] going backward.
            b = s > 0 ? Math.clamp(b, 0, dim) : Math.clamp(b, 0, dim - 1);
            e = s > 0 ? Math.clamp(e, 0, dim) : Math.clamp(e, -1, dim - 1);
            long count = s > 0 ? Math.max(0, (e - b + s - 1) / s) : Math.max(0, (b - e + (-s) - 1) / (-s));
            begin[axis] = (int) b;
            step[axis] = (int) s;
            shape[axis] = (int) count;
        }
        int[] src = NdArray.strides(x.shape());
        NdArray out = allocate(x.dtype(), shape);
        int n = out.size();
        int[] idx = new int[rank];
        for (int i = 0; i < n; i++) {
            int from = 0;
            for (int d = 0; d < rank; d++) {
                from += (begin[d] + idx[d] * step[d]) * src[d];
            }
            copy(x, from, out, i, 1);
            for (int d = rank - 1; d >= 0 && ++idx[d] == shape[d]; d--) {
                idx[d] = 0;
            }
        }
        return new NdArray[] {out};
    };

    static final Op GATHER = (node, in, opset) -> {
        NdArray data = Op.input(node, in, 0);
        NdArray indices = Op.input(node, in, 1);
        long[] idx = Op.longValues(node, indices, "indices");
        int axis = Op.axis(node, node.intAttr("axis", 0), data.rank());
        int[] ds = data.shape();
        int[] shape = new int[ds.length - 1 + indices.rank()];
        System.arraycopy(ds, 0, shape, 0, axis);
        System.arraycopy(indices.shape(), 0, shape, axis, indices.rank());
        System.arraycopy(ds, axis + 1, shape, axis + indices.rank(), ds.length - axis - 1);
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= ds[d];
        }
        int inner = NdArray.strides(ds)[axis];
        int dim = ds[axis];
        NdArray out = allocate(data.dtype(), shape);
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (long k : idx) {
                if (k < -dim || k >= dim) {
                    throw Op.fail(node, "index " + k + " is out of range for axis " + axis + " of " + data);
                }
                int row = (int) (k < 0 ? k + dim : k);
                copy(data, (o * dim + row) * inner, out, pos, inner);
                pos += inner;
            }
        }
        return new NdArray[] {out};
    };

    static final Op TRANSPOSE = (node, in, opset) -> {
        NdArray x = Op.input(node, in, 0);
        int rank = x.rank();
        long[] perm = node.intsAttr("perm").orElseGet(() -> {
            long[] reverse = new long[rank];
            for (int i = 0; i < rank; i++) {
                reverse[i] = rank - 1 - i;
            }
            return reverse;
        });
        if (perm.length != rank) {
            throw Op.fail(node, "perm " + Arrays.toString(perm) + " does not fit " + x);
        }
        int[] src = NdArray.strides(x.shape());
        int[] shape = new int[rank];
        int[] step = new int[rank];
        for (int i = 0; i < rank; i++) {
            int p = Op.axis(node, perm[i], rank);
            shape[i] = x.dim(p);
            step[i] = src[p];
        }
        NdArray out = allocate(x.dtype(), shape);
        int[] idx = new int[rank];
        int from = 0;
        for (int i = 0; i < out.size(); i++) {
            copy(x, from, out, i, 1);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    from += step[d];
                    break;
                }
                idx[d] = 0;
                from -= step[d] * (shape[d] - 1);
            }
        }
        return new NdArray[] {out};
    };

    private static int clamp(long v, int rank) {
        return Math.clamp(v < 0 ? v + rank : v, 0, rank);
    }

    /** The same elements under another shape (shared: arrays are never written after creation). */
    static NdArray reshaped(NdArray x, int[] shape) {
        return new NdArray(x.dtype(), shape, x.f(), x.l());
    }

    static NdArray allocate(DType dtype, int[] shape) {
        int n = NdArray.size(shape);
        return dtype == DType.FLOAT32 ? NdArray.floats(shape, new float[n]) : NdArray.integers(dtype, shape, new long[n]);
    }

    static void copy(NdArray from, int fromPos, NdArray to, int toPos, int length) {
        if (from.f() != null) {
            System.arraycopy(from.f(), fromPos, to.f(), toPos, length);
        } else {
            System.arraycopy(from.l(), fromPos, to.l(), toPos, length);
        }
    }
}
