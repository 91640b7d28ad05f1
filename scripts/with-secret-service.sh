#!/usr/bin/env bash
# Runs a command inside a private Secret Service: its own D-Bus session bus and a gnome-keyring
# daemon whose login keyring is created and unlocked with a throwaway password, both in a temporary
# folder that is removed afterwards. Works as root with no display and no user session (CI), and
# never touches the caller's own keyring. Exits with the command's status.
#   scripts/with-secret-service.sh cargo test -p skranke-store --features os-keystore os_key_store -- --ignored
# Needs dbus-daemon, dbus-send and gnome-keyring-daemon (scripts/setup.sh installs them).
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi
for tool in dbus-daemon dbus-send gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-secret-service: $tool is missing (run scripts/setup.sh)" >&2; exit 1; }
done

work=$(mktemp -d)
bus_pid=""
keyring_pid=""
cleanup() {
  # Only the two daemons this script started, by their ids.
  if [ -n "$keyring_pid" ]; then kill "$keyring_pid" 2>/dev/null || true; fi
  if [ -n "$bus_pid" ]; then kill "$bus_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT
trap "exit 143" TERM
mkdir -m 700 "$work/run" "$work/data"

# A session bus of our own: prints its address and process id once it listens.
dbus-daemon --session --fork --nosyslog --print-address=1 --print-pid=1 >"$work/bus"
bus_address=$(sed -n 1p "$work/bus")
bus_pid=$(sed -n 2p "$work/bus")
if [ -z "$bus_address" ] || [ -z "$bus_pid" ]; then
  echo "with-secret-service: dbus-daemon did not start" >&2
  exit 1
fi
export DBUS_SESSION_BUS_ADDRESS="$bus_address"

# The keyring daemon reads the login keyring's password on stdin (--unlock) and keeps its files
# and control socket inside $work.
printf '%s' "skranke-test-$$" |
  XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/data" \
    gnome-keyring-daemon --foreground --unlock --components=secrets >"$work/keyring.log" 2>&1 &
keyring_pid=$!

# Ready once the daemon owns org.freedesktop.secrets on the bus; generous for a loaded machine.
secrets_owned() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"
}
deadline=$((SECONDS + 120))
until secrets_owned; do
  if ! kill -0 "$keyring_pid" 2>/dev/null; then
    echo "with-secret-service: gnome-keyring-daemon exited:" >&2
    cat "$work/keyring.log" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "with-secret-service: org.freedesktop.secrets did not appear within 120 s" >&2
    cat "$work/keyring.log" >&2
    exit 1
  fi
  sleep 0.2
done

status=0
"$@" || status=$?
exit "$status"
