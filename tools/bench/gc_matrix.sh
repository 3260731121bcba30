#!/usr/bin/env bash
# Collector x worker threads for mlops-serving's single-record /predict: for each configuration, a
# fresh server on the benchmark bundle, 5 s of warm-up, then a saturating and a paced wrk run
# (8 connections; pacing as in serving_bench.sh, DELAY_MS default 1.5) and the young-pause summary
# from the JVM's own GC log. Prints one line per run. Meant for a quiet machine: on a loaded one the
# pauses measure CPU starvation, not the collector.
#
#   mvn -B -o -q -pl mlops-core,mlops-serving package -DskipTests
#   bash tools/bench/gc_matrix.sh            # ROUNDS=2 DURATION=8s DELAY_MS=1.5 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-8s}
DELAY=${DELAY_MS:-1.5}
PORT=${PORT:-18200}
# name:threads:JVM flags
CONFIGS=${CONFIGS:-"G1:4: G1:2: G1:8: Serial:4:-XX:+UseSerialGC Parallel:4:-XX:+UseParallelGC G1-Xmn256m:4:-Xmn256m"}
WORK=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

(cd mlops-core && mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/core.cp" -Dmdep.includeScope=runtime >/dev/null)
M2=${M2:-$HOME/.m2/repository}
CP="mlops-serving/target/classes:mlops-core/target/classes:$(cat "$WORK/core.cp")"
CP="$CP:$M2/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar:$M2/org/slf4j/jul-to-slf4j/2.0.17/jul-to-slf4j-2.0.17.jar"
java -cp "$CP" tools/bench/MakeBundle.java tools/bench/iris-forest.yaml "$WORK/bundle" >"$WORK/bundle.log" 2>&1
echo '{"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 4.2, "petal_width": 1.5}' >"$WORK/one.json"

summary() { # wrk output -> "rps p50 p90 p99 p99.9"
  awk '/^requests_per_s/ {r=$2} /^latency_p50_us/ {a=$2/1000} /^latency_p90_us/ {b=$2/1000}
       /^latency_p99_us/ {c=$2/1000} /^latency_p99.9_us/ {d=$2/1000}
       END {printf "%s req/s p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f ms", r, a, b, c, d}' "$1"
}
pauses() { # GC log, JVM uptime in s when the runs started -> young pauses since: count, median, max
  awk -v from="$2" '/Pause Young/ {t = substr($1, 2) + 0; if (t >= from) {v = $NF; sub(/ms$/, "", v); print v}}' "$1" \
    | sort -g | awk '{p[NR] = $1} END {if (NR == 0) {print "no young pauses"; exit}
        printf "%d young pauses, median %.1f ms, max %.1f ms", NR, p[int((NR + 1) / 2)], p[NR]}'
}

for round in $(seq 1 "$ROUNDS"); do
  for cfg in $CONFIGS; do
    name=${cfg%%:*}; rest=${cfg#*:}; threads=${rest%%:*}; flags=${rest#*:}
    PORT=$((PORT + 1))
    # shellcheck disable=SC2086 # flags is a list
    java $flags -Xlog:gc:file="$WORK/gc.log":uptime -cp "$CP" dev.mlops.serving.ModelServer \
      --bundle "$WORK/bundle" --port "$PORT" --threads "$threads" >"$WORK/java.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break; sleep 0.2; done
    BODY="$WORK/one.json" wrk -t2 -c8 -d5s -s tools/bench/post.lua "http://127.0.0.1:$PORT/predict" >/dev/null
    up=$(ps -o etimes= -p "$PID" | tr -d ' ')
    for mode in saturating paced; do
      d=0; [ "$mode" = paced ] && d=$DELAY
      BODY="$WORK/one.json" DELAY_MS=$d wrk -t2 -c8 -d"$DURATION" --latency -s tools/bench/post.lua \
        "http://127.0.0.1:$PORT/predict" >"$WORK/run.txt"
      echo "round $round $name threads=$threads $mode: $(summary "$WORK/run.txt"), load $(cut -d' ' -f1 /proc/loadavg)"
    done
    echo "round $round $name threads=$threads GC during both runs: $(pauses "$WORK/gc.log" "$up")"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  done
done
