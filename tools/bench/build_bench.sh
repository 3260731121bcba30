#!/usr/bin/env bash
# Build benchmark of the iris sample, built from the reactor root with -am, offline:
#   cold   mvn verify after cleaning the sample (no target/: no train fingerprint; an empty tracking store)
#   warm   mvn verify again with nothing changed (train is up to date)
#   skip   the warm build with -Dmlops.skip (every mlops goal skipped), for comparison
# plus the time of each mlops goal in a cold and a warm build (from Maven's log timestamps), and the
# size of each layer of the image tarball.
#
#   bash tools/bench/build_bench.sh              # COLD_RUNS=3 WARM_RUNS=5 BREAKDOWN_RUNS=2
#
# Uses hyperfine for the totals when it is installed (apt-get install -y hyperfine), else times
# the same commands with `date`. Upstream modules build without their tests (-Dtest selects only the
# sample's IrisModelTest, -Dinvoker.skip skips the plugin's ITs); the sample runs its own test.
# Runs and registry versions go to a temporary store, not samples/iris/mlruns. Jib's user-wide cache
# is kept (it holds the prepared base layers across mvn clean, as on a developer's machine).
# Writes the Markdown summary to $OUT (default target/build-bench.md) and the raw logs next to it.
set -euo pipefail
cd "$(dirname "$0")/../.."
COLD_RUNS=${COLD_RUNS:-3}
WARM_RUNS=${WARM_RUNS:-5}
BREAKDOWN_RUNS=${BREAKDOWN_RUNS:-2}
OUT=${OUT:-target/build-bench.md}
LOGS=$(dirname "$OUT")/build-bench-logs
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log
STORE=$(mktemp -d)
trap 'rm -rf "$STORE"' EXIT

MVN="mvn -B -o -pl samples/iris -am -Dtest=IrisModelTest -Dsurefire.failIfNoSpecifiedTests=false -Dinvoker.skip=true -Dmlops.tracking.uri=$STORE/mlruns -Dmlops.registry.uri=$STORE/mlruns"
VERIFY="$MVN -q verify"
# `mvn clean` of the sample alone cannot resolve the (uninstalled) plugin outside the reactor: remove target/
CLEAN="rm -rf samples/iris/target $STORE/mlruns"
TAR=samples/iris/target/mlops/iris/iris-image.tar
[ -f /var/cache/mlops/jre-base.tar ] || { echo "the JRE base /var/cache/mlops/jre-base.tar is missing: run tools/ci-setup.sh (the image would be skipped)" >&2; exit 1; }
[ ! -d "$HOME/.m2/repository/dev/mlops" ] || { echo "dev.mlops artifacts in ~/.m2 would shadow the reactor: remove $HOME/.m2/repository/dev/mlops" >&2; exit 1; }

# one build first: upstream modules compiled, Jib's cache holds the base layers
eval "$CLEAN" >/dev/null
$VERIFY >"$LOGS/prime.log" 2>&1 || { tail -50 "$LOGS/prime.log"; exit 1; }

if command -v hyperfine >/dev/null; then
  hyperfine --style basic --runs "$COLD_RUNS" --prepare "$CLEAN" --export-json "$LOGS/cold.json" -n cold "$VERIFY"
  hyperfine --style basic --warmup 1 --runs "$WARM_RUNS" --export-json "$LOGS/warm.json" -n warm "$VERIFY"
  hyperfine --style basic --warmup 1 --runs "$WARM_RUNS" --export-json "$LOGS/skip.json" -n skip "$VERIFY -Dmlops.skip"
  TOOL="hyperfine $(hyperfine --version | cut -d' ' -f2)"
else
  timed() { # name runs prepare command
    local name=$1 runs=$2 prepare=$3 command=$4 times=()
    for _ in $(seq "$runs"); do
      [ -z "$prepare" ] || eval "$prepare" >/dev/null
      local t0; t0=$(date +%s.%N); eval "$command" >/dev/null 2>&1; times+=("$(echo "$(date +%s.%N) - $t0" | bc)")
    done
    python3 -c 'import json,sys; print(json.dumps({"results":[{"command":sys.argv[1],"times":[float(t) for t in sys.argv[2:]]}]}))' \
      "$name" "${times[@]}" >"$LOGS/$name.json"
  }
  timed cold "$COLD_RUNS" "$CLEAN" "$VERIFY"
  $VERIFY >/dev/null 2>&1
  timed warm "$WARM_RUNS" "" "$VERIFY"
  timed skip "$WARM_RUNS" "" "$VERIFY -Dmlops.skip"
  TOOL="date (hyperfine not installed)"
fi

# per-goal times: Maven's log with timestamps, a cold and a warm build per round
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"
for i in $(seq "$BREAKDOWN_RUNS"); do
  eval "$CLEAN" >/dev/null
  $MVN verify >"$LOGS/cold-$i.log" 2>&1
  $MVN verify >"$LOGS/warm-$i.log" 2>&1
done
unset MAVEN_OPTS

python3 - "$LOGS" "$TAR" "$TOOL" "$VERIFY" >"$OUT" <<'PY'
import gzip, json, re, statistics, sys, tarfile
from datetime import datetime
logs, tar, tool, verify = sys.argv[1:5]

def stats(name):
    times = json.load(open(f"{logs}/{name}.json"))["results"][0]["times"]
    return f"{statistics.mean(times):.1f} s ± {statistics.stdev(times) if len(times) > 1 else 0:.1f} (min {min(times):.1f}, max {max(times):.1f}, n={len(times)})", statistics.mean(times)

def goals(path):
    """Seconds per step of the sample module: each mojo from its '--- ... ---' line to the next one (the last to the summary)."""
    lines = [l.rstrip("\n") for l in open(path)]
    stamp = re.compile(r"^(\d\d:\d\d:\d\d\.\d\d\d) \[(\w+)\] (.*)")
    events, in_sample = [], False
    for l in lines:
        m = stamp.match(l)
        if not m:
            continue
        t = datetime.strptime(m.group(1), "%H:%M:%S.%f")
        text = m.group(3)
        if "< dev.mlops:" in text:
            in_sample = "sample-iris" in text
            continue
        if not in_sample:
            continue
        g = re.match(r"--- (\S+):\S+:(\S+) \((\S+)\) @ sample-iris ---", text)
        if g:
            events.append((t, g.group(1).replace("maven-", "").replace("-plugin", "") + ":" + g.group(2)))
        elif text.startswith("Reactor Summary") or text.startswith("BUILD "):
            events.append((t, None))
            in_sample = False
    durations = {}
    for (t, name), (t2, _) in zip(events, events[1:]):
        if name:
            durations[name] = durations.get(name, 0) + (t2 - t).total_seconds()
    return durations

print(f"Timing: {tool}. Command: `{verify}` (from the reactor root)\n")
rows = [("cold `mvn verify` (after `mvn clean` of the sample, empty tracking store)", "cold"),
        ("warm `mvn verify` (nothing changed: train up to date)", "warm"),
        ("warm `mvn verify -Dmlops.skip` (every mlops goal skipped)", "skip")]
means = {}
print("| build | wall time |\n|---|---|")
for label, name in rows:
    text, means[name] = stats(name)
    print(f"| {label} | {text} |")
print(f"\nThe mlops goals' share of a warm build (warm − skip): {means['warm'] - means['skip']:.1f} s.\n")

import glob
for kind in ("cold", "warm"):
    runs = [goals(p) for p in sorted(glob.glob(f"{logs}/{kind}-*.log"))]
    names = list(runs[0])
    print(f"Steps of the sample module in a {kind} build (seconds, from the log timestamps, {len(runs)} run(s)):\n")
    print("| step | " + " | ".join(f"run {i+1}" for i in range(len(runs))) + " |")
    print("|---|" + "---|" * len(runs))
    for n in names:
        print(f"| {n} | " + " | ".join(f"{r.get(n, 0):.2f}" for r in runs) + " |")
    mlops = [sum(v for k, v in r.items() if k.startswith("mlops:")) for r in runs]
    print("| **all mlops goals** | " + " | ".join(f"**{m:.2f}**" for m in mlops) + " |")
    print("| all steps of the sample | " + " | ".join(f"{sum(r.values()):.2f}" for r in runs) + " |\n")

def mb(n):
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"

with tarfile.open(tar) as t:
    manifest = json.load(t.extractfile("manifest.json"))[0]
    config = json.load(t.extractfile(manifest["Config"]))
    layers = manifest["Layers"]
    names = ["base"] * (len(layers) - 3) + ["dependencies", "application", "bundle"]
    print(f"Image `{manifest['RepoTags'][0]}` ({tar}), per layer:\n")
    print("| layer | compressed | uncompressed | files |\n|---|---|---|---|")
    total_c = total_u = 0
    for name, layer in zip(names, layers):
        member = t.getmember(layer)
        with t.extractfile(member) as raw:
            with tarfile.open(fileobj=gzip.GzipFile(fileobj=raw), mode="r|") as inner:
                files, size = 0, 0
                for e in inner:
                    if e.isfile():
                        files += 1
                        size += e.size
        total_c += member.size
        total_u += size
        print(f"| {name} | {mb(member.size)} | {mb(size)} | {files} |")
    print(f"| **total** | **{mb(total_c)}** | **{mb(total_u)}** | |")
PY
cat "$OUT"
