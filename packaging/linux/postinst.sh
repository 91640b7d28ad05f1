#!/bin/sh
# Skranke postinst (run by dpkg as root after the files are in place; "$1" is "configure").
set -e
# Applies the signature pad's udev rule to a pad that is already plugged in. Skipped where udev
# does not run (containers, chroots): the rule applies at the next plug-in or boot.
if [ "$1" = configure ] && command -v udevadm >/dev/null 2>&1 && [ -S /run/udev/control ]; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=hidraw --action=change || true
fi
# The audit witness runs under an account of its own, which no clerk can use (no home, no shell).
if [ "$1" = configure ] && ! getent passwd skranke-witness >/dev/null; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    --comment "Skranke audit witness" skranke-witness
fi
# Started now where systemd runs (not in containers or chroots: there IT starts it by hand).
if [ "$1" = configure ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  systemctl enable skranke-audit-witness.service || true
  systemctl restart skranke-audit-witness.service || true
fi
exit 0
