#!/usr/bin/env bash
# Rebuilds assets/fonts/ from Debian's fonts-liberation2 (Liberation Sans 2.1.5, SIL OFL 1.1).
# Regular and bold keep every letter a name may use (person_name::PRINTABLE: Latin with its
# extensions and Vietnamese, Greek, Cyrillic); italic and bold italic keep Windows-1252 only (the
# card's fixed French text). Layout tables and hinting go: the PDF renderer uses neither.
# Needs: apt-get, python3 (fonttools is installed in a temporary venv).
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/assets/fonts"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download fonts-liberation2
dpkg -x fonts-liberation2_*.deb root
python3 -m venv venv
./venv/bin/pip install -q fonttools==4.68.0
src=root/usr/share/fonts/truetype/liberation2
win1252="U+0020-007E,U+00A0-00FF,U+0152-0153,U+0160-0161,U+0178,U+017D-017E,U+0192,U+02C6,U+02DC,U+2013-2014,U+2018-201E,U+2020-2022,U+2026,U+2030,U+2039-203A,U+20AC,U+2122"
names="$win1252,U+0100-024F,U+0300-036F,U+0384-03CE,U+0400-04FF,U+1E00-1EFF,U+2010-2011"
subset() {
  ./venv/bin/pyftsubset "$src/LiberationSans-$1.ttf" --unicodes="$2" --layout-features='' \
    --notdef-outline --no-hinting --output-file="$out/LiberationSans-$1.ttf"
}
subset Regular "$names"
subset Bold "$names"
subset Italic "$win1252"
subset BoldItalic "$win1252"
