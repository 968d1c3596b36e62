#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine: installs the servers the tests start
# themselves (PostgreSQL 15, Redis, coturn), runs `dotnet test` on the solution, and prints one
# closing line "N passed, N failed, N skipped" summed over the TRX files.
# Extra arguments go to `dotnet test` (e.g. scripts/test.sh --filter FullyQualifiedName~Postgres).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RESULTS_DIR="${TEST_RESULTS_DIR:-$ROOT/TestResults/suite}"

log() { printf '[test.sh] %s\n' "$*" >&2; }

# --- 1. Servers the tests start on loopback (no Docker engine on CI). -------------------------
install_missing_packages() {
  local pkgs=()
  [[ -x /usr/lib/postgresql/15/bin/initdb ]] || pkgs+=(postgresql-15)
  command -v redis-server >/dev/null 2>&1 || pkgs+=(redis-server)
  command -v turnserver >/dev/null 2>&1 || pkgs+=(coturn)
  command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
  if ((${#pkgs[@]} == 0)); then
    return 0
  fi

  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { log "missing ${pkgs[*]} and not root (no sudo)"; exit 2; }
    sudo=(sudo)
  fi

  # Keep the packages' postinst from starting system services that would hold 5432/6379/3478:
  # a policy-rc.d that answers 101 makes invoke-rc.d skip every start. Only ours is removed.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    created_policy=1
  fi

  log "installing: ${pkgs[*]}"
  local rc=0
  {
    "${sudo[@]}" apt-get update -qq &&
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${pkgs[@]}"
  } >&2 || rc=$?
  if ((created_policy)); then
    "${sudo[@]}" rm -f "$policy"
  fi
  ((rc == 0)) || { log "apt-get failed (exit $rc)"; exit "$rc"; }

  # Belt and braces: if a service was started anyway (systemd, an existing policy), stop it.
  local service
  for service in postgresql redis-server coturn; do
    "${sudo[@]}" service "$service" stop >/dev/null 2>&1 || true
  done
}

install_missing_packages

command -v dotnet >/dev/null 2>&1 || { log "dotnet (SDK 10) is not on PATH"; exit 2; }

# --- 2. The suite. ---------------------------------------------------------------------------
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The daemon completes socket I/O inline by default (src/Host/Configuration/InlineSocketIo.cs); the tests
# that host it inside the test process run it that way too. The runtime reads this once per process.
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS="${DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS:-1}"
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

test_rc=0
dotnet test SignalingAkka.sln -c Release \
  --logger "trx" \
  --results-directory "$RESULTS_DIR" \
  --blame-hang-timeout 10m --blame-hang-dump-type mini \
  "$@" || test_rc=$?

# --- 3. One closing line summed over every TRX file. ------------------------------------------
# Prints the line and exits non-zero when a test failed or none ran.
summarize_trx() {
  python3 - "$1" <<'PY'

import glob, os, sys
import xml.etree.ElementTree as ET

ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
for path in sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True)):
    try:
        counters = ET.parse(path).getroot().find(f"{ns}ResultSummary/{ns}Counters")
    except ET.ParseError as e:
        print(f"[test.sh] unreadable {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    if counters is None:
        continue
    n = lambda key: int(counters.get(key, "0"))
    passed += n("passed")
    failed += n("failed") + n("error") + n("timeout") + n("aborted") + n("disconnected")
    # xunit's skipped tests appear as total - executed (the notExecuted counter stays 0).
    skipped += max(n("total") - n("executed"), n("notExecuted")) + n("inconclusive")
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(0 if failed == 0 and passed + failed > 0 else 1)
PY
}

summary_rc=0
summary="$(summarize_trx "$RESULTS_DIR")" || summary_rc=$?

status=0
if ((test_rc != 0)); then
  log "dotnet test failed (exit $test_rc); results in $RESULTS_DIR"
  status=$test_rc
elif ((summary_rc != 0)); then
  log "failed tests, or no test ran; results in $RESULTS_DIR"
  status=1
fi
# The closing line, last on stdout.
echo "${summary:-0 passed, 0 failed}"
exit "$status"
