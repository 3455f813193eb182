#!/usr/bin/env bash
# How cards' QR codes read once printed: renders certificate PDFs at 150, 300 and 600 dpi
# (pdftoppm, greyscale, anti-aliased) and decodes them with zbar, the reader most scanning apps
# are built on: as rendered, then worn as a card carried in a wallet for two years (blurred by
# 0.1 mm as ink spreads, and a grey stain over a fifth of the code's width and height, off its
# finder patterns). Each card has its own token, so the stain hits other modules: prints, per
# resolution, how many cards read as printed and worn.
# Usage: scripts/qr-readability.sh [folder of card PDFs]   (default: target/certificate-samples,
# ten cards written by `cargo bench --bench certificates`). Installs poppler-utils, zbar-tools
# and (in a temporary Python environment) Pillow if missing.
set -euo pipefail
cards="${1:-target/certificate-samples}"
ls "$cards"/*.pdf >/dev/null 2>&1 || { echo "no PDF in $cards: run cargo bench --bench certificates first" >&2; exit 1; }
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
reads() { zbarimg -q --raw -Sdisable -Sqrcode.enable "$1" >/dev/null 2>&1; }
total=$(ls "$cards"/*.pdf | wc -l)
first="$(ls "$cards"/*.pdf | head -n 1)"
length="$(pdftoppm -r 300 -gray -png -singlefile "$first" "$work/first" && zbarimg -q --raw -Sdisable -Sqrcode.enable "$work/first.png" | tr -d '\n' | wc -c)"
echo "$total cards in $cards, QR code text of $length characters (${first##*/})"
for dpi in 150 300 600; do
  clean=0 worn=0
  for pdf in "$cards"/*.pdf; do
    pdftoppm -r "$dpi" -gray -png -singlefile "$pdf" "$work/card"
    reads "$work/card.png" && clean=$((clean + 1))
    "$work/venv/bin/python" "$work/wear.py" "$work/card.png" "$dpi"
    reads "$work/card.png" && worn=$((worn + 1))
  done
  echo "$dpi dpi: read as printed $clean/$total, worn $worn/$total"
done
