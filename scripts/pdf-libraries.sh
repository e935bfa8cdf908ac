#!/usr/bin/env bash
# Make sure the system libraries WeasyPrint draws PDFs with are there (make setup runs this):
# Pango and its FreeType backend, for the board pack as PDF. Installs them with apt-get if
# they are missing (Debian, run as root); without root, says what to install and carries on,
# since only the PDF download needs them. Safe to run again.

set -euo pipefail

log() { printf 'pdf-libraries: %s\n' "$*" >&2; }

packages=(libpango-1.0-0 libpangoft2-1.0-0)
if ldconfig -p | grep -q 'libpango-1\.0\.so' && ldconfig -p | grep -q 'libpangoft2-1\.0\.so'; then
    exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
    log "board packs as PDF need ${packages[*]}: install them with apt-get as root"
    exit 0
fi
log "installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq "${packages[@]}" >&2
