#!/usr/bin/env bash
# Soak test of the end-to-end suite (tests/e2e): runs it N times (default 10) to show it does not
# flake. Each run is a fresh `npm test` process, so a fresh temp data directory and a freshly
# started app (the suite makes both), under its own `xvfb-run -a` when there is no DISPLAY, and
# bounded by `timeout 600`. Each run's output is kept in a log file under a temp folder; the logs
# of failed runs are named at the end, followed by exactly one line "N passed, M failed". Exits
# non-zero when a run failed.
#
# Usage: scripts/e2e-soak.sh [N]
# The app is $SKRANKE_APP when set, else target/debug/skranke (built with
# `cargo test -p skranke --no-run --locked` when missing: the test build, see ARCHITECTURE). Needs what scripts/setup.sh installs
# (tauri-driver, WebKitWebDriver, Xvfb, the npm packages in tests/e2e).
set -euo pipefail

runs="${1:-10}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "e2e-soak: N must be a positive number, not '$runs'" >&2
  exit 2
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
if [ -n "${SKRANKE_APP:-}" ]; then
  app="$SKRANKE_APP"
else
  app="$target/debug/skranke"
  if [ ! -x "$app" ]; then
    echo "e2e-soak: building $app"
    (cd "$repo" && cargo test -p skranke --no-run --locked)
  fi
fi
case "$app" in /*) ;; *) app="$PWD/$app" ;; esac
if [ ! -x "$app" ]; then
  echo "e2e-soak: the app $app does not exist or is not executable" >&2
  exit 2
fi
export SKRANKE_APP="$app"

logs="$(mktemp -d "${TMPDIR:-/tmp}/skranke-e2e-soak.XXXXXX")"
echo "e2e-soak: $runs runs of tests/e2e against $app; logs in $logs"

passed=0
failed=0
failed_logs=()
for i in $(seq 1 "$runs"); do
  log="$logs/run-$i.log"
  started=$(date +%s)
  rc=0
  if [ -n "${DISPLAY:-}" ]; then
    (cd "$repo/tests/e2e" && timeout 600 npm test --silent) >"$log" 2>&1 || rc=$?
  else
    (cd "$repo/tests/e2e" && timeout 600 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" npm test --silent) >"$log" 2>&1 || rc=$?
  fi
  took=$(( $(date +%s) - started ))
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    echo "e2e-soak: run $i/$runs passed in ${took} s"
  else
    failed=$((failed + 1))
    failed_logs+=("$log")
    why="exit $rc"
    [ "$rc" -eq 124 ] && why="timed out after 600 s"
    echo "e2e-soak: run $i/$runs FAILED ($why) in ${took} s: $log"
  fi
done

for log in ${failed_logs[@]+"${failed_logs[@]}"}; do
  echo "e2e-soak: failed run log: $log"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
