#!/usr/bin/env bash
# Smoke test of the Linux package on this machine, as root (CI: a throw-away Debian; scripts/test.sh
# calls it after scripts/package.sh). Installs the .deb with apt-get, checks what it installed (the
# binary, the face models it finds under /usr/lib/Skranke, the example configuration, the udev rule,
# the desktop entry), `skranke --version`, `config check` and `diagnose --json` with and without
# /etc/skranke/config.toml, creates an outbox and its key, upgrades the package over itself with a
# higher version, checks the outbox, key and configuration survived, purges it and checks that no
# file of the package is left. The machine is left as found, also on failure (trap).
#
#   bash scripts/package-smoke.sh [PATH.deb]   (default: the one .deb under target/debug/bundle/deb)
#
# Skranke runs with HOME in a temporary folder (its per-user data and key land there, not in
# root's home) and without network: the configuration's services point at 127.0.0.1:9.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
start=$(date +%s)

say() { echo "smoke: $*"; }
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (it installs and purges the package)"
for tool in jq openssl unshare dpkg-deb apt-get sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool is required"
done
if [ $# -ge 1 ]; then
  deb="$(realpath "$1")"
else
  debs=("${CARGO_TARGET_DIR:-$repo/target}"/debug/bundle/deb/*.deb)
  [ "${#debs[@]}" -eq 1 ] || fail "expected one .deb in target/debug/bundle/deb; name it"
  deb="${debs[0]}"
fi
[ -f "$deb" ] || fail "no package at $deb"
pkg="$(dpkg-deb -f "$deb" Package)"
version="$(dpkg-deb -f "$deb" Version)"
[ "$pkg" = skranke ] || fail "package name is '$pkg', expected skranke"

# Leave the machine as found: refuse to run over an installed Skranke or an existing /etc/skranke.
if dpkg-query -W -f='${Status}' skranke 2>/dev/null | grep -q " installed"; then
  fail "skranke is installed on this machine already; the smoke test would purge it"
fi
[ ! -e /etc/skranke ] || fail "/etc/skranke exists already; the smoke test would change it"
! getent passwd skranke-witness >/dev/null || fail "the account skranke-witness exists already; the smoke test would remove it"
[ ! -e /var/lib/skranke-audit-witness ] || fail "/var/lib/skranke-audit-witness exists already; the smoke test would remove it"

work="$(mktemp -d /tmp/skranke-package-smoke.XXXXXX)"
home="$work/home"
mkdir -p "$home"
witness_pid=""
cleanup() {
  local rc=$?
  if [ -n "$witness_pid" ]; then kill "$witness_pid" 2>/dev/null || true; wait "$witness_pid" 2>/dev/null || true; fi
  if dpkg-query -W -f='${Status}' skranke 2>/dev/null | grep -q "installed\|unpacked\|config-files"; then
    dpkg --purge skranke >/dev/null 2>&1 || echo "smoke: could not purge skranke" >&2
  fi
  rm -f /etc/skranke/config.toml
  rmdir /etc/skranke 2>/dev/null || true
  rm -rf /var/lib/skranke-audit-witness /run/skranke-audit-witness
  if getent passwd skranke-witness >/dev/null; then userdel skranke-witness 2>/dev/null || echo "smoke: could not remove skranke-witness" >&2; fi
  rm -rf "$work"
  [ $rc = 0 ] || echo "smoke: failed after $(( $(date +%s) - start )) s; the machine is left as found" >&2
}
trap cleanup EXIT
cd "$work"

# Skranke as the installed program, in the temporary home, without inherited settings; every call
# bounded so that a hang fails instead of holding CI.
sk() {
  timeout 180 env -u SKRANKE_CONFIG -u SKRANKE_DATA_DIR -u SKRANKE_MODELS_DIR -u SKRANKE_TEST_CAMERA \
    -u XDG_DATA_HOME -u XDG_CONFIG_HOME HOME="$home" /usr/bin/skranke "$@"
}
# Runs skranke with --json, accepting only the given exit codes; prints its JSON (checked to parse).
sk_json() {
  local allowed="$1" rc=0 out
  shift
  out="$(sk "$@")" || rc=$?
  [[ " $allowed " == *" $rc "* ]] || fail "skranke $* exited $rc (allowed: $allowed): $out"
  jq -e . >/dev/null <<<"$out" || fail "skranke $* did not print JSON: $out"
  printf '%s' "$out"
}
same() { [ "$(sha256sum <"$1")" = "$2" ] || fail "$1 changed"; }

say "installing $deb ($version, $(du -h "$deb" | cut -f1))"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get install"; }
dpkg-query -L skranke | sort >"$work/files"

say "installed files"
for f in /usr/bin/skranke /usr/lib/Skranke/models/blazeface_front_128.onnx /usr/lib/Skranke/models/facemesh_192.onnx \
  /usr/lib/Skranke/models/iris_64.onnx /etc/skranke/config.example.toml \
  /usr/lib/udev/rules.d/60-skranke-signature-pad.rules /usr/share/applications/Skranke.desktop \
  /usr/sbin/skranke-audit-witness /usr/lib/systemd/system/skranke-audit-witness.service; do
  grep -qx "$f" "$work/files" || fail "$f is not in the package"
  [ -f "$f" ] || fail "$f is not installed"
done
[ ! -e /etc/skranke/config.toml ] || fail "the package must not install config.toml (a fresh install runs in demo mode)"
desktop=/usr/share/applications/Skranke.desktop
for line in "Name=Skranke" "Exec=skranke" "Icon=skranke" "Type=Application" "Categories=Office;"; do
  grep -qx "$line" "$desktop" || fail "$desktop lacks '$line'"
done
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop" || fail "desktop-file-validate"; fi
grep -q 'ATTRS{idVendor}=="056a"' /usr/lib/udev/rules.d/60-skranke-signature-pad.rules || fail "udev rule lacks the Wacom vendor id"

say "the audit witness: its own account, no shell, and a unit that runs it as that account"
getent passwd skranke-witness | grep -q ':/usr/sbin/nologin$' || fail "skranke-witness is not a no-login account: $(getent passwd skranke-witness)"
unit=/usr/lib/systemd/system/skranke-audit-witness.service
grep -qx "User=skranke-witness" "$unit" || fail "$unit does not run as skranke-witness"
grep -qx "StateDirectoryMode=0700" "$unit" || fail "$unit does not keep its state folder to itself"
[ "$(/usr/sbin/skranke-audit-witness --version)" = "skranke-audit-witness ${version%%[+~-]*}" ] || fail "skranke-audit-witness --version"
if command -v systemd-analyze >/dev/null && [ -d /run/systemd/system ]; then systemd-analyze verify "$unit" || fail "systemd-analyze verify"; fi
# No systemd here (CI's container): start it as the unit does, with the folders systemd would make.
install -d -o skranke-witness -g skranke-witness -m 0700 /var/lib/skranke-audit-witness
install -d -o skranke-witness -g skranke-witness -m 0755 /run/skranke-audit-witness
read -r -a exec_start <<<"$(sed -n 's/^ExecStart=//p' "$unit")"
runuser -u skranke-witness -- "${exec_start[@]}" 2>"$work/witness.log" &
witness_pid=$!
for _ in $(seq 100); do [ -S /run/skranke-audit-witness/socket ] && break; sleep 0.1; done
[ -S /run/skranke-audit-witness/socket ] || { cat "$work/witness.log" >&2; fail "the witness did not open its socket"; }
w="$(runuser -u nobody -- /usr/sbin/skranke-audit-witness status)" || fail "another account cannot reach the witness"
jq -e '.head == null' >/dev/null <<<"$w" || fail "a new witness has recorded something: $w"
for f in witness.key ledger.jsonl; do
  [ "$(stat -c '%U %a' "/var/lib/skranke-audit-witness/$f")" = "skranke-witness 600" ] || fail "$f is not the witness's alone"
  ! runuser -u nobody -- cat "/var/lib/skranke-audit-witness/$f" >/dev/null 2>&1 || fail "another account can read $f"
done

say "skranke --version"
got="$(sk --version)"
[ "$got" = "skranke ${version%%[+~-]*}" ] || fail "--version printed '$got', the package is $version"

say "the face models come from /usr/lib/Skranke/models (the build's own assets/ hidden)"
cp "$repo/assets/demo/portraits/obama.jpg" "$work/portrait.jpg"
# Runs `skranke photo check` in a private mount namespace with each named folder hidden under an
# empty tmpfs: the build's assets/ (the binary's last fallback), and in the control run also the
# package's models, after which no models may be found anywhere.
photo_check() {
  unshare --mount --propagation private sh -c '
    while [ "$1" != -- ]; do mount -t tmpfs skranke-smoke "$1"; shift; done; shift; exec "$@"' sh \
    "$@" -- timeout 180 env -u SKRANKE_MODELS_DIR HOME="$home" /usr/bin/skranke photo check "$work/portrait.jpg" --json
}
photo_rc=0
photo="$(photo_check "$repo/assets")" || photo_rc=$?
[ "$photo_rc" -le 1 ] || fail "photo check exited $photo_rc (models not found?): $photo"
jq -e '.checks[] | select(.id == "face_count") | .pass' >/dev/null <<<"$photo" || fail "no face found: $photo"
photo_rc=0
photo="$(photo_check "$repo/assets" /usr/lib/Skranke/models 2>&1)" || photo_rc=$?
[ "$photo_rc" = 3 ] && [[ "$photo" == *photo_model_missing* ]] ||
  fail "with /usr/lib/Skranke/models hidden, photo check still found models (exit $photo_rc; a binary built in another tree falls back to that tree's assets/, which only $repo/assets hides): $photo"

say "fresh install: demo mode, and diagnose names where it looked"
d="$(sk_json "0 1" diagnose --json)"
jq -e '.config_source.kind == "built_in_demo" and .config_source.looked_at == "/etc/skranke/config.toml"' >/dev/null <<<"$d" ||
  fail "diagnose --json does not name the built-in demo settings and /etc/skranke/config.toml: $(jq -c '.config_source' <<<"$d")"

say "the unmodified example fails only on the certificate files IT supplies"
c="$(sk_json 1 config check /etc/skranke/config.example.toml --json)"
jq -e '.valid == false and .mode == "production" and (.problems | length) == 6
       and all(.problems[]; .message == "file not found" and (.key | test("^(cpr|gateway)\\.tls\\.(client_cert|client_key|ca_cert)$")))' \
  >/dev/null <<<"$c" || fail "config check of the example: $c"

say "the example with the certificate files present passes (/etc/skranke/config.toml)"
mkdir -p "$work/certs"
(
  cd "$work/certs"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 \
    -subj /CN=skranke-smoke-ca 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.csr \
    -subj /CN=skranke-smoke-client 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n' >client.ext
  openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile client.ext \
    -out client.pem 2>/dev/null
) || fail "openssl could not make the test certificates"
# Only the certificate paths, the key store (a key file: no desktop key ring here), the IT group
# (root's, which runs this) and the endpoints (nothing listens on 127.0.0.1:9) change.
sed -e "s#^client_cert = \"/etc/skranke/certs/[a-z]*-client.pem\"#client_cert = \"$work/certs/client.pem\"#" \
  -e "s#^client_key = \"/etc/skranke/certs/[a-z]*-client.key\"#client_key = \"$work/certs/client.key\"#" \
  -e "s#^ca_cert = \"/etc/skranke/certs/[a-z]*-ca.pem\"#ca_cert = \"$work/certs/ca.pem\"#" \
  -e "s#^keystore = \"os\"#keystore = \"file\"#" \
  -e "s#^it_os_group = .*#it_os_group = \"$(id -gn)\"#" \
  -e "s#^endpoint = \"https://[^\"]*\"#endpoint = \"https://127.0.0.1:9/\"#" \
  -e "s#^issuer = \"https://[^\"]*\"#issuer = \"https://127.0.0.1:9/idp\"#" \
  /etc/skranke/config.example.toml >/etc/skranke/config.toml
[ "$(diff /etc/skranke/config.example.toml /etc/skranke/config.toml | grep -c '^>')" = 11 ] ||
  fail "the example's keys changed: the smoke test's edits no longer apply"
c="$(sk_json 0 config check --json)"
jq -e '.valid == true and .file == "/etc/skranke/config.toml"' >/dev/null <<<"$c" || fail "config check: $c"
d="$(sk_json "0 1" diagnose --json)"
jq -e '.config_source.kind == "file" and .config_source.path == "/etc/skranke/config.toml"' >/dev/null <<<"$d" ||
  fail "diagnose --json does not name /etc/skranke/config.toml: $(jq -c '.config_source' <<<"$d")"
jq -e '.checks[] | select(.id == "audit_witness") | .status == "ok"' >/dev/null <<<"$d" ||
  fail "diagnose does not find the audit witness: $(jq -c '.checks[] | select(.id == "audit_witness")' <<<"$d")"

say "an outbox and its key (per user: ~/.local/share/skranke, ~/.config/skranke/keys)"
sk_json 0 queue status --json >/dev/null
data="$home/.local/share/skranke"
key="$home/.config/skranke/keys/outbox-master.key"
[ -s "$data/skranke.sqlite3" ] || fail "no outbox in $data"
[ -s "$key" ] || fail "no key file at $key"
key_sum="$(sha256sum <"$key")"
w="$(runuser -u nobody -- /usr/sbin/skranke-audit-witness status)" || fail "skranke-audit-witness status"
head_seq="$(jq -r '.head.seq' <<<"$w")"
[ "$head_seq" -ge 1 ] 2>/dev/null || fail "the witness recorded none of Skranke's audit entries: $w"
a="$(sk_json 0 audit verify --json)"
jq -e '.problem == null and .witnessed >= 1 and .unwitnessed == 0' >/dev/null <<<"$a" || fail "audit verify with the witness: $a"
data_sum="$(cat "$data"/skranke.sqlite3* | sha256sum)"
config_sum="$(sha256sum </etc/skranke/config.toml)"

say "upgrade over itself with a higher version"
up="$version+smoke1"
dpkg-deb -R "$deb" "$work/pkg"
sed -i "s/^Version: .*/Version: $up/" "$work/pkg/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z1 -b "$work/pkg" "$work/upgrade.deb" >/dev/null
rm -rf "$work/pkg"
dpkg --compare-versions "$up" gt "$version" || fail "$up is not higher than $version"
DEBIAN_FRONTEND=noninteractive dpkg -i "$work/upgrade.deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "upgrade"; }
[ "$(dpkg-query -W -f='${Version}' skranke)" = "$up" ] || fail "the upgrade did not install $up"
same "$key" "$key_sum"
[ "$(cat "$data"/skranke.sqlite3* | sha256sum)" = "$data_sum" ] || fail "the outbox changed during the upgrade"
same /etc/skranke/config.toml "$config_sum"
[ -f /etc/skranke/config.example.toml ] || fail "the upgrade lost config.example.toml"
sk_json 0 queue status --json >/dev/null
same "$key" "$key_sum"

say "purge: no file of the package is left; the data, key and IT's config.toml stay"
dpkg --purge skranke >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "purge"; }
! dpkg-query -W -f='${Status}' skranke 2>/dev/null | grep -q "installed\|config-files" || fail "skranke is still known to dpkg"
if command -v skranke >/dev/null; then fail "skranke is still on the PATH: $(command -v skranke)"; fi
[ ! -e /usr/lib/Skranke ] || fail "/usr/lib/Skranke is left"
left=0
while read -r f; do
  if [ -f "$f" ] || [ -L "$f" ]; then echo "smoke: left behind: $f" >&2; left=1; fi
done <"$work/files"
[ $left = 0 ] || fail "purge left files of the package"
same "$key" "$key_sum"
[ -s "$data/skranke.sqlite3" ] || fail "purge deleted the outbox"
same /etc/skranke/config.toml "$config_sum"
[ -s /var/lib/skranke-audit-witness/ledger.jsonl ] || fail "purge deleted the audit witness's ledger"
getent passwd skranke-witness >/dev/null || fail "purge removed the account skranke-witness"

say "passed in $(( $(date +%s) - start )) s"
