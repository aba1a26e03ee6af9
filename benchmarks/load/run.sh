#!/usr/bin/env bash
# Load benchmark: wrk against the real server (on SQLite) and a do-nothing Kestrel baseline, both on 127.0.0.1.
# Builds the server and the runner in Release, then runs it; arguments go to the runner (--help lists them):
#   benchmarks/load/run.sh [--duration 10] [--warmup 3] [--connections 16] [--threads 2] [--request-logging]
#                          [--server-build DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "wrk is not installed: run 'sudo apt-get install -y wrk' (Debian/Ubuntu), then this script again." >&2
    exit 2
  fi
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

# --server-build names a build made elsewhere (another commit); then this tree's server is not built.
case " $* " in
  *" --server-build "*) ;;
  *) dotnet build src/Envelope.Server -c Release -nologo -v quiet ;;
esac
dotnet build benchmarks/Envelope.Load -c Release -nologo -v quiet
exec dotnet benchmarks/Envelope.Load/bin/Release/net10.0/Envelope.Load.dll "$@"
