#!/usr/bin/env bash
# Serving benchmark: mlops-serving against FastAPI + uvicorn + scikit-learn, side by side in one run,
# with wrk on loopback, next to the machine's floor (tools/bench/floor.c: a minimal C epoll server
# with a constant response, which no server can beat on this machine). Writes the raw wrk summaries
# to $OUT (default target/serving-bench.txt) and prints a Markdown table.
#
#   mvn -B -o -q -pl mlops-core,mlops-serving package -DskipTests
#   bash tools/bench/serving_bench.sh            # DURATION=10s CONNECTIONS=8 THREADS=2 by default
#
# Besides the saturating runs (every connection sends its next request as soon as it has an answer),
# two paced runs offer a fixed load instead: /predict, and the floor server with the same pacing, at
# PACE_FACTOR (default 100) times FastAPI's single-record requests/s from the same run, or at
# PACE_RPS requests/s if set (see the paced section below for how the pacing is calibrated).
#
# Needs: wrk, gcc, Debian's python3-fastapi python3-uvicorn python3-sklearn (apt-get install -y ...).
# Traffic goes to 127.0.0.1 only; every run is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
JAVA_PORT=${JAVA_PORT:-18080}
PY_PORT=${PY_PORT:-18081}
FLOOR_PORT=${FLOOR_PORT:-18083}
PACE_FACTOR=${PACE_FACTOR:-100}
OUT=${OUT:-target/serving-bench.txt}
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v gcc >/dev/null || { echo "gcc is missing: apt-get install -y gcc" >&2; exit 1; }
/usr/bin/python3 -c 'import fastapi, uvicorn, sklearn' 2>/dev/null \
  || { echo "missing: apt-get install -y python3-fastapi python3-uvicorn python3-sklearn" >&2; exit 1; }

# class path: the module's classes plus its dependencies from the local repository
(cd mlops-core && mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/core.cp" -Dmdep.includeScope=runtime >/dev/null)
M2=${M2:-$HOME/.m2/repository}
CP="mlops-serving/target/classes:mlops-core/target/classes:$(cat "$WORK/core.cp")"
CP="$CP:$M2/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar:$M2/org/slf4j/jul-to-slf4j/2.0.17/jul-to-slf4j-2.0.17.jar"

# the model bundle the server loads, made from the spec as the train goal makes it
java -cp "$CP" tools/bench/MakeBundle.java tools/bench/iris-forest.yaml "$WORK/bundle" >"$WORK/bundle.log" 2>&1

start_java() { # port, extra JVM flags...
  local port=$1; shift
  java "$@" -cp "$CP" dev.mlops.serving.ModelServer --bundle "$WORK/bundle" --port "$port" \
    --threads 4 >"$WORK/java-$port.log" 2>&1 &
  PIDS+=($!)
}
wait_ready() { # url
  for _ in $(seq 1 600); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "not ready: $1" >&2; exit 1
}

start_java "$JAVA_PORT"
gcc -O2 -o "$WORK/floor" tools/bench/floor.c
"$WORK/floor" "$FLOOR_PORT" >"$WORK/floor.log" 2>&1 &
PIDS+=($!)
IRIS_CSV=mlops-serving/src/test/resources/data/iris.csv /usr/bin/python3 -m uvicorn fastapi_iris:app \
  --app-dir tools/bench --host 127.0.0.1 --port "$PY_PORT" --log-level warning --no-access-log >"$WORK/py.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$JAVA_PORT/ready"
wait_ready "http://127.0.0.1:$PY_PORT/health"
wait_ready "http://127.0.0.1:$FLOOR_PORT/health"

echo '{"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 4.2, "petal_width": 1.5}' >"$WORK/one.json"
/usr/bin/python3 - "$WORK/batch.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open("mlops-serving/src/test/resources/data/iris.csv")))
feats = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
json.dump({"instances": [{f: float(r[f]) for f in feats} for r in rows[:100]]}, open(sys.argv[1], "w"))
PY

ms() { awk -v k="$1" '$1 == k {printf "%.2f", $2/1000}' "$2"; }
run() { # label, script, url, body; DELAY_MS paces (see post.lua)
  local label=$1 script=$2 url=$3 body=${4:-}
  echo "== $label" >>"$OUT"
  BODY=$body wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "tools/bench/$script" "$url" >"$WORK/run.txt"
  cat "$WORK/run.txt" >>"$OUT"
  local rps err
  rps=$(awk '/^requests_per_s/ {print $2}' "$WORK/run.txt")
  err=$(awk '/^non2xx_or_errors/ {print $2}' "$WORK/run.txt")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$rps" "$(ms latency_p50_us "$WORK/run.txt")" \
    "$(ms latency_p90_us "$WORK/run.txt")" "$(ms latency_p99_us "$WORK/run.txt")" \
    "$(ms latency_p99.9_us "$WORK/run.txt")" "$err"
  cp "$WORK/run.txt" "$WORK/last.txt"
}

: >"$OUT"
{ echo "date: $(date -u +%FT%TZ)"; echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"; nproc; java -version 2>&1 | head -1; } >>"$OUT"
# warm-up (JIT, caches), not reported
BODY="$WORK/one.json" wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s tools/bench/post.lua "http://127.0.0.1:$JAVA_PORT/predict" >/dev/null
BODY="$WORK/batch.json" wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s tools/bench/post.lua "http://127.0.0.1:$JAVA_PORT/predict/batch" >/dev/null
BODY="$WORK/one.json" wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s tools/bench/post.lua "http://127.0.0.1:$PY_PORT/predict" >/dev/null

echo "| run | requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|"
run "mlops-serving POST /predict" post.lua "http://127.0.0.1:$JAVA_PORT/predict" "$WORK/one.json"
run "FastAPI POST /predict" post.lua "http://127.0.0.1:$PY_PORT/predict" "$WORK/one.json"
FASTAPI_RPS=$(awk '/^requests_per_s/ {print $2}' "$WORK/last.txt")
run "mlops-serving POST /predict/batch (100 records)" post.lua "http://127.0.0.1:$JAVA_PORT/predict/batch" "$WORK/batch.json"
run "FastAPI POST /predict/batch (100 records)" post.lua "http://127.0.0.1:$PY_PORT/predict/batch" "$WORK/batch.json"
run "mlops-serving GET /health (constant)" get.lua "http://127.0.0.1:$JAVA_PORT/health"
run "FastAPI GET /health (constant)" get.lua "http://127.0.0.1:$PY_PORT/health"
run "floor: C epoll server, GET (constant)" get.lua "http://127.0.0.1:$FLOOR_PORT/health"

# Paced runs. Each connection waits DELAY_MS after every answer, so it offers one request per
# DELAY_MS + (time to answer); the target is PACE_FACTOR x FastAPI's single-record figure above.
# The time to answer is calibrated by a 3 s paced run at DELAY_MS = CONNECTIONS / target (which
# would hit the target with instant answers): time = CONNECTIONS / achieved - DELAY_MS; the measured
# runs then wait CONNECTIONS / target - time (at least 0). The floor server gets the same DELAY_MS.
PACE_RPS=${PACE_RPS:-$(awk -v f="$FASTAPI_RPS" -v k="$PACE_FACTOR" 'BEGIN {printf "%.0f", f * k}')}
delay0=$(awk -v c="$CONNECTIONS" -v t="$PACE_RPS" 'BEGIN {printf "%.3f", 1000 * c / t}')
DELAY_MS=$delay0 BODY="$WORK/one.json" wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s tools/bench/post.lua \
  "http://127.0.0.1:$JAVA_PORT/predict" >"$WORK/calibrate.txt"
achieved0=$(awk '/^requests_per_s/ {print $2}' "$WORK/calibrate.txt")
DELAY_MS=$(awk -v c="$CONNECTIONS" -v t="$PACE_RPS" -v d="$delay0" -v a="$achieved0" \
  'BEGIN {answer = 1000 * c / a - d; d1 = 1000 * c / t - answer; printf "%.3f", d1 < 0 ? 0 : d1}')
export DELAY_MS
echo "paced: target $PACE_RPS requests/s ($PACE_FACTOR x FastAPI's $FASTAPI_RPS), calibration at DELAY_MS=$delay0 gave $achieved0/s, DELAY_MS=$DELAY_MS" | tee -a "$OUT"
run "mlops-serving POST /predict, paced (target $PACE_RPS/s)" post.lua "http://127.0.0.1:$JAVA_PORT/predict" "$WORK/one.json"
run "floor: C epoll server, POST, same pacing" post.lua "http://127.0.0.1:$FLOOR_PORT/predict" "$WORK/one.json"
unset DELAY_MS

if [ "${NODELAY_OFF:-1}" = 1 ]; then
  # the same server with the JDK's default Nagle setting, to show why TCP_NODELAY is forced on
  start_java $((JAVA_PORT + 2)) -Dsun.net.httpserver.nodelay=false
  wait_ready "http://127.0.0.1:$((JAVA_PORT + 2))/ready"
  run "mlops-serving POST /predict, nodelay=false" post.lua "http://127.0.0.1:$((JAVA_PORT + 2))/predict" "$WORK/one.json"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
grep -h "Listening\|Ready" "$WORK"/java-*.log >>"$OUT" || true
