#!/usr/bin/env bash
# Rewrites src/NeuralNet/PublicAPI.Unshipped.txt so that it records the library's whole public
# surface that PublicAPI.Shipped.txt does not already hold (docs/public-api.md).
#
# The analyzer's code fix only runs in an IDE, so this does what it does, headless: it empties
# the unshipped file, rebuilds the library from scratch with warnings allowed and a SARIF log,
# takes the API line the analyzer attaches to each RS0016 ("not part of the declared public
# API") diagnostic, and writes them de-duplicated and sorted in ordinal order, as the code fix
# does. The same sources always give the same file. A symbol listed in the shipped file but gone
# from the code (RS0017) is a breaking change: the script names it and fails rather than edit
# PublicAPI.Shipped.txt.
#
# Usage, from anywhere: bash tools/update-public-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."

project=src/NeuralNet
unshipped=$project/PublicAPI.Unshipped.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '#nullable enable\n' > "$unshipped"

# --no-incremental: the analyzers only report while the compiler runs. The comma in the ErrorLog
# value is escaped (%2C) so that MSBuild does not split the property.
if ! dotnet build -c Release "$project" --no-incremental -nologo -v:q -clp:NoSummary \
    -p:TreatWarningsAsErrors=false "-p:ErrorLog=$work/build.sarif%2Cversion=2.1" > "$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "update-public-api: the library does not build" >&2
  exit 1
fi

python3 - "$work/build.sarif" "$unshipped" <<'PY'
import json
import sys

sarif, unshipped = sys.argv[1], sys.argv[2]
with open(sarif, encoding="utf-8") as f:
    results = [r for run in json.load(f)["runs"] for r in run.get("results", [])]

def api_name(result):
    return result["properties"]["customProperties"]["APIName"]

added = sorted({api_name(r) for r in results if r["ruleId"] == "RS0016"}, key=lambda s: s.encode("utf-8"))
removed = sorted({r["message"]["text"] for r in results if r["ruleId"] == "RS0017"})

with open(unshipped, "w", encoding="utf-8", newline="\n") as f:
    f.write("#nullable enable\n")
    for line in added:
        f.write(line + "\n")
print(f"update-public-api: {len(added)} symbols written to {unshipped}")

if removed:
    print("update-public-api: public API listed in PublicAPI.Shipped.txt is gone (a breaking change):", file=sys.stderr)
    for message in removed:
        print("  " + message, file=sys.stderr)
    sys.exit(1)
PY
