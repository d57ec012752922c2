#!/usr/bin/env bash
# Packs the library into a temporary folder as a release would (dotnet pack, which also runs
# package validation), lists both packages, and fails if something a published package needs is
# missing: the package page's README, the icon, the licence and third-party notices, the
# assembly and its XML docs, and in the symbol package a portable PDB with every source file
# embedded under the deterministic /_/ paths. CI calls it; it writes nothing in the repository
# except the usual bin/ and obj/ folders.
#
# Usage, from anywhere: bash tools/check-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

dotnet pack -c Release src/NeuralNet -o "$tmp" -nologo

version=$(dotnet msbuild src/NeuralNet -getProperty:Version)
nupkg="$tmp/NeuralNet.$version.nupkg"
snupkg="$tmp/NeuralNet.$version.snupkg"
failures=0
fail() { echo "check-package: $*" >&2; failures=$((failures + 1)); }

for package in "$nupkg" "$snupkg"; do
  [ -f "$package" ] || { echo "check-package: $(basename "$package") was not produced" >&2; exit 1; }
  echo "== $(basename "$package")"
  unzip -l "$package"
done

nupkg_files=$(unzip -Z1 "$nupkg")
for expected in NeuralNet.nuspec PACKAGE.md icon.png LICENSE THIRD-PARTY-NOTICES.md \
    lib/net10.0/NeuralNet.dll lib/net10.0/NeuralNet.xml; do
  grep -qxF "$expected" <<< "$nupkg_files" || fail "NeuralNet.$version.nupkg lacks $expected"
done
# Symbols go to the .snupkg only.
grep -q '\.pdb$' <<< "$nupkg_files" && fail "NeuralNet.$version.nupkg contains a .pdb; it belongs in the .snupkg"

# The nuspec points at the files it names, and carries no placeholder address.
nuspec=$(unzip -p "$nupkg" NeuralNet.nuspec)
grep -q '<readme>PACKAGE.md</readme>' <<< "$nuspec" || fail "the nuspec does not name PACKAGE.md as its readme"
grep -q '<icon>icon.png</icon>' <<< "$nuspec" || fail "the nuspec does not name icon.png as its icon"
grep -q '<license type="expression">MIT</license>' <<< "$nuspec" || fail "the nuspec's licence is not the MIT expression"
grep -q '<releaseNotes>' <<< "$nuspec" || fail "the nuspec has no release notes"
grep -qi 'example\.invalid' <<< "$nuspec" && fail "the nuspec contains a placeholder address (example.invalid)"

# The notices name every embedded dataset's source.
notices=$(unzip -p "$nupkg" THIRD-PARTY-NOTICES.md)
for dataset in Digits Iris Wine BreastCancer Diabetes "CC BY 4.0"; do
  grep -qF "$dataset" <<< "$notices" || fail "THIRD-PARTY-NOTICES.md does not mention $dataset"
done

# The package page's README must not depend on the repository.
readme=$(unzip -p "$nupkg" PACKAGE.md)
if grep -qE '\]\((\./|\.\./|[A-Za-z0-9_-]+/|[A-Za-z0-9_-]+\.md)' <<< "$readme"; then
  fail "PACKAGE.md has a relative link or image; the package page cannot follow it"
fi

# The symbol package: the PDB, every source embedded, paths mapped to /_/ (deterministic).
grep -qxF lib/net10.0/NeuralNet.pdb <<< "$(unzip -Z1 "$snupkg")" \
  || fail "NeuralNet.$version.snupkg lacks lib/net10.0/NeuralNet.pdb"
unzip -q -o "$snupkg" lib/net10.0/NeuralNet.pdb -d "$tmp/symbols"
documents=$(python3 tools/pdb-info.py "$tmp/symbols/lib/net10.0/NeuralNet.pdb")
tail -n 1 <<< "$documents"
paths=$(grep -E '^(embedded|missing) ' <<< "$documents" | sed -E 's/^(embedded|missing) +//')
missing=$(grep -c '^missing ' <<< "$documents" || true)
[ "$missing" -eq 0 ] || fail "the PDB lacks the text of $missing source files, such as $(grep '^missing ' <<< "$documents" | head -n 3 | sed -E 's/^missing +//' | tr '\n' ' ')"
grep -qxF /_/src/NeuralNet/Layers/Dense.cs <<< "$paths" || fail "the PDB does not list /_/src/NeuralNet/Layers/Dense.cs"
local_paths=$(grep -vc '^/_/' <<< "$paths" || true)
[ "$local_paths" -eq 0 ] \
  || fail "the PDB has $local_paths source paths of this machine, such as $(grep -v '^/_/' <<< "$paths" | head -n 1), not /_/ (ContinuousIntegrationBuild was off)"

if [ "$failures" -gt 0 ]; then
  echo "check-package: $failures problem(s)" >&2
  exit 1
fi
echo "check-package: NeuralNet.$version.nupkg and .snupkg are complete"
