#!/usr/bin/env bash
# Rebuild the vendored GOV.UK Frontend assets in transition/static/govuk/.
#
# govuk-frontend-jinja 4.1 matches GOV.UK Frontend 6.3.0, so we serve exactly
# that version. The precompiled CSS names the GDS Transport font, which only
# GOV.UK may use, so we compile the Sass ourselves from scripts/govuk-frontend.scss
# (Arial, no @font-face, no crest) and commit the output.
#
# Needs node + npm and access to the npm registry. Usage:
#   scripts/build-govuk-assets.sh
set -euo pipefail

GOVUK_FRONTEND_VERSION="6.3.0"
SASS_VERSION="1.108.2"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
entry="$repo_root/scripts/govuk-frontend.scss"
out_dir="$repo_root/transition/static/govuk"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
printf '{"name":"govuk-assets-build","private":true}\n' > package.json
npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
  "govuk-frontend@$GOVUK_FRONTEND_VERSION" "sass@$SASS_VERSION"

dist="$work/node_modules/govuk-frontend/dist/govuk"
installed="$(node -p 'require("govuk-frontend/package.json").version')"
if [[ "$installed" != "$GOVUK_FRONTEND_VERSION" ]]; then
  echo "expected govuk-frontend $GOVUK_FRONTEND_VERSION, got $installed" >&2
  exit 1
fi

# Build into a staging dir, check it, then replace the committed output.
stage="$work/out"
mkdir -p "$stage/assets"
./node_modules/.bin/sass --no-source-map --style=compressed \
  --load-path=node_modules "$entry" "$stage/govuk-frontend.min.css"

# JS is used unchanged (an ES module exporting initAll); keep its source map so
# the sourceMappingURL comment does not 404.
cp "$dist/govuk-frontend.min.js" "$dist/govuk-frontend.min.js.map" "$stage/"

css="$stage/govuk-frontend.min.css"
if grep -q "GDS Transport" "$css"; then
  echo "compiled CSS still names GDS Transport" >&2
  exit 1
fi
if grep -q "@font-face" "$css"; then
  echo "compiled CSS still contains @font-face rules" >&2
  exit 1
fi

# Copy exactly the assets the CSS references (never fonts, crest or favicons
# unless referenced) and fail if any reference cannot be resolved.
prefix="/static/govuk/assets/"
while IFS= read -r ref; do
  [[ -z "$ref" ]] && continue
  path="${ref#url(}"; path="${path%)}"; path="${path//\"/}"; path="${path//\'/}"
  [[ "$path" == data:* ]] && continue
  if [[ "$path" != "$prefix"* ]]; then
    echo "unexpected asset URL in CSS: $ref" >&2
    exit 1
  fi
  rel="${path#"$prefix"}"
  case "$rel" in
    fonts/*) echo "CSS references a font file: $path" >&2; exit 1 ;;
  esac
  if [[ ! -f "$dist/assets/$rel" ]]; then
    echo "CSS references $path but $rel is not in govuk-frontend" >&2
    exit 1
  fi
  mkdir -p "$stage/assets/$(dirname "$rel")"
  cp "$dist/assets/$rel" "$stage/assets/$rel"
done < <(grep -o 'url([^)]*)' "$css" | sort -u || true)

cat > "$stage/VERSION" <<VERSION
GOV.UK Frontend $GOVUK_FRONTEND_VERSION (npm govuk-frontend@$GOVUK_FRONTEND_VERSION; JS copied unchanged from dist/govuk)
Compiled with Dart Sass $SASS_VERSION (npm sass@$SASS_VERSION) from scripts/govuk-frontend.scss
Font: arial, sans-serif (no GDS Transport, no @font-face, no crest)
Rebuild: scripts/build-govuk-assets.sh
VERSION

rm -rf "$out_dir"
mkdir -p "$(dirname "$out_dir")"
cp -R "$stage" "$out_dir"

echo "Wrote $out_dir:"
(cd "$out_dir" && find . -type f | sort | while read -r f; do
  printf '  %8d  %s\n' "$(wc -c < "$f")" "${f#./}"
done)
