#!/usr/bin/env bash
# Build the one-folder bundle dist/desk-app/ and its archive, stamped with the version (`make package`).
# Usage: packaging/build.sh [PYTHON]   (default: .venv/bin/python; PyInstaller from the [package] extra)
set -euo pipefail
cd "$(dirname "$0")/.."
py="${1:-.venv/bin/python}"
version=$("$py" -c "import desk_app; print(desk_app.__version__)")
stamp="$version"
if git rev-parse --short HEAD >/dev/null 2>&1; then stamp="$version+g$(git rev-parse --short HEAD)"; fi
rm -rf dist/desk-app build/pyinstaller
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/desk-app.spec
find dist/desk-app -xtype l -delete  # links to the Qt libraries the spec left out
# symbols out of the libraries (the interpreter's alone carries 16 MB of them), but not of those a wheel
# vendored under <package>.libs/: auditwheel rewrote their ELF headers, and stripping numpy's OpenBLAS
# breaks it ("ELF load command address/offset not page-aligned")
if command -v strip >/dev/null; then
  find dist/desk-app/_internal -name "*.so*" -type f ! -path "*.libs/*" -print0 | xargs -0 strip --strip-unneeded
fi
printf '%s\n' "$stamp" > dist/desk-app/VERSION
arch=$(uname -m)
os=$(uname -s | tr '[:upper:]' '[:lower:]')
archive="dist/desk-app-$version-$os-$arch.tar.gz"
tar -C dist -czf "$archive" desk-app
echo "bundle: dist/desk-app ($(du -sm dist/desk-app | cut -f1) MB unpacked), archive: $archive, version $stamp"
