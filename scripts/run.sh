#!/usr/bin/env bash
# Runs the daemon on its embedded default (SQLite files, in-process caches, single node).
# Arguments go to the daemon, e.g. scripts/run.sh --urls http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# As the image runs it (docker/Dockerfile): hot methods reach optimised code soon after a start.
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
exec dotnet run --project src/Host -c Release -- "$@"
