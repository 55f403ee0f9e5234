#!/usr/bin/env bash
# End-to-end check of the CUDA path, for a machine with an NVIDIA GPU (docs/gpu.md). Builds with -Pcuda, prints the
# backend the workbench detects, runs a short PPO run on CUDA and the same on the CPU, and prints their numbers.
# Nothing here is run by ./mvnw verify; the project has not been run on a GPU yet, so this script is the check.
#
#   scripts/gpu-check.sh              # CUDA 11.6 (+ cuDNN 8.3) installed on the system
#   scripts/gpu-check.sh --redist     # NVIDIA driver only: also downloads org.bytedeco:cuda ...-redist (about 1.8 GB)
#
# Environment: STEPS (PPO budget, default 20000), MAVEN_ARGS (passed to Maven, e.g. a local repository).
# Exit code: 0 when every step passed, else the number of the first failing step.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
profiles="-Pcuda"
[ "${1:-}" = "--redist" ] && profiles="-Pcuda,cuda-redist"
steps="${STEPS:-20000}"
out="$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")"
export MAVEN_ARGS="${MAVEN_ARGS:-} $profiles"   # ./workbench builds with these, and rebuilds when they change
step() { echo; echo "== $1"; }
fail() { echo "FAILED at step $1: $2"; echo "(outputs in $out)"; exit "$1"; }

step "1. driver and GPU (nvidia-smi)"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || fail 1 "nvidia-smi failed"
else
  echo "nvidia-smi not found: no NVIDIA driver on the PATH; the next steps will say what is missing"
fi

step "2. build with $profiles (first time: about 600 MB for nd4j-cuda-11.6$([ "$profiles" = -Pcuda ] || echo ', plus 1.8 GB of CUDA libraries'))"
./mvnw -B -q install -DskipTests || fail 2 "the $profiles build failed"
tr ':' '\n' <app/target/classpath.txt | grep -o 'nd4j-cuda-11.6[^/]*\.jar' | sort -u | sed 's/^/  on the classpath: /'

step "3. detected backend (auto, then cuda)"
./workbench backend | tee "$out/backend-auto.txt" || fail 3 "workbench backend failed"
./workbench --backend cuda backend | tee "$out/backend-cuda.txt" \
  || fail 3 "--backend cuda was refused (the line above says what is missing)"

step "4. short PPO run on CUDA and on the CPU ($steps steps, samples/ppo-cartpole.json, seed 1)"
for b in cuda cpu; do
  ./workbench run samples/ppo-cartpole.json --backend "$b" --seed 1 --budget "env_steps=$steps" \
    --out "$out/ppo-$b" >"$out/ppo-$b.log" 2>&1 || { cat "$out/ppo-$b.log"; fail 4 "the $b run failed"; }
  grep -E '^(backend:|completed|  )' "$out/ppo-$b.log" | sed "s/^/  [$b] /"
done
python3 - "$out" <<'PY' || true
import json, sys, os
base = sys.argv[1]
for b in ("cuda", "cpu"):
    d = os.path.join(base, "ppo-" + b)
    rec = json.load(open(os.path.join(d, "run.json")))
    summ = json.load(open(os.path.join(d, "summary.json"))) if os.path.exists(os.path.join(d, "summary.json")) else {}
    det = rec.get("backend_details", {})
    print(f"  {b:4s} backend={rec.get('backend')!r} device={det.get('cuda.device', '-')} "
          f"memory_bytes={det.get('cuda.memory_bytes', '-')} duration_s={rec.get('duration_s', 0):.1f} "
          f"SPS={summ.get('charts/SPS', '-')} eval/return_mean={summ.get('eval/return_mean', '-')}")
PY
grep -q '"backend" : "CUDA' "$out/ppo-cuda/run.json" || fail 4 "run.json of the cuda run does not record a CUDA backend"

step "5. rollout and update speed on CUDA and on the CPU (workbench bench --skip-solve)"
for b in cuda cpu; do
  ./workbench bench --backend "$b" --skip-solve --iterations 20 --out "$out/bench-$b" 2>&1 | tee "$out/bench-$b.log" \
    | sed "s/^/  [$b] /" || fail 5 "bench on $b failed"
done

step "6. transformer block and KV-cache decoding on CUDA and on the CPU (workbench bench --transformer)"
# One transformer block forward + backward (batch 16 x 64 tokens, width 128, 4 heads) on the autodiff tape, then
# decoding with a KV cache at batch 1 and 16, contexts 128/512/1024: tokens per second on each backend.
for b in cuda cpu; do
  ./workbench bench --backend "$b" --transformer --iterations 10 --decode-steps 32 2>&1 | tee "$out/transformer-$b.log" \
    | sed "s/^/  [$b] /" || fail 6 "bench --transformer on $b failed"
done
grep -q '^backend CUDA' "$out/transformer-cuda.log" || fail 6 "the transformer bench did not run on the CUDA backend"

echo
echo "all steps passed; outputs in $out"
