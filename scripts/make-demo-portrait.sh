#!/usr/bin/env bash
# Makes the demo portrait on a plain light wall, assets/demo/portraits/biden-plain.png, from a
# public-domain portrait shipped in a package (demo material only: nothing in the product ever
# alters a citizen's photo). Run once by hand; the result is committed. Not needed at build or
# test time.
# Needs: pip, python3 (a throwaway venv with pillow, numpy and ai-edge-litert is made under /tmp),
# cargo (the still check's own face models measure the landmarks; assets/models as for the tests).
#
# Source: PyPI `face_recognition` 1.3.0 sdist, tests/test_images/biden.jpg (official White House
# photograph, public domain). Model: MediaPipe's selfie segmentation (general, 256x256) from the
# PyPI `mediapipe` 0.10.14 wheel (Apache-2.0), as scripts/prepare-models.sh fetches it. The steps
# are in scripts/make-demo-portrait.py:
#   cutout: crop head and shoulders, level the head (the source tilts it 11 degrees), cut the
#           person out, set them on the replay camera's wall colour;
#   turn:   re-pose the head to frontal (the source turns it 9.3 degrees to the side and tips it
#           4 degrees) along its FaceMesh points, which the example `landmarks-json` of
#           skranke-photo measures with the same models as the still check.
# No package portrait is both frontal and neutral (assets/demo/portraits/PROVENANCE.md has the
# table), hence the re-posing. The still check's verdict on the result is printed at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/assets/demo/portraits"
work="${WORK:-$(mktemp -d /tmp/skranke-demo-portrait.XXXXXX)}"
cd "$work"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "pillow>=10" "numpy>=1.26" ai-edge-litert
pip download -q --no-deps --no-binary :all: -d "$work" face_recognition==1.3.0
tar xzf face_recognition-1.3.0.tar.gz face_recognition-1.3.0/tests/test_images/biden.jpg
pip download -q --no-deps --only-binary :all: --python-version 3.11 --platform manylinux2014_x86_64 \
  -d "$work" mediapipe==0.10.14
whl="$(ls "$work"/mediapipe-0.10.14-*.whl)"
"$work/venv/bin/python" -m zipfile -e "$whl" "$work/mediapipe_whl"
model="$work/mediapipe_whl/mediapipe/modules/selfie_segmentation/selfie_segmentation.tflite"
"$work/venv/bin/python" "$here/scripts/make-demo-portrait.py" cutout \
  "$work/face_recognition-1.3.0/tests/test_images/biden.jpg" "$model" "$work/biden-cutout.png" \
  --crop 170,0,970,1000 --rotate 11 --size 800x1000
(cd "$here" && cargo run -q --release -p skranke-photo --example landmarks-json -- "$work/biden-cutout.png") \
  > "$work/biden-cutout.json"
# Nominal angles: the smooth warp moves the face a little less than the points it follows, so
# these bring the measured yaw from 9.3 to about 0.3 degrees and the pitch from 4.2 to about 1.5.
"$work/venv/bin/python" "$here/scripts/make-demo-portrait.py" turn \
  "$work/biden-cutout.png" "$work/biden-cutout.json" "$out/biden-plain.png" --yaw -12 --pitch -4
sha256sum "$out/biden-plain.png"
(cd "$here" && cargo run -q --release -p skranke-photo --bin skranke-photo-bench -- "$out/biden-plain.png")
