#!/usr/bin/env bash
# Makes the demo portrait on a plain light wall, assets/demo/portraits/biden-plain.png, from a
# public-domain portrait shipped in a package (demo material only: nothing in the product ever
# alters a citizen's photo). Run once by hand; the result is committed. Not needed at build or
# test time.
# Needs: pip, python3 (a throwaway venv with pillow, numpy and ai-edge-litert is made under /tmp).
#
# Source: PyPI `face_recognition` 1.3.0 sdist, tests/test_images/biden.jpg (official White House
# photograph, public domain). Model: MediaPipe's selfie segmentation (general, 256x256) from the
# PyPI `mediapipe` 0.10.14 wheel (Apache-2.0), as scripts/prepare-models.sh fetches it. The steps
# are in scripts/make-demo-portrait.py: crop head and shoulders, level the head (the source tilts
# it 11 degrees), cut the person out, set them on the replay camera's wall colour.
#
# Every candidate from the packages was measured with the still check (assets/demo/portraits/
# PROVENANCE.md has the table); none is both frontal and neutral, so this one still fails `yaw`.
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
"$work/venv/bin/python" "$here/scripts/make-demo-portrait.py" \
  "$work/face_recognition-1.3.0/tests/test_images/biden.jpg" "$model" "$out/biden-plain.png" \
  --crop 170,0,970,1000 --rotate 11 --size 800x1000
sha256sum "$out/biden-plain.png"
