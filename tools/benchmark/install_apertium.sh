#!/usr/bin/env bash
# Install Apertium and the English pairs the benchmark round-trips through, plus the
# English MyThes thesaurus used by the "mythes-en" spinner. Idempotent: packages
# already installed are left as they are. Debian/Ubuntu, as root (or via sudo).
set -euo pipefail

PKGS=(apertium apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-eo-en
      apertium-hbs-eng mythes-en-us)

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install_apertium: all packages present"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
apertium -l
