#!/usr/bin/env bash
# The house style: `swift format lint --strict` with the checked-in .swift-format (120 columns, ordered
# imports, one declaration per line, no semicolons), and no line of Sources/ over 120 columns (the
# formatter cannot break a string literal, so long texts are split by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict --configuration .swift-format -r Sources Tests Benchmarks
python3 - <<'PY'
import glob, sys
long = [(f, n + 1) for f in sorted(glob.glob("Sources/**/*.swift", recursive=True))
        for n, line in enumerate(open(f, encoding="utf-8")) if len(line.rstrip("\n")) > 120]
for f, n in long:
    print(f"{f}:{n}: longer than 120 columns")
sys.exit(1 if long else 0)
PY
echo "lint: clean"
