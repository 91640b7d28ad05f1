#!/usr/bin/env bash
# Sets everything up and opens Skranke in demo mode (embedded simulators, replayed camera and pad).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SKRANKE_DATA_DIR="${SKRANKE_DATA_DIR:-$HOME/.local/share/skranke-demo}"
cargo build -p skranke
exec "${CARGO_TARGET_DIR:-target}/debug/skranke" "$@"
