#!/usr/bin/env bash
# Make sure Java 17 or later is on the PATH for the PySpark tests (Debian, run as root).
#
# Spark runs in a Java virtual machine. If `java` is missing or older than 17, installs the
# Debian package `openjdk-17-jre-headless`. Safe to run again; needs no terminal.

set -euo pipefail

log() { printf 'java-for-tests: %s\n' "$*" >&2; }

java_major() {
    java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

if command -v java >/dev/null 2>&1 && [[ "$(java_major)" -ge 17 ]]; then
    exit 0
fi
log "installing openjdk-17-jre-headless"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq openjdk-17-jre-headless >&2
log "java $(java_major) installed"
