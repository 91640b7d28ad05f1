#!/usr/bin/env python3
"""Converts MediaPipe's FaceMesh and iris landmark models from TFLite to ONNX for tract.

Why our own converter: tf2onnx needs TensorFlow, and tflite2onnx 0.4.1 cannot handle the
float16 weights (DEQUANTIZE) in face_landmark.tflite. Both models use only seven operators, so a
small, exact translation is simpler to review than a general tool:

    CONV_2D, DEPTHWISE_CONV_2D, PRELU, ADD, MAX_POOL_2D, PAD, DEQUANTIZE (+ RESHAPE in iris)

Activations are kept NCHW inside the ONNX graph; the graph input stays NHWC (1xHxWx3, like the
TFLite model) and 4-D outputs are transposed back to NHWC, so callers feed and read exactly what
the TFLite model takes and gives. float16 weights are widened to float32 (exact).

Usage: tflite_to_onnx.py IN.tflite OUT.onnx
Needs the PyPI packages `tflite`, `onnx` and `numpy`.
"""
import sys

import numpy as np
import onnx
import tflite
from onnx import TensorProto, helper, numpy_helper

OPS = {v: k for k, v in tflite.BuiltinOperator.__dict__.items() if not k.startswith("_")}
NP_TYPE = {tflite.TensorType.FLOAT32: np.float32, tflite.TensorType.FLOAT16: np.float16,
           tflite.TensorType.INT32: np.int32, tflite.TensorType.INT64: np.int64}


def tensor_array(model, graph, index):
    """The constant data of a tensor, or None for an activation."""
    t = graph.Tensors(index)
    buf = model.Buffers(t.Buffer())
    if buf is None or buf.DataLength() == 0:
        return None
    data = buf.DataAsNumpy().tobytes()
    return np.frombuffer(data, dtype=NP_TYPE[t.Type()]).reshape(t.ShapeAsNumpy())


def same_pads(in_hw, kernel, stride, dilation=(1, 1)):
    """TFLite SAME padding as explicit ONNX pads [top, left, bottom, right]."""
    pads = []
    for size, k, s, d in zip(in_hw, kernel, stride, dilation):
        eff = (k - 1) * d + 1
        out = -(-size // s)
        total = max((out - 1) * s + eff - size, 0)
        pads.append((total // 2, total - total // 2))
    return [pads[0][0], pads[1][0], pads[0][1], pads[1][1]]


def convert(src, dst):
    buf = open(src, "rb").read()
    model = tflite.Model.GetRootAsModel(buf, 0)
    graph = model.Subgraphs(0)
    nodes, inits = [], []
    const = {}  # tensor index -> numpy constant (float32 after DEQUANTIZE)
    shape = {}  # tensor index -> NHWC shape (as in TFLite)
    for i in range(graph.TensorsLength()):
        shape[i] = list(graph.Tensors(i).ShapeAsNumpy())
        arr = tensor_array(model, graph, i)
        if arr is not None:
            const[i] = arr

    def name(i):
        return f"t{i}"

    def init(arr, label):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), label))
        return label

    def activation(out, fused):
        if fused == tflite.ActivationFunctionType.NONE:
            return out
        if fused == tflite.ActivationFunctionType.RELU:
            nodes.append(helper.make_node("Relu", [out + "_pre"], [out]))
        elif fused == tflite.ActivationFunctionType.RELU6:
            lo, hi = init(np.float32(0), out + "_lo"), init(np.float32(6), out + "_hi")
            nodes.append(helper.make_node("Clip", [out + "_pre", lo, hi], [out]))
        else:
            raise SystemExit(f"fused activation {fused} not supported")
        return out + "_pre"

    inp = graph.Inputs(0)
    in_shape = shape[inp]
    nodes.append(helper.make_node("Transpose", ["input"], [name(inp)], perm=[0, 3, 1, 2]))

    for k in range(graph.OperatorsLength()):
        op = graph.Operators(k)
        code = model.OperatorCodes(op.OpcodeIndex())
        kind = OPS[max(code.BuiltinCode(), code.DeprecatedBuiltinCode())]
        ins = [op.Inputs(j) for j in range(op.InputsLength())]
        out = op.Outputs(0)
        o = name(out)
        opts = op.BuiltinOptions()
        if kind == "DEQUANTIZE":
            const[out] = const[ins[0]].astype(np.float32)
        elif kind in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            dw = kind == "DEPTHWISE_CONV_2D"
            opt = (tflite.DepthwiseConv2DOptions if dw else tflite.Conv2DOptions)()
            opt.Init(opts.Bytes, opts.Pos)
            w = const[ins[1]].astype(np.float32)
            b = const[ins[2]].astype(np.float32) if len(ins) > 2 and ins[2] >= 0 else None
            kh, kw = w.shape[1], w.shape[2]
            in_c = shape[ins[0]][3]
            if dw:  # 1 x KH x KW x (C*mult) -> (C*mult) x 1 x KH x KW
                weights = w.transpose(3, 0, 1, 2)
                group = in_c
            else:  # O x KH x KW x I -> O x I x KH x KW
                weights = w.transpose(0, 3, 1, 2)
                group = 1
            stride = (opt.StrideH(), opt.StrideW())
            dil = (opt.DilationHFactor(), opt.DilationWFactor())
            pads = same_pads(shape[ins[0]][1:3], (kh, kw), stride, dil) \
                if opt.Padding() == tflite.Padding.SAME else [0, 0, 0, 0]
            args = [name(ins[0]), init(weights, o + "_w")]
            if b is not None:
                args.append(init(b, o + "_b"))
            target = activation(o, opt.FusedActivationFunction())
            nodes.append(helper.make_node("Conv", args, [target], kernel_shape=[kh, kw],
                                          strides=list(stride), dilations=list(dil), pads=pads,
                                          group=group))
        elif kind == "PRELU":
            alpha = const[ins[1]].astype(np.float32).reshape(-1)
            slope = init(alpha.reshape(-1, 1, 1), o + "_slope")
            nodes.append(helper.make_node("PRelu", [name(ins[0]), slope], [o]))
        elif kind == "ADD":
            opt = tflite.AddOptions()
            opt.Init(opts.Bytes, opts.Pos)
            target = activation(o, opt.FusedActivationFunction())
            nodes.append(helper.make_node("Add", [name(ins[0]), name(ins[1])], [target]))
        elif kind == "MAX_POOL_2D":
            opt = tflite.Pool2DOptions()
            opt.Init(opts.Bytes, opts.Pos)
            kernel = (opt.FilterHeight(), opt.FilterWidth())
            stride = (opt.StrideH(), opt.StrideW())
            pads = same_pads(shape[ins[0]][1:3], kernel, stride) \
                if opt.Padding() == tflite.Padding.SAME else [0, 0, 0, 0]
            target = activation(o, opt.FusedActivationFunction())
            nodes.append(helper.make_node("MaxPool", [name(ins[0])], [target],
                                          kernel_shape=list(kernel), strides=list(stride),
                                          pads=pads))
        elif kind == "PAD":
            p = const[ins[1]].astype(np.int64)  # NHWC rows of [before, after]
            nchw = p[[0, 3, 1, 2]]
            pads = init(np.concatenate([nchw[:, 0], nchw[:, 1]]), o + "_pads")
            nodes.append(helper.make_node("Pad", [name(ins[0]), pads], [o], mode="constant"))
        elif kind == "RESHAPE":
            nodes.append(helper.make_node("Transpose", [name(ins[0])], [o + "_nhwc"],
                                          perm=[0, 2, 3, 1]))
            target = init(np.array(shape[out], dtype=np.int64), o + "_shape")
            nodes.append(helper.make_node("Reshape", [o + "_nhwc", target], [o]))
            shape[out] = shape[out] + ["flat"]  # marks "not NCHW" for the output step
        else:
            raise SystemExit(f"operator {kind} not supported")

    outputs = []
    for j in range(graph.OutputsLength()):
        idx = graph.Outputs(j)
        label = graph.Tensors(idx).Name().decode()
        s = shape[idx]
        if s[-1] == "flat":
            nodes.append(helper.make_node("Identity", [name(idx)], [label]))
            s = s[:-1]
        else:
            nodes.append(helper.make_node("Transpose", [name(idx)], [label], perm=[0, 2, 3, 1]))
        outputs.append(helper.make_tensor_value_info(label, TensorProto.FLOAT, [int(d) for d in s]))

    g = helper.make_graph(nodes, "mediapipe_" + src.rsplit("/", 1)[-1].split(".")[0],
                          [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                                         [int(d) for d in in_shape])],
                          outputs, inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)],
                          producer_name="skranke scripts/tflite_to_onnx.py")
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    convert(sys.argv[1], sys.argv[2])
