#!/usr/bin/env bash
# Reproduces vendor/ (the dashboard's charting library, uPlot) from the npm registry, pinned.
# The page ships these files inside the jar: no CDN, no node at build or run time.
#   controller/src/main/dashboard/vendor.sh           rewrite vendor/ from the pinned package
#   controller/src/main/dashboard/vendor.sh --check   fail when vendor/ differs from it (CI runs this)
set -euo pipefail
UPLOT_VERSION=1.6.32
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# npm pack checks the tarball against the registry's integrity hash.
(cd "$work" && npm pack --silent "uplot@$UPLOT_VERSION" >/dev/null && tar xzf "uplot-$UPLOT_VERSION.tgz")
mkdir -p "$work/out"
cp "$work/package/dist/uPlot.iife.min.js" "$work/package/dist/uPlot.min.css" "$work/out/"
cp "$work/package/LICENSE" "$work/out/uPlot.LICENSE"
echo "uplot@$UPLOT_VERSION (npm), files from dist/ unchanged" > "$work/out/VERSION"
if [ "${1:-}" = "--check" ]; then
  if diff -r "$work/out" "$here/vendor"; then echo "vendor/ matches uplot@$UPLOT_VERSION"; else
    echo "vendor/ differs from uplot@$UPLOT_VERSION: run $0" >&2; exit 1; fi
else
  rm -rf "$here/vendor" && cp -r "$work/out" "$here/vendor" && echo "vendor/ written from uplot@$UPLOT_VERSION"
fi
