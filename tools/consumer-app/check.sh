#!/usr/bin/env bash
# The consumer-app check (issue 9): pack NeuralNet, build a brand-new console app outside the
# repository that references the package (not the project) through a local feed, with a private
# NUGET_PACKAGES folder; train on a CSV with text labels and save in one process, load and
# predict in a second; the two processes' predictions for raw rows must agree bit for bit.
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

mkdir "$work/app"
cat >"$work/app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
XML
cat >"$work/app/ConsumerApp.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="NeuralNet" Version="$version" />
  </ItemGroup>
</Project>
XML
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
