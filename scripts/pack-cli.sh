#!/usr/bin/env bash
# Packs `envelope` as a RID-specific dotnet tool: Envelope.Cli (the pointer), Envelope.Cli.any (framework-dependent,
# the fallback on every platform without a native package) and Envelope.Cli.linux-x64 (Native AOT), into one folder.
#   scripts/pack-cli.sh [OUTPUT]        (default: artifacts/native)
# Then: dotnet tool install --global --add-source OUTPUT Envelope.Cli
# Native AOT compiles only for the host here (cross-compiling needs the target's clang sysroot), so the script
# refuses to run on anything but linux-x64. It installs clang, lld and zlib1g-dev from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-artifacts/native}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "pack-cli.sh builds the native package for linux-x64 only; this host is $(uname -s)-$(uname -m)" >&2
  exit 2
fi
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
command -v ld.lld >/dev/null 2>&1 || missing+=(lld)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# The native restore adds a RID and the ILCompiler packages that the SDK-only restore does not have: its lock files go
# under each project's obj/, so the committed packages.lock.json stay exactly those of the normal build.
props=(-c Release -p:EnvelopeNativeTool=true -p:NuGetLockFilePath=obj/native.packages.lock.json)
rm -rf "$out"
mkdir -p "$out"
# With PublishAot the SDK makes no inner package by itself (it cannot AOT across platforms): the pointer, then each
# listed RID by its own pack, `any` being the framework-dependent one. -warnaserror: a trim or AOT warning fails the
# pack instead of shipping.
dotnet pack src/Envelope.Cli "${props[@]}" -o "$out" -warnaserror
dotnet pack src/Envelope.Cli "${props[@]}" -r any -o "$out" -warnaserror
dotnet pack src/Envelope.Cli "${props[@]}" -r linux-x64 -o "$out" -warnaserror
# The normal build's restore state comes back, so a following `dotnet build` or `dotnet test` is unaffected.
dotnet restore src/Envelope.Cli >/dev/null
ls -l "$out"
