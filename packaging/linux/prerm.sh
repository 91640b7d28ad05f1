#!/bin/sh
# Skranke prerm (run by dpkg as root before remove and upgrade): the audit witness stops on
# remove; on upgrade it keeps running until postinst restarts it with the new binary.
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
  systemctl disable --now skranke-audit-witness.service || true
fi
exit 0
