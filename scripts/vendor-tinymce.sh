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
(cd "$work" && npm pack --silent "tinymce@$VERSION" >/dev/null)
tgz="$work/tinymce-$VERSION.tgz"
got=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
    echo "tinymce-$VERSION.tgz has sha256 $got, expected $SHA256" >&2
    exit 1
fi
tar -xzf "$tgz" -C "$work"
rm -rf "$DEST"
for f in $FILES; do
    mkdir -p "$DEST/$(dirname "$f")"
    cp "$work/package/$f" "$DEST/$f"
done
echo "tinymce $VERSION copied to $DEST"
