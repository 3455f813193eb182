#!/usr/bin/env bash
# How a card's QR code reads once printed: renders a certificate PDF at 150, 300 and 600 dpi
# (pdftoppm, greyscale, anti-aliased) and decodes it with zbar, the reader most scanning apps are
# built on: as rendered, then worn as a card carried in a wallet for two years (blurred by 0.1 mm
# as ink spreads, and a grey stain over a fifth of the code's width and height, off its finder
# patterns). Prints, per resolution and state, whether the code was read and how long its text is.
# Usage: scripts/qr-readability.sh [card.pdf]   (default: target/certificate-sample.pdf, written
# by `cargo bench --bench certificates`). Installs poppler-utils, zbar-tools and (in a temporary
# Python environment) Pillow if missing.
set -euo pipefail
pdf="${1:-target/certificate-sample.pdf}"
[ -f "$pdf" ] || { echo "no $pdf: run cargo bench --bench certificates first" >&2; exit 1; }
if ! command -v zbarimg >/dev/null || ! command -v pdftoppm >/dev/null; then
  apt-get update -qq && apt-get install -y -qq poppler-utils zbar-tools >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q pillow==11.3.0
# The card's QR code: 32 mm square, 50.6 mm from the left and 12.5 mm from the top (src/certificates/pdf.rs).
cat >"$work/wear.py" <<'PY'
import sys
from PIL import Image, ImageDraw, ImageFilter
path, dpi = sys.argv[1], int(sys.argv[2])
mm = dpi / 25.4
card = Image.open(path).convert("L").filter(ImageFilter.GaussianBlur(0.1 * mm))
left, top, size = 50.6 * mm, 12.5 * mm, 32 * mm
stain = (left + 0.55 * size, top + 0.40 * size, left + 0.75 * size, top + 0.60 * size)
ImageDraw.Draw(card).rectangle(stain, fill=150)
card.save(path)
PY
read_code() {
  if data="$(zbarimg -q --raw "$1" 2>/dev/null)"; then
    echo "read, ${#data} characters (${data:0:8}…)"
  else
    echo "NOT READ"
  fi
}
for dpi in 150 300 600; do
  pdftoppm -r "$dpi" -gray -png -singlefile "$pdf" "$work/card"
  clean="$(read_code "$work/card.png")"
  "$work/venv/bin/python" "$work/wear.py" "$work/card.png" "$dpi"
  echo "$dpi dpi: as printed: $clean; worn: $(read_code "$work/card.png")"
done
