#!/usr/bin/env bash
# What can be checked of the Windows build on Linux (not part of CI: it fetches Rust's standard
# library for Windows with rustup, which CI's registries do not offer):
#   1. `cargo clippy`-strict type check of every crate for x86_64-pc-windows-gnu (every
#      #[cfg(windows)] path: Credential Manager, ACLs, WebView2's ProcessFailed, the witness's
#      named pipe and service);
#   2. the audit witness's unit tests built for Windows and run under Wine (the ledger, the named
#      pipe's exchange, the refusal of a second server and of a pipe owned by an ordinary account).
# Needs root for apt (mingw-w64 for the C parts of some crates, Wine). Wine 8 lacks
# bcryptprimitives.dll (Rust's random numbers): a three-line stand-in is built with mingw into
# the throw-away Wine prefix. Nothing here runs the installers, the service control manager or a
# real Windows account (docs/windows.md).
#
#   bash scripts/check-windows.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
rustup target add "$target" >/dev/null
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
[ -x /usr/lib/wine/wine64 ] || need+=(wine64)
if [ "${#need[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
export CARGO_TARGET_DIR="${WINDOWS_TARGET_DIR:-$PWD/target-windows}"
export RUSTC_WORKSPACE_WRAPPER=clippy-driver
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

echo "check-windows: type check and clippy of every crate's library and programs for $target"
# (The binary tests in src-tauri/tests drive the app through Unix tools and sockets: Linux only.)
cargo check --target "$target" --workspace --lib --bins --locked
cargo check --target "$target" -p skranke-witness --tests --locked

echo "check-windows: the audit witness's tests under Wine"
export WINEPREFIX="$CARGO_TARGET_DIR/wine" WINEDEBUG=-all
mkdir -p "$WINEPREFIX"
if [ ! -f "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ]; then
  /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || true
  shim="$(mktemp -d)"
  cat >"$shim/bcp.c" <<'C'
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) { ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) return FALSE; data += n; len -= n; }
    return TRUE;
}
C
  printf 'LIBRARY bcryptprimitives\nEXPORTS\nProcessPrng\n' >"$shim/bcp.def"
  x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    "$shim/bcp.c" "$shim/bcp.def" -ladvapi32
  rm -rf "$shim"
fi
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=/usr/lib/wine/wine64 \
  cargo test --target "$target" -p skranke-witness --lib --locked
/usr/lib/wine/wineserver -k 2>/dev/null || true
echo "check-windows: passed"
