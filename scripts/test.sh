#!/usr/bin/env bash
# Sets everything up and runs every test: first the gates (rustfmt, clippy with warnings as errors,
# the UI's type check), then Rust unit and integration tests, UI unit tests (Vitest), and the
# end-to-end test that drives the real app window under Xvfb through tauri-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# Prints how long the run has taken so far, so a slow phase shows in the CI log.
elapsed() { echo "   ($(( $(date +%s) - start )) s so far)"; }
bash scripts/setup.sh
target="${CARGO_TARGET_DIR:-$PWD/target}"

elapsed
echo "== Gates: rustfmt, svelte-check, clippy"
cargo fmt --all --check
(cd ui && npm run check --silent)
# Clippy as the compiler of the workspace's own crates (what `cargo clippy` does, with -D warnings):
# the lints run while the test build compiles, so clippy costs no second build of the dependencies
# (`cargo clippy` would check every dependency again in its own mode). Every lint is an error, and
# the build, hence the run, stops before any test. Bench targets are linted in the dev profile.
export RUSTC_WORKSPACE_WRAPPER=clippy-driver
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
cargo test --workspace --locked --no-run
cargo build --workspace --benches --profile dev --locked

elapsed
echo "== Rust tests"
cargo test --workspace --locked
scripts/with-secret-service.sh cargo test -p skranke-store --locked --features os-keystore os_key_store -- --ignored

elapsed
echo "== UI tests"
(cd ui && npx vitest run)

elapsed
echo "== End-to-end test (real app under Xvfb)"
# `cargo test --workspace` built the app binary for src-tauri's integration tests; use exactly that
# one (a separate `cargo build -p skranke` would resolve features differently and rebuild).
export SKRANKE_APP="$target/debug/skranke"
# (The cargo-test build has the test-camera feature the production e2e needs; see ARCHITECTURE.)
[ -x "$SKRANKE_APP" ] || cargo test -p skranke --no-run --locked
# A hung run (a browser session that never ends) fails after 10 minutes instead of holding CI.
if [ -n "${DISPLAY:-}" ]; then
  (cd tests/e2e && timeout 600 npm test --silent)
else
  # No display (CI): a private Xvfb on a free display number.
  (cd tests/e2e && timeout 600 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" npm test --silent)
fi

elapsed
echo "== Linux package: build the .deb, install, upgrade and purge it (scripts/package-smoke.sh)"
# Last, after the end-to-end test: `tauri build --debug` rebuilds the app's crates without the test
# build's features (test-camera, test-provider; ~40 s here with warm caches) and replaces the
# target/debug/skranke the e2e test drove. The package is what IT would get, in the debug profile.
bash scripts/package.sh --debug
debs=("$target"/debug/bundle/deb/*.deb)
if [ "$(id -u)" = 0 ]; then bash scripts/package-smoke.sh "${debs[0]}"; else sudo bash scripts/package-smoke.sh "${debs[0]}"; fi

echo "test.sh: all tests passed in $(( $(date +%s) - start )) s"
