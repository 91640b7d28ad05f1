#!/usr/bin/env bash
# Makes the test scans of paper stamkort and their truth.json (crates/skranke-scan-samples) in DIR
# (default /tmp/skranke-scan-samples); extra arguments go to make-scan-samples (--count, --seed, ...).
# Usage: scripts/make-scan-samples.sh [DIR] [--count N] [--seed S]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/skranke-scan-samples}"
shift || true
exec cargo run --release -p skranke-scan-samples --bin make-scan-samples -- --out "$out" "$@"
