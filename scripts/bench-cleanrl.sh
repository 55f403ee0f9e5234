#!/usr/bin/env bash
# Side-by-side timing of CleanRL (the peer) and the workbench on the same machine, interleaved per seed
# (../shared/BENCHMARKING.md, docs/benchmarks.md "CleanRL side by side, measured here").
#
#   scripts/bench-cleanrl.sh PEER_DIR ppo [SEEDS...]   CleanRL ppo.py vs samples/ppo-cartpole-cleanrl.json
#   scripts/bench-cleanrl.sh PEER_DIR sac [SEEDS...]   CleanRL sac_continuous_action.py vs samples/sac-pendulum.json
#                                                     at CleanRL's size (12,000 Pendulum steps)
#
# PEER_DIR holds the peer's code, which never enters this repository:
#   PEER_DIR/cleanrl/{ppo.py,sac_continuous_action.py}, PEER_DIR/cleanrl_utils/{__init__,buffers}.py (CleanRL),
#   PEER_DIR/gym/gymnasium (Gymnasium v0.29.1: `git archive v0.29.1 gymnasium pyproject.toml`) and an empty
#   PEER_DIR/gym/farama_notifications/__init__.py.
# The script writes patched copies under PEER_DIR/patched with the three edits BENCHMARKING.md allows (no tyro,
# a CSV SummaryWriter with our metrics.csv layout, argparse over Args) and leaves everything else as CleanRL has it.
# For every run it prints: wall seconds, user+sys CPU seconds of the process (/usr/bin/time), the load average
# before, and the first step and wall time where the training mean of the last N episodic returns reaches the
# target (N=20, 475 for PPO; N=10, -200 for SAC). Results also go to $OUT_DIR (default /tmp/bench-cleanrl).
# WORKBENCH_CMD replaces ./workbench (e.g. the same java command without the build check, or another build);
# ONLY=workbench or ONLY=peer runs one side (to interleave more than two builds); LABEL names the workbench side.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peer="${1:-}"
algo="${2:-ppo}"
shift 2 2>/dev/null || true
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
py="${PYTHON:-/usr/bin/python3}"
out="${OUT_DIR:-/tmp/bench-cleanrl}"
read -r -a wb <<<"${WORKBENCH_CMD:-$here/workbench}"
only="${ONLY:-both}"
label="${LABEL:-workbench}"

usage() {
  cat >&2 <<'EOF'
usage: scripts/bench-cleanrl.sh PEER_DIR {ppo|sac} [SEEDS...]
PEER_DIR is missing or incomplete. Set it up outside the repository (../shared/BENCHMARKING.md):
  apt-get install -y python3-torch python3-numpy python3-cloudpickle python3-typing-extensions libopenblas0-pthread
  mkdir -p PEER_DIR/gym/farama_notifications && touch PEER_DIR/gym/farama_notifications/__init__.py
  (cd Gymnasium && git archive v0.29.1 gymnasium pyproject.toml) | tar x -C PEER_DIR/gym
  (cd cleanrl && git archive HEAD cleanrl/ppo.py cleanrl/sac_continuous_action.py \
      cleanrl_utils/__init__.py cleanrl_utils/buffers.py) | tar x -C PEER_DIR
EOF
  exit 2
}
[ -n "$peer" ] && [ -f "$peer/cleanrl/ppo.py" ] && [ -d "$peer/gym/gymnasium" ] || usage
case "$algo" in ppo|sac) ;; *) usage ;; esac
"$py" -c 'import torch, numpy' 2>/dev/null || { echo "bench-cleanrl: $py cannot import torch/numpy" >&2; usage; }

mkdir -p "$peer/patched/cleanrl_utils" "$out"
cp "$peer/cleanrl_utils/"*.py "$peer/patched/cleanrl_utils/"
cat >"$peer/patched/rlwb_peer_shim.py" <<'EOF'
"""Replaces tyro and tensorboard for the benchmark: CSV rows step,wall_s,tag,value and argparse over Args."""
import argparse, dataclasses, os, time, typing

class SummaryWriter:
    def __init__(self, path):
        os.makedirs(path, exist_ok=True)
        self._t0 = time.time()
        self._f = open(os.path.join(path, "metrics.csv"), "w")
        self._f.write("step,wall_s,key,value\n")
    def add_text(self, *args, **kwargs):
        pass
    def add_scalar(self, tag, value, step):
        self._f.write(f"{int(step)},{time.time() - self._t0:.4f},{tag},{float(value)}\n")
    def close(self):
        self._f.close()

def cli(cls):
    p = argparse.ArgumentParser()
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        t = hints.get(f.name, str)
        if t is bool:
            conv = lambda s: s.lower() in ("1", "true", "yes")
        elif t in (int, float, str):
            conv = t
        else:
            conv = lambda s: None if s == "None" else float(s)
        p.add_argument("--" + f.name.replace("_", "-"), dest=f.name, type=conv, default=f.default)
    return cls(**vars(p.parse_args()))
EOF
for f in ppo.py sac_continuous_action.py; do
  "$py" - "$peer/cleanrl/$f" "$peer/patched/$f" <<'EOF'
import sys
src = open(sys.argv[1]).read()
for old, new in [("import tyro\n", ""),
                 ("from torch.utils.tensorboard import SummaryWriter", "from rlwb_peer_shim import SummaryWriter, cli"),
                 ("tyro.cli(Args)", "cli(Args)")]:
    assert old in src, f"{sys.argv[1]}: expected {old!r}"
    src = src.replace(old, new)
open(sys.argv[2], "w").write(src)
EOF
done

# First step and wall time where the mean of the last N values of TAG reaches TARGET (either CSV layout).
first_reach() { # file tag n target
  "$py" - "$@" <<'EOF'
import csv, sys
path, tag, n, target = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
vals = []
with open(path) as f:
    for row in csv.DictReader(f):
        if row.get("key") != tag:
            continue
        vals.append(float(row["value"]))
        if len(vals) >= n and sum(vals[-n:]) / n >= target:
            print(f"{row['step']} steps at {float(row['wall_s']):.1f} s"); break
    else:
        print("not reached")
EOF
}

timed() { # label logfile cmd...
  local label="$1" log="$2"; shift 2
  local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "%e %U %S" -o "$log.time" "$@" >"$log" 2>&1 || { echo "$label failed, see $log" >&2; tail -5 "$log" >&2; }
  read -r wall user sys <"$log.time"
  printf '%s wall %.1f s, cpu %.1f s (user %.1f + sys %.1f), load before %s\n' \
    "$label" "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$load"
}

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
export WORKBENCH_JAVA_OPTS="${WORKBENCH_JAVA_OPTS:--Xmx2g -Dorg.bytedeco.javacpp.maxbytes=1500m -Dorg.bytedeco.javacpp.maxphysicalbytes=4g}"
"$py" -c 'import torch,time; a=torch.rand(256,256); b=torch.rand(256,256); a@b; t=time.perf_counter(); [a@b for _ in range(200)]; print(f"peer BLAS check: 256x256 matmul {1e3*(time.perf_counter()-t)/200:.2f} ms (OpenBLAS ~0.3, reference ~5.7)")'
for seed in "${seeds[@]}"; do
  if [ "$algo" = ppo ]; then
    wbrun="$out/$label-ppo-$seed"; rm -rf "$wbrun"
    [ "$only" = peer ] || { timed "$label ppo seed $seed" "$out/$label-ppo-$seed.log" \
      "${wb[@]}" run "$here/samples/ppo-cartpole-cleanrl.json" --seed "$seed" --quiet --out "$wbrun"
    echo "  20-episode mean >= 475: $(first_reach "$(find "$wbrun" -name metrics.csv | head -1)" charts/episodic_return 20 475)"; }
    [ "$only" = workbench ] && continue
    rm -rf "$out/runs"
    (cd "$out" && timed "cleanrl ppo seed $seed" "$out/cleanrl-ppo-$seed.log" \
      env PYTHONPATH="$peer/patched:$peer/gym" "$py" "$peer/patched/ppo.py" --seed "$seed" --cuda false)
    echo "  20-episode mean >= 475: $(first_reach "$(find "$out/runs" -name metrics.csv | head -1)" charts/episodic_return 20 475)"
  else
    wbrun="$out/$label-sac-$seed"; rm -rf "$wbrun"
    [ "$only" = peer ] || { timed "$label sac seed $seed" "$out/$label-sac-$seed.log" \
      "${wb[@]}" run "$here/samples/sac-pendulum.json" --seed "$seed" --quiet --out "$wbrun" \
      --budget env_steps=12000 --set 'policy.hidden=[256,256]' --set 'critic.hidden=[256,256]' \
      --set replay.random_steps=5000 --set trainer.learning_starts=5000 \
      --set actor_adam.lr=0.0003 --set critic_adam.lr=0.001
    echo "  10-episode mean >= -200: $(first_reach "$(find "$wbrun" -name metrics.csv | head -1)" charts/episodic_return 10 -200)"; }
    [ "$only" = workbench ] && continue
    rm -rf "$out/runs"
    (cd "$out" && timed "cleanrl sac seed $seed" "$out/cleanrl-sac-$seed.log" \
      env PYTHONPATH="$peer/patched:$peer/gym" "$py" "$peer/patched/sac_continuous_action.py" --seed "$seed" \
      --cuda false --env-id Pendulum-v1 --total-timesteps 12000)
    echo "  10-episode mean >= -200: $(first_reach "$(find "$out/runs" -name metrics.csv | head -1)" charts/episodic_return 10 -200)"
  fi
done
