#!/usr/bin/env bash
# Build the web pages' assets (make setup runs this): the NHS.UK frontend's styles compiled with
# Sass, its script and images, into src/oneworkforce/web/static/build/ (build output, not in git).
#
# The packages are pinned in package.json and package-lock.json (nhsuk-frontend to the version
# nhsuk-frontend-jinja's templates are made for: see docs/web.md). The stylesheet is built
# without the NHS.UK frontend's remote @font-face, so a page fetches nothing from the internet;
# the build fails if the stylesheet still names any remote address. Installs Node.js and npm
# with apt-get if they are missing (Debian, run as root). Safe to run again.

set -euo pipefail

log() { printf 'build-frontend: %s\n' "$*" >&2; }

cd "$(dirname "$0")/.."
source_scss=src/oneworkforce/web/scss/oneworkforce.scss
out=src/oneworkforce/web/static/build
nhsuk=node_modules/nhsuk-frontend/dist/nhsuk

if ! command -v npm >/dev/null 2>&1; then
    log "installing nodejs and npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq nodejs npm >&2
fi

# --ignore-scripts: Sass's optional file watcher would build native code; the build needs none.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/oneworkforce-assets.XXXXXX")
trap 'rm -rf "$work"' EXIT
node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules \
    "$source_scss" "$work/oneworkforce.css"
if grep -Eo '(https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^)"'"'"' ]*' "$work/oneworkforce.css"; then
    log "the stylesheet names a remote address (above); pages must fetch nothing from outside"
    exit 1
fi
cp "$nhsuk/nhsuk-frontend.min.js" "$work/"
cp -R "$nhsuk/assets" "$work/assets"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$work" "$out"
chmod 755 "$out"
trap - EXIT
log "built $out ($(du -sh "$out" | cut -f1))"
