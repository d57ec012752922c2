#!/usr/bin/env bash
# The consumer-app check (issue 9): pack NeuralNet, build a brand-new console app outside the
# repository that references the package (not the project) through a local feed, with a private
# NUGET_PACKAGES folder; train on a CSV with text labels and save in one process, load and
# predict in a second; the two processes' predictions for raw rows must agree bit for bit. Then the
# same package in an app published with native AOT (trim and AOT warnings are errors) at the
# default instruction set and at x86-64-v3 (and x86-64-v4 where the CPU has AVX-512): it loads the saved model and predicts (matching the
# JIT within 1e-5), and its training step is timed against the same program under the JIT.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tools/consumer-app"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/packages"   # never the machine's global package cache
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet pack "$root/src/NeuralNet" -c Release -o "$work/feed" -p:ContinuousIntegrationBuild=true >"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; exit 1; }
package=$(ls "$work/feed" | grep -E '^NeuralNet\.[0-9].*\.nupkg$' | head -n1)
version=${package#NeuralNet.}
version=${version%.nupkg}
echo "packed $package"

# new_app DIR NAME EXTRA_SOURCE EXTRA_PROPERTIES: a console project in DIR referencing the packed
# package; its nuget.config lists the local feed only (plus EXTRA_SOURCE, if given, for every
# package but NeuralNet, which source mapping pins to the local feed).
new_app() {
  mkdir "$1"
  local source="" mapping=""
  if [ -n "${3:-}" ]; then
    source="<add key='extra' value='$3' />"
    mapping="<packageSourceMapping><packageSource key='local'><package pattern='NeuralNet' /></packageSource><packageSource key='extra'><package pattern='*' /></packageSource></packageSourceMapping>"
  fi
  cat >"$1/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    $source
  </packageSources>
  $mapping
</configuration>
XML
  cat >"$1/$2.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    ${4:-}
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="NeuralNet" Version="$version" />
  </ItemGroup>
</Project>
XML
}

new_app "$work/app" ConsumerApp
cp "$here/Program.cs" "$here/rows.txt" "$work/app/"
cp "$root/samples/IrisApp/iris.csv" "$work/app/"
dotnet build "$work/app" -c Release -o "$work/app/out" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
if grep -q 'ProjectReference' "$work/app/ConsumerApp.csproj" || [ ! -f "$NUGET_PACKAGES/neuralnet/$version/neuralnet.$version.nupkg" ]; then
  echo "consumer app did not restore NeuralNet $version from the local feed"; exit 1
fi

cd "$work/app"
dotnet out/ConsumerApp.dll train iris.csv model.nnet rows.txt >first.txt
dotnet out/ConsumerApp.dll predict model.nnet rows.txt >second.txt
echo "first process (trains, saves):"; cat first.txt
echo "second process (loads):"; cat second.txt
if ! cmp -s first.txt second.txt; then
  echo "the two processes' predictions differ"; diff first.txt second.txt || true; exit 1
fi
[ "$(wc -l <second.txt)" -eq "$(grep -c . rows.txt)" ] || { echo "not every row was predicted"; exit 1; }
echo "consumer app: predictions of both processes identical bit for bit"

# --- native AOT -------------------------------------------------------------------------------
# The ILCompiler packages come from the usual source; NeuralNet still only from the local feed.
new_app "$work/aot" AotApp https://api.nuget.org/v3/index.json \
  '<PublishAot>true</PublishAot><TrimmerSingleWarn>false</TrimmerSingleWarn><InvariantGlobalization>true</InvariantGlobalization>'
cp "$here/aot/Program.cs" "$work/aot/"
cd "$work/aot"
dotnet build -c Release -o jit >"$work/aot-build.log" 2>&1 || { cat "$work/aot-build.log"; exit 1; }
dotnet jit/AotApp.dll predict "$work/app/model.nnet" "$work/app/rows.txt" >jit-predict.txt 2>/dev/null
dotnet jit/AotApp.dll step >jit-step.txt
# The JIT limited to AVX2 too: what an x86-64-v3 AOT build can be compared with like for like.
DOTNET_EnableAVX512=0 dotnet jit/AotApp.dll step >jit-avx2-step.txt

same_predictions() { # labels equal, every probability within 1e-5
  awk 'NR==FNR { line[FNR] = $0; next }
       { split(line[FNR], a, /[][ ]+/); n = split($0, b, /[][ ]+/)
         if (a[3] != b[3]) { print "label differs in row " FNR ": " a[3] " / " b[3]; bad = 1 }
         for (i = 4; i <= n; i++) { d = a[i] - b[i]; if (d < 0) d = -d; if (d > 1e-5) { print "row " FNR " differs by " d; bad = 1 } } }
       END { exit bad }' "$1" "$2"
}

echo "native AOT against the JIT (training step, one thread, 784-256-128-10 MLP, Adam; samples/s, median of 5):"
isas=(default x86-64-v3)
grep -q avx512f /proc/cpuinfo && isas+=(x86-64-v4)   # AVX-512: what this machine's JIT uses
for isa in "${isas[@]}"; do
  flag=(); [ "$isa" = default ] || flag=(-p:IlcInstructionSet="$isa")
  dotnet publish -c Release -r linux-x64 "${flag[@]}" -o "aot-$isa" >"$work/publish-$isa.log" 2>&1 \
    || { cat "$work/publish-$isa.log"; exit 1; }
  if grep -qE 'warning (IL|AOT)[0-9]+' "$work/publish-$isa.log"; then
    grep -E 'warning (IL|AOT)[0-9]+' "$work/publish-$isa.log"; echo "AOT publish ($isa) has trim/AOT warnings"; exit 1
  fi
  start=$(date +%s%N)
  "./aot-$isa/AotApp" predict "$work/app/model.nnet" "$work/app/rows.txt" >"aot-$isa-predict.txt" 2>"aot-$isa-time.txt"
  wall=$(( ($(date +%s%N) - start) / 1000000 ))
  same_predictions jit-predict.txt "aot-$isa-predict.txt" || { echo "AOT ($isa) predictions differ from the JIT's"; exit 1; }
  "./aot-$isa/AotApp" step >"aot-$isa-step.txt"
  size=$(stat -c %s "aot-$isa/AotApp")
  echo "  $isa: executable $((size / 1024)) KiB; process start to last prediction ${wall} ms ($(cat "aot-$isa-time.txt"))"
  paste jit-step.txt jit-avx2-step.txt "aot-$isa-step.txt" \
    | awk '{ printf "    batch %5d: JIT %8d, JIT without AVX-512 %8d, AOT %8d; AOT/JIT %.2f, AOT/JIT-AVX2 %.2f\n", $2, $3, $6, $9, $9 / $3, $9 / $6 }'
done
echo "consumer app: native AOT publishes without warnings and predicts as the JIT does"
