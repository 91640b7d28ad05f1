#!/bin/sh
# Skranke postrm (run by dpkg as root after remove, purge and upgrade).
set -e
# Purge removes only the package's own files. It keeps on purpose:
#   /etc/skranke/config.toml                the configuration IT wrote (not part of the package)
#   ~/.local/share/skranke (each user)      outbox, audit trail and logs: citizen data awaiting upload
#   ~/.config/skranke/keys (each user)      the outbox master key (keystore = "file")
#   /var/lib/skranke-audit-witness          the audit witness's key and ledger (evidence for the
#                                           audit trail) and its account skranke-witness
# Deleting those would lose captures not yet sent and the audit trail; IT removes them by hand.
if [ "$1" = remove ] || [ "$1" = purge ]; then
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
  fi
  if command -v udevadm >/dev/null 2>&1 && [ -S /run/udev/control ]; then
    udevadm control --reload-rules || true
  fi
fi
if [ "$1" = purge ]; then
  echo "skranke: purged; kept /etc/skranke/config.toml (if any), each user's ~/.local/share/skranke and ~/.config/skranke/keys, /var/lib/skranke-audit-witness and the account skranke-witness" >&2
fi
exit 0
