#!/usr/bin/env bash
# Install the front-end packages pinned in package-lock.json from the npm registry and copy the
# files the templates load into the app's static directory (gitignored). Nothing is fetched from
# a CDN at run time. Usage (from anywhere): bash frontend/vendor.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/../sellerdesk/web/static/vendor"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
echo "vendored htmx $(node -p 'require("htmx.org/package.json").version') into ${dest#"$here/../"}"
