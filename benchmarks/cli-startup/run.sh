#!/usr/bin/env bash
# Start-up of `envelope` as users feel it: the JIT tool (framework-dependent package) against the Native AOT one,
# alternated in the same run so both see the same machine load.
#   benchmarks/cli-startup/run.sh [RUNS]            (default 20 runs of each command per tool)
# Starts the built server on SQLite in a temporary folder, creates a project with one stored value through the CLI,
# then times, with a process-level wall clock, `envelope run -- true` (token auth, one merged read, the child
# started) and `envelope --version`. Prints p50/p90 of each and the ratio native/JIT, with the load average.
# ENVELOPE_NATIVE_PACKAGES=DIR reuses packages made by scripts/pack-cli.sh instead of packing them again.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
runs="${1:-20}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work="$(mktemp -d /tmp/envelope-cli-startup.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building the server and packing both tools"
dotnet build src/Envelope.Server -c Release -v q -nologo >/dev/null
mkdir -p "$work/jit-packages"
dotnet pack src/Envelope.Cli -c Release -v q -nologo -o "$work/jit-packages" >/dev/null
native_packages="${ENVELOPE_NATIVE_PACKAGES:-$work/native-packages}"
[ -n "${ENVELOPE_NATIVE_PACKAGES:-}" ] || scripts/pack-cli.sh "$native_packages" >/dev/null

# Both packages are Envelope.Cli of the same version: each install gets its own source and its own package cache,
# so neither can be served the other's copy.
install_tool() { # name packages-folder
  cat >"$work/$1.nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$2" /></packageSources></configuration>
XML
  NUGET_PACKAGES="$work/$1-cache" dotnet tool install --tool-path "$work/$1" --configfile "$work/$1.nuget.config" Envelope.Cli >/dev/null
}
install_tool jit "$work/jit-packages"
install_tool native "$native_packages"
native_binary=$(find "$work/native/.store" -path '*envelope.cli.linux-x64/*/tools/any/linux-x64/envelope' -type f | head -1)
if [ -z "$native_binary" ] || [ -n "$(find "$work/native/.store" -name envelope.dll | head -1)" ]; then
  echo "the installed native tool is not the linux-x64 AOT package" >&2
  exit 1
fi

echo "== starting the server on SQLite in $work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 5291)
mkdir -p "$work/server"
(cd "$work/server" && ENVELOPE_DATA_DIR="$work/server/data" exec dotnet "$repo/src/Envelope.Server/bin/Release/net10.0/Envelope.Server.dll" \
  --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 120); do
  bootstrap=$(ls "$work"/server/data/bootstrap.json 2>/dev/null || true)
  [ -n "$bootstrap" ] && curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
[ -n "$bootstrap" ] || { echo "the server did not start; its log:" >&2; cat "$work/server.log" >&2; exit 1; }

export HOME="$work/home" ENVELOPE_SERVER="http://127.0.0.1:$port"
ENVELOPE_TOKEN=$(grep -o '"token":"[^"]*"' "$bootstrap" | cut -d'"' -f4)
export ENVELOPE_TOKEN
mkdir -p "$HOME" "$work/app"
cd "$work/app"
"$work/jit/envelope" init startup-bench --target app --environment dev >/dev/null
printf %s "hello" | "$work/jit/envelope" set GREETING >/dev/null
[ "$("$work/native/envelope" run -- printenv GREETING)" = "hello" ] || { echo "native run did not see the value" >&2; exit 1; }
[ "$("$work/jit/envelope" run -- printenv GREETING)" = "hello" ] || { echo "JIT run did not see the value" >&2; exit 1; }

# Milliseconds of one process, fork to exit, as a shell sees it.
elapsed_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000))
}
percentile() { # p file (microseconds) -> milliseconds with one decimal
  sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR - 1) * p / 100) + 1; printf "%.1f", v[i] / 1000 }'
}

echo "== $runs runs of each, alternating JIT and native (one warm-up each first)"
for tool in jit native; do "$work/$tool/envelope" run -- true >/dev/null; "$work/$tool/envelope" --version >/dev/null; done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq 1 "$runs"); do
  for tool in jit native; do
    elapsed_ms "$work/$tool/envelope" run -- true >>"$work/$tool.run"
    elapsed_ms "$work/$tool/envelope" --version >>"$work/$tool.version"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\n%-22s %10s %10s %10s %10s %14s\n' command "JIT p50" "JIT p90" "AOT p50" "AOT p90" "p50 AOT/JIT"
for command in run version; do
  label="envelope --version"; [ "$command" = run ] && label="envelope run -- true"
  jp50=$(percentile 50 "$work/jit.$command"); jp90=$(percentile 90 "$work/jit.$command")
  np50=$(percentile 50 "$work/native.$command"); np90=$(percentile 90 "$work/native.$command")
  printf '%-22s %8s ms %8s ms %8s ms %8s ms %14s\n' "$label" "$jp50" "$jp90" "$np50" "$np90" "$(awk -v a="$np50" -v b="$jp50" 'BEGIN { printf "%.3f", a / b }')"
done
size=$(stat -c %s "$native_binary")
echo "native binary: $size bytes; load average before $load_before, after $load_after; $(nproc) cores"
