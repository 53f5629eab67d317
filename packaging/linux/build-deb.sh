#!/usr/bin/env bash
# The .deb of the bundle (run packaging/build.sh first): files under /opt/desk-app, the `desk-app`
# command in /usr/bin, a menu entry and its icon; built with dpkg-deb, owned by root.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x dist/desk-app/desk-app ] || { echo "no bundle in dist/desk-app: run packaging/build.sh first" >&2; exit 1; }
version=$(cut -d+ -f1 dist/desk-app/VERSION)
arch=$(dpkg --print-architecture)
root="build/deb/desk-app_${version}_${arch}"
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/doc/desk-app"
cp -a dist/desk-app "$root/opt/desk-app"
ln -s /opt/desk-app/desk-app "$root/usr/bin/desk-app"
install -m 0644 packaging/linux/desk-app.desktop "$root/usr/share/applications/desk-app.desktop"
install -m 0644 resources/icons/desk-app.svg "$root/usr/share/icons/hicolor/scalable/apps/desk-app.svg"
install -m 0644 resources/fonts/LICENSE-LiberationFonts.txt "$root/usr/share/doc/desk-app/LICENSE-LiberationFonts.txt"
cat > "$root/usr/share/doc/desk-app/copyright" <<COPYRIGHT
desk_app — the reception desk of Vietnamese police stations (proprietary).
Bundled: Python, Qt (PySide6, LGPLv3), reportlab, SQLAlchemy and the other libraries listed in the
README with their licences; Liberation Serif fonts (SIL Open Font License, LICENSE-LiberationFonts.txt).
COPYRIGHT
size=$(du -sk "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: desk-app
Version: $version
Architecture: $arch
Maintainer: desk_app team <desk-app@localhost>
Installed-Size: $size
Section: misc
Priority: optional
Depends: libc6, libstdc++6, libssl3 | libssl3t64, libsqlite3-0, libsane1, libcups2 | libcups2t64, libegl1, libgl1, libfontconfig1, libfreetype6, libpng16-16, libglib2.0-0, libdbus-1-3, libx11-6, libx11-xcb1, libxcb1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxcb-randr0, libxcb-render-util0, libxcb-image0
Recommends: cups-client, sane-utils
Description: reception desk of Vietnamese police stations
 Identifies the citizen from the chip card's QR, receives level-2 dossiers at
 the counter and by post, scans the forms, prints the barcoded receipt, keeps
 the register book and syncs to the central server when a network is there.
 Provision a desk with 'desk-app init --from station.toml'; check it with
 'desk-app doctor'.
CONTROL
mkdir -p dist
dpkg-deb --build --root-owner-group "$root" "dist/desk-app_${version}_${arch}.deb" >/dev/null
echo "dist/desk-app_${version}_${arch}.deb ($(du -k "dist/desk-app_${version}_${arch}.deb" | cut -f1) KB)"
