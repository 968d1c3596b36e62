#!/usr/bin/env bash
# The relay benchmarks of issue 4, side by side in one run: this daemon, a bare ASP.NET Core
# SignalR relay hub (bench/Baseline) and the PeerJS server (npm package `peer`), driven by one
# load generator (bench/Relay). Servers run pinned to CPU 0, the load generator to CPU 1.
#
#   bash bench/run.sh            full run (~20 min): relay-echo P=1,16,128,512 × JSON/MessagePack,
#                                interleaved repeat rounds at P=16,128, idle connections 2k/5k/10k,
#                                session churn on PostgreSQL, resume storm of 1,000 clients
#   bash bench/run.sh --quick    short windows, P=1,16 only, small idle/churn/storm (~5 min)
#   bash bench/run.sh --smoke    a few seconds of relay-echo against the daemon only (CI)
#   bash bench/run.sh --only storm   (or relay, idle, churn; with --quick too) re-runs one part and
#                                keeps the other parts' results of the same mode, then reports again
#
# Results: bench/results/ (full; JSON lines, CSV, summary.md, PNG plots), bench/results/quick/,
# bench/results/smoke/. Every loop below is bounded in count, every wait in time; all traffic is on
# 127.0.0.1. See docs/benchmarks.md, section "Relay".
set -euo pipefail

MODE=full
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick ;;
    --smoke) MODE=smoke ;;
    --only)
      ONLY=${2:-}; shift
      case "$ONLY" in relay|idle|churn|storm) ;; *) echo "--only takes relay, idle, churn or storm" >&2; exit 64 ;; esac ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (use --quick, --smoke or --only PART)" >&2; exit 64 ;;
  esac
  shift
done
want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
case "$MODE" in
  full) RESULTS="$ROOT/bench/results" ;;
  *) RESULTS="$ROOT/bench/results/$MODE" ;;
esac
TMP="$(mktemp -d /tmp/signaling-bench-XXXXXX)"
chmod 755 "$TMP"
LOGS="$RESULTS/logs"
START_TIME=$(date +%s)

# ---- settings per mode -------------------------------------------------------------------------
LICENCE=bench-licence
SPIN=0                      # DOTNET_ThreadPool_UnfairSemaphoreSpinLimit for both .NET servers
# DOTNET_TC_CallCountingDelayMs for both .NET servers, as the daemon's image sets it: pinned to one CPU,
# the runtime's default waits 1 s after each newly compiled method before it optimises hot ones.
TIERING_DELAY_MS=0
case "$MODE" in
  full)
    PAIRS=1,16,128,512; REPEAT_PAIRS=16,128; REPEAT_ROUNDS=2; PREWARM_PAIRS=128
    WARMUP=3; WINDOW=10; PREWARM_DOTNET=25; PREWARM_NODE=10
    IDLE_LEVELS=2000,5000,10000; CHURN_LEVELS="64 128 256"; CHURN_WARMUP=5; CHURN_WINDOW=10; CHURN_ROUNDS=3
    CHURN_PREWARM=60; CHURN_PREWARM_CONCURRENCY=128
    STORM_CLIENTS=1000; SPIN_COMPARE_PAIRS=1,16; SPIN_COMPARE_PREWARM=20 ;;
  quick)
    PAIRS=1,16; REPEAT_PAIRS=""; REPEAT_ROUNDS=0; PREWARM_PAIRS=16
    WARMUP=2; WINDOW=3; PREWARM_DOTNET=8; PREWARM_NODE=3
    IDLE_LEVELS=2000; CHURN_LEVELS="16"; CHURN_WARMUP=2; CHURN_WINDOW=4; CHURN_ROUNDS=1
    CHURN_PREWARM=10; CHURN_PREWARM_CONCURRENCY=16
    STORM_CLIENTS=200; SPIN_COMPARE_PAIRS=""; SPIN_COMPARE_PREWARM=0 ;;
  smoke)
    PAIRS=1; REPEAT_PAIRS=""; REPEAT_ROUNDS=0
    WARMUP=1; WINDOW=2; PREWARM_DOTNET=0; PREWARM_NODE=0 ;;
esac

log() { printf '[bench %4ss] %s\n' "$(( $(date +%s) - START_TIME ))" "$*"; }

# ---- processes we start, and only those, are stopped on exit --------------------------------
PIDS=()
PG_DATA=""
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait_gone "$pid" 20 || true
  done
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    runuser -u signaling-pg -- /usr/lib/postgresql/15/bin/pg_ctl stop -D "$PG_DATA" -m immediate -s -t 10 >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# Waits at most $2 seconds for process $1 to exit; then kills it.
wait_gone() {
  local pid=$1 limit=$2 i
  for ((i = 0; i < limit * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "pid $pid still alive after ${limit}s: SIGKILL"
  kill -9 "$pid" 2>/dev/null || true
}

stop_server() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  wait_gone "$pid" 20
  local kept=() p
  for p in "${PIDS[@]:-}"; do [ "$p" != "$pid" ] && kept+=("$p"); done
  PIDS=("${kept[@]:-}")
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Waits (at most 60 s) until URL answers 200.
wait_http() {
  local url=$1 pid=$2 i
  for ((i = 0; i < 600; i++)); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "server pid $pid died before $url answered" >&2; return 1; }
    sleep 0.1
  done
  echo "$url did not answer within 60 s" >&2
  return 1
}

DAEMON_DIR="$ROOT/src/Host/bin/Release/net10.0"
BASELINE_DIR="$ROOT/bench/Baseline/bin/Release/net10.0"
RELAY_DLL="$ROOT/bench/Relay/bin/Release/net10.0/bench-relay.dll"

# start_daemon NAME [ENV=VALUE ...]: the daemon from its output folder (so its appsettings.json
# applies), SQLite in a fresh temporary data folder unless a connection string is given.
start_daemon() {
  local name=$1; shift
  local port; port=$(free_port)
  mkdir -p "$TMP/$name-data"
  (cd "$DAEMON_DIR" && exec env DOTNET_TC_CallCountingDelayMs="$TIERING_DELAY_MS" \
      Signaling__Licenses__0__Token="$LICENCE" Signaling__Licenses__0__Tier=ENTERPRISE \
      Signaling__Storage__DataDirectory="$TMP/$name-data" \
      "$@" taskset -c 0 dotnet signaling-akka.dll --urls "http://127.0.0.1:$port" \
      >"$LOGS/$name.log" 2>&1) &
  local pid=$!
  PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/ready" "$pid"
  SERVER_PID=$(server_pid "$pid" dotnet); SERVER_URL="http://127.0.0.1:$port"
}

start_baseline() {
  local name=$1; shift
  local port; port=$(free_port)
  (cd "$BASELINE_DIR" && exec env DOTNET_TC_CallCountingDelayMs="$TIERING_DELAY_MS" "$@" taskset -c 0 dotnet bench-baseline.dll --urls "http://127.0.0.1:$port" \
      >"$LOGS/$name.log" 2>&1) &
  local pid=$!
  PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/healthz" "$pid"
  SERVER_PID=$(server_pid "$pid" dotnet); SERVER_URL="http://127.0.0.1:$port"
}

start_peerjs() {
  local name=$1
  local port; port=$(free_port)
  (cd "$ROOT/bench/peerjs" && PORT=$port exec taskset -c 0 node --expose-gc server.js >"$LOGS/$name.log" 2>&1) &
  local pid=$!
  PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/" "$pid"
  SERVER_PID=$(server_pid "$pid" node); SERVER_URL="http://127.0.0.1:$port"
}

# The subshell execs, so its pid is the server's; checked, since CPU is read from /proc/PID/stat.
server_pid() {
  local pid=$1 want=$2
  local comm; comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  [ "$comm" = "$want" ] || { echo "pid $pid is '$comm', not $want" >&2; return 1; }
  echo "$pid"
}

gen() { taskset -c 1 dotnet "$RELAY_DLL" "$@"; }

# ---- preparation ---------------------------------------------------------------------------------
mkdir -p "$RESULTS" "$LOGS"
# A run replaces the results of the previous run of the same mode (--only: of that part).
if [ -z "$ONLY" ]; then
  rm -f "$RESULTS"/*.jsonl "$RESULTS"/*.csv "$RESULTS"/*.json "$RESULTS"/summary.md "$RESULTS"/plots.gp "$RESULTS"/*.png "$LOGS"/*.log
  rm -rf "$RESULTS/plot-data"
else
  rm -f "$RESULTS/$ONLY.jsonl"
  [ "$ONLY" = relay ] && rm -f "$RESULTS/servers.jsonl"
fi

[ "$(nproc --all)" -ge 2 ] || { echo "needs 2 CPUs (server on CPU 0, load generator on CPU 1)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "taskset (util-linux) is missing" >&2; exit 1; }
# 10,000 idle connections need that many descriptors on each side, plus the rest.
ulimit -Hn 200000 2>/dev/null || true
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
log "mode $MODE, results in $RESULTS, open files limit $(ulimit -n)"

if [ "$MODE" != smoke ]; then
  missing=()
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  command -v node >/dev/null || missing+=(nodejs npm)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

log "building (Release)"
dotnet build -c Release -nologo -v q "$ROOT/src/Host/SignalingAkka.Host.csproj" >"$LOGS/build.log" 2>&1 \
  && dotnet build -c Release -nologo -v q "$ROOT/bench/Relay/SignalingAkka.Bench.Relay.csproj" >>"$LOGS/build.log" 2>&1 \
  && dotnet build -c Release -nologo -v q "$ROOT/bench/Baseline/SignalingAkka.Bench.Baseline.csproj" >>"$LOGS/build.log" 2>&1 \
  || { tail -30 "$LOGS/build.log" >&2; exit 1; }
if [ "$MODE" != smoke ]; then
  log "npm install (bench/peerjs)"
  (cd "$ROOT/bench/peerjs" && npm install --no-audit --no-fund --loglevel=error >"$LOGS/npm.log" 2>&1) \
    || { cat "$LOGS/npm.log" >&2; exit 1; }
fi

# The machine, for the record.
{
  echo "{\"mode\":\"$MODE\",\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\","
  echo "\"cpus\":$(nproc --all),\"cpu_model\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\","
  echo "\"memory_kib\":$(grep MemTotal /proc/meminfo | awk '{print $2}'),\"kernel\":\"$(uname -r)\","
  echo "\"dotnet\":\"$(dotnet --version)\",\"node\":\"$(node --version 2>/dev/null || echo none)\","
  echo "\"peer\":\"$(node -p 'require("./bench/peerjs/node_modules/peer/package.json").version' 2>/dev/null || echo none)\","
  echo "\"server_cpu\":0,\"load_generator_cpu\":1,\"spin_limit\":\"$SPIN\",\"loadavg_at_start\":\"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo "\"windows\":{\"warmup_s\":$WARMUP,\"window_s\":$WINDOW,\"prewarm_dotnet_s\":$PREWARM_DOTNET,\"prewarm_node_s\":$PREWARM_NODE}}"
} >"$RESULTS/run-info${ONLY:+-$ONLY}.json"

# ---- smoke: the harness works, against the daemon only ---------------------------------------------
if [ "$MODE" = smoke ]; then
  start_daemon daemon DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$SPIN
  log "daemon pid $SERVER_PID at $SERVER_URL"
  gen probe --name signaling --server-pid "$SERVER_PID" --out "$RESULTS/servers.jsonl" >/dev/null
  status=0
  gen relay --target signaling --protocol json --url "$SERVER_URL" --pairs "$PAIRS" --warmup "$WARMUP" --duration "$WINDOW" \
    --server-pid "$SERVER_PID" --label main --out "$RESULTS/relay.jsonl" || status=$?
  gen report --dir "$RESULTS" >/dev/null
  stop_server "$SERVER_PID"
  python3 - "$RESULTS/relay.jsonl" <<'EOF' || status=1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = rows and all(r.get("messages", 0) > 0 and not r.get("error") and r.get("stalled_pairs", 1) == 0
                  and r.get("payload_check_failures", 1) == 0 and r.get("server_cpu_us_per_msg") for r in rows)
for r in rows:
    print(f"smoke: {r.get('target')}/{r.get('protocol')} P={r.get('pairs')}: {r.get('msgs_per_s', 0):.0f} msgs/s, "
          f"{r.get('server_cpu_us_per_msg') or 0:.1f} µs server CPU/msg, p99 {r.get('rtt_p99_ms') or 0:.2f} ms, error={r.get('error')}")
sys.exit(0 if ok else 1)
EOF
  [ "$status" -eq 0 ] && log "smoke passed" || log "smoke FAILED (status $status)"
  exit "$status"
fi

# ---- relay-echo, all three servers up at once (idle ones cost next to nothing), interleaved -------
if want relay; then
log "relay-echo: starting the three servers on CPU 0 (DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$SPIN)"
start_daemon daemon DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$SPIN; DAEMON_PID=$SERVER_PID; DAEMON_URL=$SERVER_URL
start_baseline baseline DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$SPIN; BASELINE_PID=$SERVER_PID; BASELINE_URL=$SERVER_URL
start_peerjs peerjs; PEER_PID=$SERVER_PID; PEER_URL=$SERVER_URL
curl -s "$BASELINE_URL/runtime" >"$RESULTS/baseline-runtime.json" || true
for s in "signaling $DAEMON_PID" "baseline $BASELINE_PID" "peerjs $PEER_PID"; do
  set -- $s; gen probe --name "$1" --server-pid "$2" --out "$RESULTS/servers.jsonl" >/dev/null
done

# series: target protocol url pid prewarm
SERIES=(
  "signaling json $DAEMON_URL $DAEMON_PID $PREWARM_DOTNET"
  "baseline json $BASELINE_URL $BASELINE_PID $PREWARM_DOTNET"
  "peerjs peerjs $PEER_URL $PEER_PID $PREWARM_NODE"
  "signaling messagepack $DAEMON_URL $DAEMON_PID $PREWARM_DOTNET"
  "baseline messagepack $BASELINE_URL $BASELINE_PID $PREWARM_DOTNET"
)
run_series() { # round pairs prewarm? series...
  local round=$1 pairs=$2 prewarm_on=$3; shift 3
  local s
  for s in "$@"; do
    set -- $s
    local prewarm=$5; [ "$prewarm_on" = yes ] || prewarm=0
    log "relay-echo round $round: $1/$2 P=$pairs (prewarm ${prewarm}s, warm-up ${WARMUP}s, window ${WINDOW}s)"
    gen relay --target "$1" --protocol "$2" --url "$3" --server-pid "$4" --pairs "$pairs" --prewarm "$prewarm" \
      --prewarm-pairs "$PREWARM_PAIRS" --warmup "$WARMUP" --duration "$WINDOW" --setup-parallel 16 --round "$round" --label main \
      --out "$RESULTS/relay.jsonl" >>"$LOGS/relay-generator.log" 2>&1 || log "  (exit $?: stalls, losses or failed checks; see relay.jsonl)"
  done
}
run_series 1 "$PAIRS" yes "${SERIES[@]}"
for ((round = 2; round <= REPEAT_ROUNDS + 1; round++)); do
  [ -n "$REPEAT_PAIRS" ] || break
  # Interleaved: every server again, in another order each round, so drift hits them alike.
  if ((round % 2 == 0)); then
    run_series "$round" "$REPEAT_PAIRS" no "${SERIES[4]}" "${SERIES[2]}" "${SERIES[0]}" "${SERIES[1]}" "${SERIES[3]}"
  else
    run_series "$round" "$REPEAT_PAIRS" no "${SERIES[3]}" "${SERIES[1]}" "${SERIES[0]}" "${SERIES[2]}" "${SERIES[4]}"
  fi
done
for pid in "$DAEMON_PID" "$BASELINE_PID" "$PEER_PID"; do stop_server "$pid"; done
# Relays the daemon refused (its hub logs each failed invocation): with SendAsync the load
# generator never hears of them, so they are counted here.
{
  echo "daemon log of the relay-echo runs ($LOGS/daemon.log):"
  echo "  failed hub invocations: $(grep -c 'Failed to invoke hub method' "$LOGS/daemon.log" || true)"
  echo "  of which UNAVAILABLE (ask timeout): $(grep -c 'UNAVAILABLE' "$LOGS/daemon.log" || true)"
  grep -o "Failed to invoke hub method '[A-Za-z]*'" "$LOGS/daemon.log" | sort | uniq -c | sed 's/^/  /' || true
} >"$RESULTS/daemon-relay-errors.txt"

# The same with the .NET thread pool spinning as it does by default (JSON, both .NET servers).
if [ -n "$SPIN_COMPARE_PAIRS" ]; then
  log "relay-echo with the default thread-pool spinning (no DOTNET_ThreadPool_UnfairSemaphoreSpinLimit)"
  start_daemon daemon-spin; DAEMON_PID=$SERVER_PID; DAEMON_URL=$SERVER_URL
  start_baseline baseline-spin; BASELINE_PID=$SERVER_PID; BASELINE_URL=$SERVER_URL
  for s in "signaling $DAEMON_URL $DAEMON_PID" "baseline $BASELINE_URL $BASELINE_PID"; do
    set -- $s
    gen relay --target "$1" --protocol json --url "$2" --server-pid "$3" --pairs "$SPIN_COMPARE_PAIRS" \
      --prewarm "$SPIN_COMPARE_PREWARM" --prewarm-pairs 16 --warmup "$WARMUP" --duration "$WINDOW" --setup-parallel 16 --label spin-default \
      --out "$RESULTS/relay.jsonl" >>"$LOGS/relay-generator.log" 2>&1 || log "  (exit $?)"
  done
  stop_server "$DAEMON_PID"; stop_server "$BASELINE_PID"
fi
fi # relay

# ---- idle connections: one fresh server each, levels cumulative ----------------------------------
for target in signaling baseline peerjs; do
  want idle || break
  log "idle connections: $target, N=$IDLE_LEVELS"
  case $target in
    signaling) start_daemon idle-daemon DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$SPIN ;;
    baseline) start_baseline idle-baseline DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$SPIN ;;
    peerjs) start_peerjs idle-peerjs ;;
  esac
  gen idle --target "$target" --url "$SERVER_URL" --server-pid "$SERVER_PID" --connections "$IDLE_LEVELS" \
    --out "$RESULTS/idle.jsonl" >>"$LOGS/idle-generator.log" 2>&1 || log "  (exit $?: failures or closed connections; see idle.jsonl)"
  stop_server "$SERVER_PID"
done

# ---- session churn and resume storm on a throwaway PostgreSQL 15 --------------------------------
# As in tests/Integration.Tests/Infrastructure/PostgresServer.cs: initdb refuses root, so the
# cluster belongs to the system user signaling-pg. Durability stays at PostgreSQL's defaults
# (fsync and synchronous_commit on), as a production node would have it. PostgreSQL is pinned to
# CPU 1 with the load generator, so the daemon has CPU 0 to itself.
if want churn || want storm; then
PG_BIN=/usr/lib/postgresql/15/bin
id signaling-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin signaling-pg
PG_BASE="$TMP/pg"; mkdir -p "$PG_BASE"; chown signaling-pg: "$PG_BASE"; chmod 700 "$PG_BASE"
PG_DATA="$PG_BASE/data"; PG_PORT=$(free_port)
log "PostgreSQL 15: initdb, start on 127.0.0.1:$PG_PORT (CPU 1)"
runuser -u signaling-pg -- "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --no-locale >"$LOGS/initdb.log" 2>&1
runuser -u signaling-pg -- taskset -c 1 "$PG_BIN/pg_ctl" start -D "$PG_DATA" -s -w -t 60 -l "$PG_BASE/postgres.log" \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PG_BASE -c max_connections=300" >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE signaling" postgres
PG_CONN="Host=127.0.0.1;Port=$PG_PORT;Database=signaling;Username=postgres"

if want churn; then
start_daemon churn-daemon DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$SPIN Signaling__Storage__PostgresConnectionString="$PG_CONN"
# The levels measure a warm daemon, as the relay series do: a fresh process runs tier-0 code and
# spends CPU on tier-1 compilation for its first half minute or more under churn, and that made
# the first level read about half of what the same build sustains.
log "session churn prewarm: ${CHURN_PREWARM} s at concurrency $CHURN_PREWARM_CONCURRENCY (not reported)"
gen churn --url "$SERVER_URL" --server-pid "$SERVER_PID" --pg-user signaling-pg --concurrency "$CHURN_PREWARM_CONCURRENCY" \
  --warmup "$CHURN_PREWARM" --duration 1 --storage postgresql --out "$TMP/churn-prewarm.jsonl" \
  >>"$LOGS/churn-generator.log" 2>&1 || log "  (prewarm exit $?: see churn-generator.log)"
# Rounds alternate the order of the levels (ascending, descending, ...), as the relay rounds do, so that
# a drift of the machine during the series does not fall on one level; the report takes each level's median.
CHURN_ORDER=""
for ((round = 1; round <= CHURN_ROUNDS; round++)); do
  if ((round % 2 == 1)); then CHURN_ORDER+=" $CHURN_LEVELS"; else CHURN_ORDER+=" $(printf '%s\n' $CHURN_LEVELS | tac | tr '\n' ' ')"; fi
done
for c in $CHURN_ORDER; do
  log "session churn on PostgreSQL, concurrency $c"
  gen churn --url "$SERVER_URL" --server-pid "$SERVER_PID" --pg-user signaling-pg --concurrency "$c" \
    --warmup "$CHURN_WARMUP" --duration "$CHURN_WINDOW" --storage postgresql --out "$RESULTS/churn.jsonl" \
    >>"$LOGS/churn-generator.log" 2>&1 || log "  (exit $?: errors; see churn.jsonl)"
done
stop_server "$SERVER_PID"
fi

if want storm; then
log "resume storm: $STORM_CLIENTS clients on PostgreSQL"
start_daemon storm-daemon DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$SPIN Signaling__Storage__PostgresConnectionString="$PG_CONN"
gen storm --url "$SERVER_URL" --server-pid "$SERVER_PID" --clients "$STORM_CLIENTS" --storage postgresql \
  --out "$RESULTS/storm.jsonl" >>"$LOGS/storm-generator.log" 2>&1 || log "  (exit $?: see storm.jsonl)"
stop_server "$SERVER_PID"
fi
runuser -u signaling-pg -- "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -s -t 30 >/dev/null 2>&1 || true
cp "$PG_BASE/postgres.log" "$LOGS/postgres.log" 2>/dev/null || true
fi # churn or storm

# ---- report and plots ----------------------------------------------------------------------------
log "report"
gen report --dir "$RESULTS" --label main >"$LOGS/report.log" 2>&1 || { cat "$LOGS/report.log" >&2; exit 1; }
(cd "$RESULTS" && gnuplot plots.gp) || log "gnuplot failed"
log "done in $(( $(date +%s) - START_TIME )) s: $RESULTS/summary.md"
cat "$RESULTS/summary.md"
