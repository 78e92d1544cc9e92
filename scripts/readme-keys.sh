#!/usr/bin/env bash
# Rewrites README.md's key table from the registry (`dynamo-explorer keys`); a test checks they agree.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product dynamo-explorer >/dev/null
python3 - "$(.build/debug/dynamo-explorer keys)" <<'PY'
import sys
table = sys.argv[1].strip()
text = open("README.md").read()
start = text.index("<!-- keys:start -->") + len("<!-- keys:start -->")
end = text.index("<!-- keys:end -->")
open("README.md", "w").write(text[:start] + "\n" + table + "\n" + text[end:])
PY
