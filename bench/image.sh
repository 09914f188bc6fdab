#!/usr/bin/env bash
# Image service benchmark, onestack and upstream glance-api side by side in one run:
#   bench/image.sh [BIN]
# - upload and download of a 1 GiB image through the API (curl -T / -o), MB/s, with the
#   server's peak RSS growth during each (sampled every 0.1 s);
# - dd write and read of the same size on the same disk (the state directory's);
# - the same transfers against nginx (sendfile, WebDAV PUT, no hashing): the ceiling of this
#   client (curl) and loopback, which no image server can pass; and MD5 + SHA-512 rates
#   (openssl speed), which cap any server that hashes while it streams, as Glance must;
# - GET /v2/images with 1,000 images (the default page of 25 at c16, limit=1000 at c4), req/s
#   (wrk, DUR each).
# Upstream is ../shared/reference (started here if it is not running, and then stopped
# again; port 39292); the list images made there are deleted afterwards.
# Env: SIZE_MIB (1024), REPS (3 rounds of dd/onestack/upstream transfers), N_IMAGES (1000),
#      DUR (10s), STATE (a dir on the disk to use; kept, but its 1 GiB file is removed),
#      SKIP_UPSTREAM=1 to measure onestack alone.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
bin=${1:-$repo/build/src/cmd/onestack}
ref=${REFERENCE:-$repo/../shared/reference}
SIZE_MIB=${SIZE_MIB:-1024}
REPS=${REPS:-3}
N_IMAGES=${N_IMAGES:-1000}
DUR=${DUR:-10s}
work=${STATE:-$(mktemp -d /var/tmp/onestack-bench-image.XXXXXX)}
mkdir -p "$work"
big=$work/big.bin
py=/usr/bin/python3

free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/^VmRSS/{print $2}' /proc/$1/status 2>/dev/null || echo 0; }
# rss of every process in the process groups given (upstream runs several workers)
rss_pgids_kib() { local t=0 p g; for g in "$@"; do for p in $(pgrep -g "$g"); do t=$((t + $(rss_kib $p))); done; done; echo $t; }
# sample_peak OUT CMD...: peak RSS (KiB) of the sampled command's value while it runs
sampler() { local out=$1; shift; local peak=0 v; while :; do v=$("$@"); [ "$v" -gt "$peak" ] && peak=$v && echo $peak > "$out"; sleep 0.1; done; }
mbps() { echo "scale=1; $SIZE_MIB / $1" | bc; }

echo "# $(date -Is) load: $(cut -d' ' -f1-3 /proc/loadavg) size=${SIZE_MIB}MiB dir=$work"
[ -f "$big" ] || head -c $((SIZE_MIB * 1048576)) /dev/urandom > "$big"
sync

# --- onestack -------------------------------------------------------------------------------
ip=$(free_port); kp=$(free_port); pp=$(free_port); cp=$(free_port)
"$bin" --set DEFAULT.state_path="$work/data" --set identity.bind_port=$kp --set image.bind_port=$ip \
       --set placement.bind_port=$pp --set compute_api.bind_port=$cp --set identity.password_hash_rounds=4 \
       --set DEFAULT.access_log=false --set metadata.enabled=false --set compute.driver=fake all-in-one > "$work/onestack.log" 2>&1 &
os_pid=$!
started_ref=0
cleanup() {
  kill $os_pid 2>/dev/null; wait $os_pid 2>/dev/null
  [ -n "${nginx_pid:-}" ] && kill "$nginx_pid" 2>/dev/null
  rm -f "$big" "$work/dd.bin"
  [ $started_ref = 1 ] && (cd "$ref" && ./stop.sh glance keystone memcached >/dev/null 2>&1)
  [ -z "${STATE:-}" ] && rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 300); do [ -f "$work/data/clouds.yaml" ] && curl -sf "http://127.0.0.1:$ip/versions" >/dev/null && break; sleep 0.1; done
pw=$(awk '/password:/ {print $2}' "$work/data/clouds.yaml")
token_for() { # AUTH_URL USER PASSWORD PROJECT
  curl -si -X POST "$1/auth/tokens" -H 'Content-Type: application/json' -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"$2\",\"domain\":{\"id\":\"default\"},\"password\":\"$3\"}}},\"scope\":{\"project\":{\"name\":\"$4\",\"domain\":{\"id\":\"default\"}}}}}" \
    | awk 'tolower($1)=="x-subject-token:"{print $2}' | tr -d '\r'
}
OS_TOKEN=$(token_for "http://127.0.0.1:$kp/v3" admin "$pw" admin)

# transfer NAME URL TOKEN RSS_CMD...: create, upload, download, delete; prints one line
transfer() {
  local name=$1 url=$2 tok=$3; shift 3
  local id up down code base peak_up peak_down sp
  id=$(curl -s -X POST "$url/v2/images" -H "X-Auth-Token: $tok" -H 'Content-Type: application/json' \
       -d "{\"name\":\"bench-big\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}" | jq -r .id)
  sync
  base=$("$@")
  sampler "$work/peak.up" "$@" & sp=$!
  read -r code up < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X PUT -T "$big" \
       -H "X-Auth-Token: $tok" -H 'Content-Type: application/octet-stream' "$url/v2/images/$id/file")
  kill $sp; wait $sp 2>/dev/null
  peak_up=$(cat "$work/peak.up" 2>/dev/null || echo "$base")
  [ "$code" = 204 ] || echo "upload answered $code" >&2
  sampler "$work/peak.down" "$@" & sp=$!
  read -r code down < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
       -H "X-Auth-Token: $tok" "$url/v2/images/$id/file")
  kill $sp; wait $sp 2>/dev/null
  peak_down=$(cat "$work/peak.down" 2>/dev/null || echo "$base")
  curl -s -o /dev/null -X DELETE -H "X-Auth-Token: $tok" "$url/v2/images/$id"
  rm -f "$work/peak.up" "$work/peak.down"
  printf '%s\tupload_MBps=%s\tdownload_MBps=%s\trss_before_MiB=%s\tpeak_rss_growth_upload_MiB=%s\tpeak_rss_growth_download_MiB=%s\n' \
    "$name" "$(mbps "$up")" "$(mbps "$down")" $((base / 1024)) $(((peak_up - base) / 1024)) $(((peak_down - base) / 1024))
}

# make_images URL TOKEN N: at least N images in the caller's project
make_images() {
  $py - "$1" "$2" "$3" <<'PY'
import sys, json, http.client, threading, urllib.parse
url, tok, n = sys.argv[1], sys.argv[2], int(sys.argv[3]); u = urllib.parse.urlsplit(url)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
c.request("GET", "/v2/images?limit=1000", headers={"X-Auth-Token": tok}); have = len(json.loads(c.getresponse().read())["images"])
todo = iter(range(max(0, n - have))); lock = threading.Lock()
def work():
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    while True:
        with lock: i = next(todo, None)
        if i is None: return
        c.request("POST", "/v2/images", json.dumps({"name": "list-%d" % i, "disk_format": "raw", "container_format": "bare"}),
                  {"X-Auth-Token": tok, "Content-Type": "application/json"}); c.getresponse().read()
ts = [threading.Thread(target=work) for _ in range(8)]; [t.start() for t in ts]; [t.join() for t in ts]
PY
}

# delete_list_images URL TOKEN: removes the images make_images made (names list-N)
delete_list_images() {
  $py - "$1" "$2" <<'PY'
import sys, json, http.client, threading, urllib.parse
url, tok = sys.argv[1], sys.argv[2]; u = urllib.parse.urlsplit(url)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=120); ids = []; path = "/v2/images?limit=1000"
while path:
    c.request("GET", path, headers={"X-Auth-Token": tok}); body = json.loads(c.getresponse().read())
    ids += [i["id"] for i in body["images"] if i["name"].startswith("list-")]; path = body.get("next")
todo = iter(ids); lock = threading.Lock()
def work():
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    while True:
        with lock: i = next(todo, None)
        if i is None: return
        c.request("DELETE", "/v2/images/" + i, headers={"X-Auth-Token": tok}); c.getresponse().read()
ts = [threading.Thread(target=work) for _ in range(8)]; [t.start() for t in ts]; [t.join() for t in ts]
PY
}

# listing NAME URL TOKEN: the default page (25) at c16, then limit=1000 at c4 (upstream takes
# seconds per full page; more connections only queue). Default page first, so requests
# upstream still works through after wrk stops cannot slow it.
listing() {
  local r1 r2
  r1=$(TOKEN=$3 wrk -t2 -c16 -d"$DUR" --timeout 60s -s "$here/image_list.lua" "$2/v2/images" | grep RESULT)
  r2=$(TOKEN=$3 wrk -t2 -c4 -d"$DUR" --timeout 60s -s "$here/image_list.lua" "$2/v2/images?limit=1000" | grep RESULT)
  printf '%s\tdefault25_c16: %s\tlimit1000_c4: %s\n' "$1" "${r1#RESULT }" "${r2#RESULT }"
}

# seconds CMD...: wall time of a command, in seconds
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
# dd_round: dd on the same disk: page-cached write and read (as both services' stores do:
# neither syncs), the read again bypassing the cache (the disk itself), and the write again
# with fdatasync; one line. Every write starts after a sync, so none pays for the
# writeback of the one before.
dd_round() {
  local w r rd ws
  sync
  w=$(seconds dd if="$big" of="$work/dd.bin" bs=1M)
  r=$(seconds dd if="$work/dd.bin" of=/dev/null bs=1M)
  rd=$(seconds dd if="$work/dd.bin" of=/dev/null bs=1M iflag=direct)
  rm -f "$work/dd.bin"
  sync
  ws=$(seconds dd if="$big" of="$work/dd.bin" bs=1M conv=fdatasync)
  rm -f "$work/dd.bin"
  printf 'dd\twrite_MBps=%s\tread_MBps=%s\tread_direct_MBps=%s\twrite_fdatasync_MBps=%s\n' \
    "$(mbps "$w")" "$(mbps "$r")" "$(mbps "$rd")" "$(mbps "$ws")"
}

# nginx_ceiling: the same PUT and GET of the file against nginx (sendfile, WebDAV PUT, no
# hashing, no auth), one line: what curl over loopback can move at all on this machine.
ngx_port=$(free_port)
mkdir -p "$work/ngx/root" "$work/ngx/tmp"
cat > "$work/ngx/nginx.conf" <<EOF
user root; worker_processes 1; pid $work/ngx/nginx.pid; error_log $work/ngx/error.log;
events { worker_connections 64; }
http { access_log off; sendfile on; tcp_nopush on; client_max_body_size 0;
  client_body_temp_path $work/ngx/tmp; proxy_temp_path $work/ngx/tmp; fastcgi_temp_path $work/ngx/tmp;
  uwsgi_temp_path $work/ngx/tmp; scgi_temp_path $work/ngx/tmp;
  server { listen 127.0.0.1:$ngx_port; root $work/ngx/root; dav_methods PUT DELETE; } }
EOF
nginx_ceiling() {
  local up down
  sync
  up=$(curl -s -o /dev/null -w '%{time_total}' -X PUT -T "$big" "http://127.0.0.1:$ngx_port/big.bin")
  down=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$ngx_port/big.bin")
  curl -s -o /dev/null -X DELETE "http://127.0.0.1:$ngx_port/big.bin"
  printf 'nginx-no-hashing\tupload_MBps=%s\tdownload_MBps=%s\n' "$(mbps "$up")" "$(mbps "$down")"
}
# hash_rates: MD5 and SHA-512 over 16 KiB blocks (openssl speed, one core), MiB/s, and the
# rate of both on one stream (1 / (1/md5 + 1/sha512)), the cost a hashing upload pays.
hash_rates() {
  local md5 sha
  md5=$(openssl speed -evp md5 -bytes 16384 -seconds 2 2>/dev/null | awk '/^md5/ {sub(/k$/, "", $NF); print $NF / 1024}')
  sha=$(openssl speed -evp sha512 -bytes 16384 -seconds 2 2>/dev/null | awk '/^sha512/ {sub(/k$/, "", $NF); print $NF / 1024}')
  printf 'hash-one-core\tmd5_MBps=%.0f\tsha512_MBps=%.0f\tboth_serial_MBps=%.0f\n' "$md5" "$sha" \
    "$(echo "1 / (1 / $md5 + 1 / $sha)" | bc -l)"
}
nginx_pid=
if command -v nginx > /dev/null && nginx -c "$work/ngx/nginx.conf"; then nginx_pid=$(cat "$work/ngx/nginx.pid"); fi
hash_rates

if [ -z "${SKIP_UPSTREAM:-}" ]; then
  if ! curl -sf -o /dev/null http://127.0.0.1:39292/healthcheck; then
    (cd "$ref" && ./start.sh memcached keystone glance) >/dev/null 2>&1
    started_ref=1
  fi
  REF_TOKEN=$(set +u; source "$ref/env.sh"; token_for "$OS_AUTH_URL" "$OS_USERNAME" "$OS_PASSWORD" "$OS_PROJECT_NAME")
  ref_pgid=$(cat /var/lib/refcloud/run/glance.pid)
fi

# Rounds interleave dd, onestack and upstream so that the machine's load (shared, it
# moves) weighs on all three alike; the summary takes medians of throughput and the
# largest RSS growth seen.
rounds=$work/rounds.tsv
: > "$rounds"
for rep in $(seq 1 "$REPS"); do
  dd_round | tee -a "$rounds"
  [ -n "$nginx_pid" ] && nginx_ceiling | tee -a "$rounds"
  transfer onestack "http://127.0.0.1:$ip" "$OS_TOKEN" rss_kib $os_pid | tee -a "$rounds"
  if [ -z "${SKIP_UPSTREAM:-}" ]; then
    transfer upstream-glance http://127.0.0.1:39292 "$REF_TOKEN" rss_pgids_kib "$ref_pgid" | tee -a "$rounds"
  fi
done
echo "# summary over $REPS rounds (median MB/s, max RSS growth MiB)"
awk -F'\t' '
  { name = $1; for (i = 2; i <= NF; i++) { split($i, kv, "="); k = kv[1]; v = kv[2];
      keys[name] = keys[name] (index(keys[name], " " k " ") ? "" : " " k " ");
      n[name, k]++; val[name, k, n[name, k]] = v + 0 } ; order[name] = order[name] ? order[name] : ++seen }
  function median(name, k,   m, i, j, t, a) {
    m = n[name, k]; for (i = 1; i <= m; i++) a[i] = val[name, k, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
  function maximum(name, k,   i, x) { x = val[name, k, 1]; for (i = 2; i <= n[name, k]; i++) if (val[name, k, i] > x) x = val[name, k, i]; return x }
  END { for (name in order) names[order[name]] = name
    for (o = 1; o <= seen; o++) { name = names[o]; line = name; c = split(keys[name], ks, " ")
      for (i = 1; i <= c; i++) { k = ks[i]; if (k == "") continue
        line = line "\t" k "=" (k ~ /growth/ ? maximum(name, k) : median(name, k)) }
      print line } }' "$rounds"

make_images "http://127.0.0.1:$ip" "$OS_TOKEN" "$N_IMAGES"
listing onestack-list-${N_IMAGES} "http://127.0.0.1:$ip" "$OS_TOKEN"
if [ -z "${SKIP_UPSTREAM:-}" ]; then
  make_images http://127.0.0.1:39292 "$REF_TOKEN" "$N_IMAGES"
  listing upstream-glance-list-${N_IMAGES} http://127.0.0.1:39292 "$REF_TOKEN"
  delete_list_images http://127.0.0.1:39292 "$REF_TOKEN"
fi
