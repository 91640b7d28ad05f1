#!/usr/bin/env bash
# Installs everything Skranke needs on a fresh Debian 12 machine (run as root, or with sudo available):
# Debian build and test packages, the UI's and the end-to-end tests' npm packages, and tauri-driver.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  build-essential pkg-config curl ca-certificates
  libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev
  libclang-dev libudev-dev libv4l-dev nasm
  webkit2gtk-driver xvfb xauth libxml2-utils openssl jq
  dbus-daemon dbus-bin dbus-session-bus-common libdbus-1-dev gnome-keyring
)
# Node.js from Debian only when no node is on the PATH (the machines here ship Node 20).
command -v node >/dev/null || APT_PACKAGES+=(nodejs npm)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "setup: cargo (Rust) is required: https://rustup.rs" >&2; exit 1; }

if ! command -v tauri-driver >/dev/null; then
  echo "setup: installing tauri-driver (about 70 s)"
  cargo install tauri-driver --locked --quiet
fi

echo "setup: npm packages"
(cd ui && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
(cd tools/oidc-test-provider && npm ci --no-audit --no-fund --loglevel=error)

echo "setup: building the UI"
(cd ui && npm run build --silent)
