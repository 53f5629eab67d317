#!/usr/bin/env bash
# Start a private CUPS daemon with a cups-pdf queue named "PDF" (no systemd here), or stop it.
# cups-pdf writes finished jobs to $DESK_APP_CUPS_PDF_OUT (default /var/spool/cups-pdf/desk-app).
set -euo pipefail
pidfile=/tmp/desk-app-cupsd.pid
if [ "${1:-start}" = "stop" ]; then
  [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
  exit 0
fi
out="${DESK_APP_CUPS_PDF_OUT:-/var/spool/cups-pdf/desk-app}"
mkdir -p "$out" && chmod 1777 "$out"
conf=/etc/cups/cups-pdf.conf
if [ -f "$conf" ]; then
  sed -i -E "s|^#?Out .*|Out $out|; s|^#?AnonDirName .*|AnonDirName $out|" "$conf"
  grep -q "^Out $out" "$conf" || echo "Out $out" >> "$conf"
fi
running() { lpstat -r 2>/dev/null | grep -q "is running"; }
if ! running; then
  /usr/sbin/cupsd -f &
  echo $! > "$pidfile"
  for _ in $(seq 1 50); do running && break; sleep 0.2; done
  running || { echo "cupsd did not start" >&2; exit 1; }
fi
ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
[ -f "$ppd" ] || ppd=$(ls /usr/share/ppd/cups-pdf/*.ppd | head -n 1)
lpstat -p PDF >/dev/null 2>&1 || lpadmin -p PDF -v cups-pdf:/ -E -P "$ppd"
cupsenable PDF 2>/dev/null || true
cupsaccept PDF 2>/dev/null || true
echo "CUPS queue PDF ready; cups-pdf output in $out"
