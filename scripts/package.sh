#!/usr/bin/env bash
# Builds the Linux .deb with the Tauri bundler (npm @tauri-apps/cli, the tauri crate's version):
# /usr/bin/skranke, the face models in /usr/lib/Skranke/models, /etc/skranke/config.example.toml,
# the signature pad's udev rule, the desktop entry, and the audit witness (/usr/sbin/skranke-audit-witness
# with its systemd unit; built here from crates/skranke-witness into packaging/linux/build/)
# (packaging/linux/, src-tauri/tauri.conf.json bundle.linux.deb). Prints the package's path and size on its last line.
#
#   bash scripts/package.sh            the release package (cargo's release profile)
#   bash scripts/package.sh --debug    the debug build (`tauri build --debug`), for CI's package
#                                      smoke test (scripts/test.sh, after the end-to-end test: it
#                                      replaces the test build's target/debug/skranke)
#   bash scripts/package.sh --debug --reuse-binary
#                                      packages target/debug/skranke as it is, without building (a
#                                      few seconds: for work on the packaging itself). After
#                                      `cargo test` that binary has the test build's features (it
#                                      takes replayed pictures with SKRANKE_TEST_CAMERA=replay):
#                                      never give such a package to anyone
#
# Needs what scripts/setup.sh installs (Rust, ui/node_modules). The UI is built first when
# ui/dist is missing or older than ui/src.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

profile=release
reuse=no
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug ;;
    --reuse-binary) reuse=yes ;;
    *) echo "usage: bash scripts/package.sh [--debug [--reuse-binary]]" >&2; exit 2 ;;
  esac
done
if [ "$reuse" = yes ] && [ "$profile" != debug ]; then
  echo "package: --reuse-binary packages the debug binary; add --debug" >&2
  exit 2
fi

tauri="$PWD/ui/node_modules/.bin/tauri"
if [ ! -x "$tauri" ]; then
  echo "package: installing the UI's npm packages (the Tauri CLI)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html -newer ui/dist/index.html -print -quit)" ]; then
  echo "package: building the UI"
  (cd ui && npm run build --silent)
fi

target="${CARGO_TARGET_DIR:-$PWD/target}"
out="$target/$profile/bundle/deb"
echo "package: building the audit witness"
witness_flags=(-p skranke-witness --bin skranke-audit-witness --locked)
[ "$profile" = release ] && witness_flags+=(--release)
cargo build "${witness_flags[@]}"
mkdir -p packaging/linux/build
install -m 0755 "$target/$profile/skranke-audit-witness" packaging/linux/build/skranke-audit-witness
rm -f "$out"/*.deb
# --ci: no prompts. --no-sign: nothing to sign in a .deb. --no-binary-patching: the bundle-type
# marker only serves Tauri's updater, which Skranke does not use, and patching would rewrite the
# shared target/debug/skranke in place.
flags=(--bundles deb --ci --no-sign --no-binary-patching)
[ "$profile" = debug ] && flags+=(--debug)
if [ "$reuse" = yes ]; then
  [ -x "$target/debug/skranke" ] || { echo "package: no $target/debug/skranke to package" >&2; exit 1; }
  (cd src-tauri && "$tauri" bundle "${flags[@]}")
else
  (cd src-tauri && "$tauri" build "${flags[@]}")
fi

debs=("$out"/*.deb)
if [ "${#debs[@]}" -ne 1 ] || [ ! -f "${debs[0]}" ]; then
  echo "package: expected one .deb in $out, found: ${debs[*]}" >&2
  exit 1
fi
deb="${debs[0]}"
echo "package: $deb ($(du -h "$deb" | cut -f1), $(stat -c %s "$deb") bytes) in $(( $(date +%s) - start )) s"
