# Shared helpers for the benchmark scripts: wrk runs with medians, RSS, tokens.
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export BENCH_DIR
REPS=${REPS:-3}
DUR=${DUR:-10s}

median() { sort -g | awk '{a[NR]=$1} END{if(NR==0){print "nan"} else if(NR%2){print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }
field() { grep -o "$1=[0-9.]*" | cut -d= -f2; }

# get_token AUTH_URL USER PASSWORD PROJECT -> a project-scoped token
get_token() {
  curl -s -i -X POST "$1/auth/tokens?nocatalog" -H 'Content-Type: application/json' \
    -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"$2\",\"domain\":{\"name\":\"Default\"},\"password\":\"$3\"}}},\"scope\":{\"project\":{\"name\":\"$4\",\"domain\":{\"name\":\"Default\"}}}}}" |
    awk 'tolower($1)=="x-subject-token:" {print $2}' | tr -d '\r'
}

# rss_kib PID -> resident set size of one process in KiB
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
# rss_group_kib PID -> summed RSS of PID and its descendants (uwsgi's master and workers)
rss_group_kib() {
  local t=0 r p
  for p in "$1" $(pgrep -P "$1"); do
    r=$(rss_kib "$p" 2>/dev/null || true)
    t=$((t + ${r:-0}))
    [[ $p != "$1" ]] && t=$((t + $(rss_group_kib "$p") - ${r:-0}))
  done
  echo $t
}

# wrkrun NAME CONNECTIONS SCRIPT URL -> one TSV line: name, medians over REPS of rps/p50/p99
wrkrun() {
  local name=$1 c=$2 script=$3 url=$4 t=2 i line
  [ "$c" -lt 2 ] && t=1
  local raw=$OUT.raw
  : >"$raw.$name"
  for i in $(seq 1 "$REPS"); do
    wrk -t$t -c$c -d"$DUR" --timeout 30s -s "$BENCH_DIR/$script" "$url" >>"$raw.$name" 2>&1 || true
  done
  local rps p50 p99 errs
  rps=$(grep RESULT "$raw.$name" | field rps | median)
  p50=$(grep RESULT "$raw.$name" | field p50_ms | median)
  p99=$(grep RESULT "$raw.$name" | field p99_ms | median)
  errs=$(grep RESULT "$raw.$name" | field non2xx3xx | awk '{s+=$1} END {print s+0}')
  line=$(printf '%s\t%s\t%s\t%s\t%s' "$name" "$rps" "$p50" "$p99" "$errs")
  echo "$line" | tee -a "$OUT"
}
