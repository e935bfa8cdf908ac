#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests (Debian, run as root).
#
# Playwright drives this browser rather than one it downloads itself, so the tests need only
# the package registries. If /usr/bin/chromium is missing, installs the Debian package
# `chromium`. Safe to run again; needs no terminal.

set -euo pipefail

CHROMIUM=/usr/bin/chromium

log() { printf 'chromium-for-tests: %s\n' "$*" >&2; }

if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi
log "installing chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 </dev/null
apt-get install -y -qq chromium >&2 </dev/null
log "$("$CHROMIUM" --version 2>/dev/null || echo "chromium") installed"
