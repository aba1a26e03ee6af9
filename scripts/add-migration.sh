#!/usr/bin/env bash
# Adds a migration NAME to both providers' sets, from the one model in src/Envelope.Server/Data.
# usage: scripts/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/Envelope.Server
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "$project" \
    --context "${provider}EnvelopeDbContext" \
    --output-dir "Data/Migrations/$provider" \
    --namespace "Envelope.Server.Data.Migrations.$provider"
  # With --namespace, EF writes the model snapshot under a folder named after the namespace.
  stray="$project/Envelope/Server/Data/Migrations/$provider"
  if [ -d "$stray" ]; then mv "$stray"/*.cs "$project/Data/Migrations/$provider/"; fi
done
rm -rf "$project/Envelope"
# Generated files are nullable-oblivious already (generated_code = true); the directive only adds noise.
sed -i '/^#nullable disable$/d' "$project"/Data/Migrations/*/*.cs
