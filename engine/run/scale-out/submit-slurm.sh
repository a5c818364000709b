#!/usr/bin/env bash
# Submit a rally run to Slurm as an N-task array plus a merge job that runs when all tasks succeed.
#   engine/run/scale-out/submit-slurm.sh CONFIG [TASKS=4] [SHARDS=shards] [OUT=rally-out]
# Prints the two job ids ("<array id> <merge id>") on its last line. Extra sbatch options
# (partition, account, ...) go in SBATCH_* variables, e.g. SBATCH_PARTITION=batch, or RALLY_SBATCH_ARGS.
# RALLY (the rally command), RALLY_EXPLICIT_SHARD and RALLY_LOGS (log folder, default .) are passed on.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
config="${1:?usage: submit-slurm.sh CONFIG [TASKS] [SHARDS] [OUT]}"
tasks="${2:-4}"
shards="${3:-shards}"
out="${4:-rally-out}"
logs="${RALLY_LOGS:-.}"
read -r -a extra <<< "${RALLY_SBATCH_ARGS:-}"
[ -f "$config" ] || { echo "submit-slurm.sh: no config file $config" >&2; exit 2; }
if [ -d "$shards" ] && [ -n "$(ls -A "$shards")" ]; then
  echo "submit-slurm.sh: $shards is not empty (shards of an earlier run?); remove it or name another folder" >&2
  exit 2
fi
mkdir -p "$shards" "$logs"
export RALLY_CONFIG="$config" RALLY_SHARDS="$shards" RALLY_OUT="$out"

array="$(sbatch --parsable "${extra[@]}" --array="1-$tasks" --output="$logs/rally-shard-%A_%a.log" "$here/slurm-array.sbatch")"
array="${array%%;*}" # --parsable prints "id" or "id;cluster"
merge="$(sbatch --parsable "${extra[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$logs/rally-merge-%j.log" "$here/slurm-merge.sbatch")"
merge="${merge%%;*}"
echo "submitted: array job $array (tasks 1-$tasks -> $shards/1..$tasks), merge job $merge (-> $out, after all tasks succeed)"
echo "$array $merge"
