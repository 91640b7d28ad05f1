#!/bin/sh
# Skranke postinst (run by dpkg as root after the files are in place; "$1" is "configure").
set -e
# Applies the signature pad's udev rule to a pad that is already plugged in. Skipped where udev
# does not run (containers, chroots): the rule applies at the next plug-in or boot.
if [ "$1" = configure ] && command -v udevadm >/dev/null 2>&1 && [ -S /run/udev/control ]; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=hidraw --action=change || true
fi
exit 0
