#!/bin/bash
# Submits the study's array, then the merge, which runs only after every shard succeeded.
# Run from the repository's root (on a shared file system), after npm ci.
set -euo pipefail
export STUDY=${STUDY:-$PWD/runs/study}
array=$(sbatch --parsable --export=ALL deploy/slurm/study.sbatch)
sbatch --dependency=afterok:"$array" --export=ALL deploy/slurm/merge.sbatch
echo "study $array: shards in $STUDY/shard-*, merged into $STUDY/all when every shard has succeeded"
