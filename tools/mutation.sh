#!/usr/bin/env bash
# Mutation testing of the library with Stryker.NET (the local tool in .config/dotnet-tools.json,
# settings in tests/NeuralNet.Tests/stryker-config.json), then the mutation score per folder.
#
# Too slow for CI (docs/mutation.md gives the time of a full run), so .ci/run does not call it.
#
#   tools/mutation.sh                         every folder of src/NeuralNet except Kernels/
#   tools/mutation.sh Data Serialization      only those folders (a --mutate glob each)
#   tools/mutation.sh --report FILE [--survivors]
#                                             the per-folder table of an existing JSON report;
#                                             with --survivors, also every surviving mutant
#
# Reports land in StrykerOutput/<time>/reports/ (git-ignored): mutation-report.json and .html.
# Concurrency is 1 on purpose: the machine has two cores and builds run beside it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

score() {
  # Stryker's rule (mutation-testing-elements): detected = Killed + Timeout;
  # score = detected / (detected + Survived + NoCoverage). Compile errors and ignored mutants
  # (the excluded Kernels/, [ExcludeFromCodeCoverage] code) do not count.
  python3 - "$@" <<'PY'
import json, os, sys
from collections import Counter, defaultdict

path, show_survivors = sys.argv[1], "--survivors" in sys.argv[2:]
with open(path, encoding="utf-8") as f:
    report = json.load(f)

def folder(file):
    parts = file.replace("\\", "/").split("/")
    if "NeuralNet" in parts:
        parts = parts[len(parts) - 1 - parts[::-1].index("NeuralNet") + 1:]
    return parts[0] if len(parts) > 1 else "(root)"

counts = defaultdict(Counter)
survivors = []
for file, entry in report["files"].items():
    for m in entry["mutants"]:
        counts[folder(file)][m["status"]] += 1
        if m["status"] in ("Survived", "NoCoverage"):
            rel = file.replace("\\", "/")
            rel = rel[rel.index("src/NeuralNet/") + len("src/NeuralNet/"):] if "src/NeuralNet/" in rel else rel
            survivors.append((rel, m["location"]["start"]["line"], m["status"], m["mutatorName"],
                              m.get("replacement", "").replace("\n", " ")[:70]))

print(f"{'folder':<14}{'killed':>7}{'timeout':>8}{'survived':>9}{'no cov':>7}{'ignored':>8}{'errors':>7}  score")
total = Counter()
for name in sorted(counts):
    c = counts[name]
    total.update(c)
    detected = c["Killed"] + c["Timeout"]
    valid = detected + c["Survived"] + c["NoCoverage"]
    shown = f"{100 * detected / valid:5.1f} %" if valid else "    -"
    print(f"{name:<14}{c['Killed']:>7}{c['Timeout']:>8}{c['Survived']:>9}{c['NoCoverage']:>7}"
          f"{c['Ignored']:>8}{c['CompileError'] + c['RuntimeError']:>7}  {shown}")
detected = total["Killed"] + total["Timeout"]
valid = detected + total["Survived"] + total["NoCoverage"]
if valid:
    print(f"{'all':<14}{total['Killed']:>7}{total['Timeout']:>8}{total['Survived']:>9}{total['NoCoverage']:>7}"
          f"{total['Ignored']:>8}{total['CompileError'] + total['RuntimeError']:>7}  {100 * detected / valid:5.1f} %")

if show_survivors:
    print()
    for rel, line, status, mutator, replacement in sorted(survivors):
        print(f"{rel}:{line}  {status:<10} {mutator:<28} {replacement}")
PY
}

if [ "${1:-}" = "--report" ]; then
  shift
  score "$@"
  exit
fi

cd "$root"
dotnet tool restore >/dev/null

out="$root/StrykerOutput/$(date +%Y-%m-%d.%H-%M-%S)"
args=(--concurrency 1 --skip-version-check --output "$out")
for folder in "$@"; do
  args+=(--mutate "**/src/NeuralNet/$folder/**/*.cs")
done

started=$(date +%s)
(cd tests/NeuralNet.Tests && dotnet stryker "${args[@]}")
echo "Stryker took $(( ($(date +%s) - started) / 60 )) min; reports in $out/reports"
score "$out/reports/mutation-report.json"
