#!/usr/bin/env bash
# make bench-identity: token validate (GET /v3/auth/tokens), GET /v3/projects
# and token issue (password, project scope, bcrypt rounds 4) at concurrency 1,
# 16 and 64 with wrk, against onestack and — in the same run, when
# ../shared/reference is set up — upstream Keystone (uwsgi + memcached) and
# nginx serving a tiny static file (the machine's HTTP ceiling). Also onestack's
# idle RSS and time to first answer. Output: build/bench/identity-*.tsv
#   bench/identity.sh [BIN]     env: DUR (10s), REPS (3), CONCURRENCY ("1 16 64")
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
source "$here/lib.sh"
bin=${1:-$repo/build/src/cmd/onestack}
ref=${REFERENCE:-$repo/../shared/reference}
levels=${CONCURRENCY:-"1 16 64"}
mkdir -p "$repo/build/bench"
OUT=$repo/build/bench/identity-$(date +%Y%m%d-%H%M%S).tsv
export OUT
printf 'name\trps\tp50_ms\tp99_ms\tnon2xx\n' >"$OUT"

# --- onestack ---------------------------------------------------------------
work=$(mktemp -d /tmp/onestack-bench.XXXXXX)
port=25000   # below the ephemeral range: polling curl must not self-connect to it
# Sets pid and started_in (seconds to the first answer); not run in a
# subshell, so that pid is the caller's.
start_onestack() {
  local t0=$(date +%s.%N)
  "$bin" --set DEFAULT.state_path="$work/data" --set identity.bind_port=$port \
         --set image.bind_port=$((port + 1)) --set placement.bind_port=$((port + 2)) \
         --set compute_api.bind_port=$((port + 3)) --set metadata.bind_port=$((port + 4)) \
         --set identity.password_hash_rounds=4 --set DEFAULT.access_log=false \
         --set DEFAULT.log_level=warning --set compute.driver=fake all-in-one >"$work/onestack.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/v3" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "onestack exited:" >&2; cat "$work/onestack.log" >&2; exit 1; }
    sleep 0.005
  done
  started_in=$(echo "$(date +%s.%N) - $t0" | bc -l)
}
stop_onestack() { kill -TERM "$pid"; wait "$pid" 2>/dev/null; }
trap 'kill -TERM ${pid:-0} 2>/dev/null; rm -rf "$work"' EXIT

start_onestack   # the first start bootstraps; clouds.yaml is written once every service listens
until [[ -s $work/data/clouds.yaml ]]; do sleep 0.05; done
password=$(awk '/password:/ {print $2}' "$work/data/clouds.yaml")
/usr/bin/python3 "$here/identity_setup.py" "http://127.0.0.1:$port/v3" "$password" >/dev/null
stop_onestack
starts=()
for i in 1 2 3 4 5; do start_onestack; starts+=("$started_in"); stop_onestack; done
printf 'onestack_start_to_first_answer_s\t%s\n' "$(printf '%s\n' "${starts[@]}" | median)" | tee -a "$OUT"
start_onestack
sleep 1
printf 'onestack_idle_rss_MiB\t%s\n' "$(echo "scale=1; $(rss_kib $pid)/1024" | bc)" | tee -a "$OUT"

# Token issue verifies a bcrypt hash on every request (upstream too, with the
# same cost): libxcrypt's rate per CPU-second (the library onestack calls)
# bounds token issue at twice this on two cores.
bcrypt_rate=$(/usr/bin/python3 -W ignore -c '
import crypt, time
h = crypt.crypt("bench-pass", "$2b$04$" + "a" * 22)
n, t0 = 0, time.process_time()
while time.process_time() - t0 < 2:
    crypt.crypt("bench-pass", h); n += 1
print(round(n / (time.process_time() - t0)))')
printf 'bcrypt_rounds4_verifies_per_cpu_second\t%s\n' "$bcrypt_rate" | tee -a "$OUT"

bench_identity() {  # LABEL AUTH_URL ADMIN_PASSWORD
  local label=$1 url=$2 admin_pw=$3
  local admin user
  admin=$(get_token "$url" admin "$admin_pw" admin)
  user=$(get_token "$url" bench4 bench-pass bench)
  for c in $levels; do
    TOKEN=$admin SUBJECT=$user wrkrun "$label-validate-c$c" "$c" get.lua "$url/auth/tokens"
  done
  for c in $levels; do
    TOKEN=$admin wrkrun "$label-projects-c$c" "$c" get.lua "$url/projects"
  done
  for c in $levels; do
    OS_USERNAME=bench4 OS_PASSWORD=bench-pass OS_PROJECT_NAME=bench \
      wrkrun "$label-issue-rounds4-c$c" "$c" token_issue.lua "$url/auth/tokens"
  done
}
bench_identity onestack "http://127.0.0.1:$port/v3" "$password"
printf 'onestack_rss_after_load_MiB\t%s\n' "$(echo "scale=1; $(rss_kib $pid)/1024" | bc)" | tee -a "$OUT"
stop_onestack

# --- upstream Keystone and nginx, same run ----------------------------------
if [[ -x "$ref/start.sh" && -d /var/lib/refcloud ]]; then
  # Services another benchmark already runs are used as they are and left running.
  started=()
  curl -sf -o /dev/null http://127.0.0.1:35000/v3 || started+=(memcached keystone)
  curl -sf -o /dev/null http://127.0.0.1:38000/ || started+=(nginx)
  if [[ ${#started[@]} -gt 0 ]]; then
    KS_CACHE=memcached KS_PASSWORD_HASH_ROUNDS=4 "$ref/start.sh" "${started[@]}" >/dev/null
  fi
  for _ in $(seq 1 600); do curl -sf -o /dev/null http://127.0.0.1:35000/v3 && break; sleep 0.1; done
  kpid=$(cat /var/lib/refcloud/run/keystone.pid 2>/dev/null || echo)
  [[ -n "$kpid" ]] && printf 'keystone_idle_rss_MiB\t%s\n' "$(echo "scale=1; $(rss_group_kib "$kpid")/1024" | bc)" | tee -a "$OUT"
  bench_identity keystone "http://127.0.0.1:35000/v3" refadmin-pass
  for c in 16 64; do wrkrun "nginx-c$c" "$c" get.lua "http://127.0.0.1:38000/"; done
  if [[ ${#started[@]} -gt 0 ]]; then "$ref/stop.sh" "${started[@]}" >/dev/null 2>&1 || true; fi
else
  echo "reference cloud not set up ($ref): upstream rows skipped" >&2
fi
echo "results: $OUT"
