#!/usr/bin/env bash
# Strong and weak scaling of an experiment over MPI ranks (docs/scale-out.md). Needs jsim built
# with -DJSIM_MPI=ON (scripts/setup.sh --tests) and Open MPI's mpirun.
#   bench/scale_out.sh [JSIM] [MAX_RANKS]
# Strong: one sweep (8 design points x 4 replications of retail_omnichannel, timed, 100,000
# arrivals a run: 32 runs) on R ranks of one thread each, and on one rank with R threads.
# Weak: 4 points x 4 replications per rank, so the work grows with the ranks.
# Hand-out cost: 1,000 tiny runs (tiny_funnel, 200 agents), where coordination is all there is.
# One timed run shared by the ranks (5 M arrivals), against the same run on threads; and one large
# timed run in one process (5 M and 20 M arrivals of retail_omnichannel on all cores), for the
# time and memory per customer behind the estimates.
# Every configuration's sweep.csv must be byte-identical to the 1-rank one (checked here too).
set -euo pipefail
JSIM="$(realpath "${1:-$(dirname "$0")/../build/jsim}")"
MAX="${2:-$(nproc)}"
cd "$(dirname "$0")/.."
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
MPIRUN="mpirun --oversubscribe --allow-run-as-root --bind-to none"

points() {  # n design points of design.integration in [0, 1]
  python3 -c "import sys; n=int(sys.argv[1]); print(','.join(f'{i/(n-1):.4g}' for i in range(n)))" "$1"
}

timed() {  # label, then the command; prints wall seconds and peak RSS of the largest process
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>&1
  read -r seconds kb < "$dir/time"
  printf '%-34s %7.2f s  %6.1f MB\n' "$label" "$seconds" "$(echo "$kb / 1024" | bc -l)"
}

sweep() {  # points, ranks, threads, out
  echo "sweep scenarios/retail_omnichannel.yaml --set design.integration=$(points "$1") --arrivals 1000000 --replications 4 --threads $3 --quiet --out $4"
}

echo "strong scaling: 8 points x 4 replications, 1,000,000 arrivals a run (32 runs)"
timed "1 rank x 1 thread (no mpirun)" "$JSIM" $(sweep 8 1 1 "$dir/ref")
for ((r = 1; r <= MAX; r *= 2)); do
  timed "$r rank(s) x 1 thread" $MPIRUN -np "$r" "$JSIM" $(sweep 8 "$r" 1 "$dir/np$r")
  cmp -s "$dir/ref/sweep.csv" "$dir/np$r/sweep.csv" || { echo "sweep.csv differs with $r ranks"; exit 1; }
  [ "$r" -gt 1 ] && timed "1 rank x $r threads" "$JSIM" $(sweep 8 1 "$r" "$dir/t$r")
  [ "$r" -gt 1 ] && { cmp -s "$dir/ref/sweep.csv" "$dir/t$r/sweep.csv" || { echo "sweep.csv differs with $r threads"; exit 1; }; }
done

echo "weak scaling: 4 points x 4 replications per rank"
for ((r = 1; r <= MAX; r *= 2)); do
  timed "$r rank(s), $((4 * r)) points" $MPIRUN -np "$r" "$JSIM" $(sweep $((4 * r)) "$r" 1 "$dir/w$r")
done

echo "hand-out cost: 100 points x 10 replications of tiny_funnel, 200 agents a run (1,000 runs)"
tiny="sweep scenarios/tiny_funnel.yaml --set design.integration=0..0.99:0.01 --replications 10 --agents 200 --threads 1 --quiet"
timed "1 process" "$JSIM" $tiny --out "$dir/tiny1"
timed "1 rank (mpirun)" $MPIRUN -np 1 "$JSIM" $tiny --out "$dir/tinyr1"
for ((r = 2; r <= MAX; r *= 2)); do
  timed "$r ranks" $MPIRUN -np "$r" "$JSIM" $tiny --out "$dir/tinyr$r"
  cmp -s "$dir/tiny1/sweep.csv" "$dir/tinyr$r/sweep.csv" || { echo "tiny sweep.csv differs with $r ranks"; exit 1; }
done
timed "mpirun of a command that ends at once" $MPIRUN -np "$MAX" "$JSIM" validate scenarios/tiny_funnel.yaml

echo "one timed run shared by the ranks: 5,000,000 arrivals of retail_omnichannel"
big="run scenarios/retail_omnichannel.yaml --arrivals 5000000 --quiet"
timed "1 process x 1 thread" "$JSIM" $big --threads 1 --out "$dir/big"
for ((r = 1; r <= MAX; r *= 2)); do
  timed "$r rank(s) x 1 thread" $MPIRUN -np "$r" "$JSIM" $big --threads 1 --out "$dir/big$r"
  cmp -s "$dir/big/results.h5" "$dir/big$r/results.h5" || { echo "results.h5 differs with $r ranks"; exit 1; }
done
timed "1 process x $MAX threads" "$JSIM" $big --threads "$MAX" --out "$dir/bigt"

echo "one large timed run, all cores"
for n in 5000000 20000000; do
  timed "$n arrivals" "$JSIM" run scenarios/retail_omnichannel.yaml --arrivals "$n" --quiet
done
