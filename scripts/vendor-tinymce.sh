#!/bin/sh
# Copies the parts of TinyMCE the visual editor uses (themes/default/static/visual-editor.js)
# from its npm package into themes/default/static/vendor/tinymce/, where they are checked in:
# `make run` needs no build step and no network, and the editor is served from Cổng's own
# origin. Run it only to move to another version: change VERSION and SHA256 (of the .tgz that
# `npm pack` fetches) together, run it, look at the editor, commit the result.
# TinyMCE is GPL-2.0-or-later (license.md, kept beside it), which Cổng's AGPL-3.0 may include.
set -eu

VERSION=8.9.2
SHA256=a6be6b984a254128a1a5624ffaca1d4558698cb3717ec3ec2fc367d7e2a10051
# the Vietnamese labels of the editor's own UI: TinyMCE's language pack for version 8, as the
# tinymce-i18n package redistributes it (under TinyMCE's own terms; its LICENSE.md says so)
I18N_VERSION=26.9.21
I18N_SHA256=ae9e80ab687adc36b753860a1dbd2b6d3b07a502b345e55daa953e3a1a9c4d8a
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/themes/default/static/vendor/tinymce"
FILES="tinymce.min.js license.md notices.txt
themes/silver/theme.min.js models/dom/model.min.js icons/default/icons.min.js
skins/ui/oxide/skin.min.css skins/ui/oxide/content.min.css skins/ui/oxide/skin.js
skins/ui/oxide/content.js skins/content/default/content.min.css
plugins/lists/plugin.min.js plugins/link/plugin.min.js plugins/image/plugin.min.js
plugins/table/plugin.min.js plugins/media/plugin.min.js plugins/autolink/plugin.min.js"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch NAME VERSION SHA256: unpacks the checked package into $work/NAME
fetch() {
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
    got=$(sha256sum "$work/$1-$2.tgz" | cut -d' ' -f1)
    if [ "$got" != "$3" ]; then
        echo "$1-$2.tgz has sha256 $got, expected $3" >&2
        exit 1
    fi
    mkdir -p "$work/$1"
    tar -xzf "$work/$1-$2.tgz" -C "$work/$1"
}

fetch tinymce "$VERSION" "$SHA256"
fetch tinymce-i18n "$I18N_VERSION" "$I18N_SHA256"
rm -rf "$DEST"
for f in $FILES; do
    mkdir -p "$DEST/$(dirname "$f")"
    cp "$work/tinymce/package/$f" "$DEST/$f"
done
mkdir -p "$DEST/langs"
cp "$work/tinymce-i18n/package/langs8/vi.js" "$DEST/langs/vi.js"
cp "$work/tinymce-i18n/package/LICENSE.md" "$DEST/langs/LICENSE-tinymce-i18n.md"
echo "tinymce $VERSION (Vietnamese from tinymce-i18n $I18N_VERSION) copied to $DEST"
