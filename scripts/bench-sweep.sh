#!/bin/bash
# The sweep benchmark of docs/benchmarks.md ("Sweeps: the local executor"). Needs a built tree
# (./mvnw -B -q install -DskipTests). Writes under ${B:-/tmp/sweeps-bench}.
set -e
cd "$(dirname "$0")/.."
CP=app/target/classes:$(cat app/target/classpath.txt)
export OMP_NUM_THREADS=1
B=${B:-/tmp/sweeps-bench}; rm -rf "$B"; mkdir -p "$B"
uptime
# Speed-up: the 4-trial sample sweep at 16,384 env steps per trial, one trial at a time, then two.
for p in 1 2; do
  /usr/bin/time -f "parallel=$p wall %e s user %U s sys %S s" java -Xmx2g -cp "$CP" io.rlwb.app.Main sweep \
      samples/sweep-ppo-cartpole.json --out "$B/p$p" --parallel $p --budget env_steps=16384 --plugins "$B/none" --quiet
  uptime
done
# Overhead per trial: 8 trials of one iteration (512 env steps) one after another; the gap between one trial's
# end and the next one's start (run.json times) is what the executor adds (parse, validate, claim, collect).
cat > "$B/tiny.json" <<J
{"format": "workbench-sweep", "version": 1, "graph": "$PWD/samples/ppo-cartpole.json",
 "seeds": {"first": 1, "count": 8}, "budget": {"iterations": 1}, "set": {"eval.every_steps": 1000000}}
J
/usr/bin/time -f "overhead sweep wall %e s" java -Xmx2g -cp "$CP" io.rlwb.app.Main sweep "$B/tiny.json" \
    --out "$B/ov" --parallel 1 --plugins "$B/none" --quiet
uptime
python3 - "$B" <<'PY'
import json, glob, sys, datetime
def t(s): return datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))
for d in ['p1', 'p2', 'ov']:
    runs = sorted((json.load(open(f)) for f in glob.glob(f'{sys.argv[1]}/{d}/trials/*/run.json')), key=lambda r: r['started'])
    span = (max(t(r['ended']) for r in runs) - min(t(r['started']) for r in runs)).total_seconds()
    gaps = [(t(runs[i + 1]['started']) - t(runs[i]['ended'])).total_seconds() for i in range(len(runs) - 1)]
    print(f"{d}: {len(runs)} trials, first start to last end {span:.2f} s, sum of run times "
          f"{sum(r['duration_s'] for r in runs):.2f} s, gaps {['%.3f' % g for g in gaps]}")
PY
