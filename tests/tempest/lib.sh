# Shared by the Tempest runners (sourced): start a fresh onestack all-in-one,
# write a tempest.conf from a template, run Tempest, report.
#   onestack_start BIN          sets $work, $port (identity), $compute_port, $password,
#                               $OS_CLIENT_CONFIG_FILE/$OS_CLOUD; stops it on exit
#   tempest_workspace TEMPLATE [SED_EXPR...]   @URI@/@PASSWORD@ plus the given substitutions
#   compute_workspace TEMPLATE [COMPUTE_REFS_ARGS...]   images and flavors (compute_refs.py),
#                               then tempest_workspace with @IMAGE_REF[_ALT]@ @FLAVOR_REF[_ALT]@
#   tempest_conf_override INI   sets INI's options over the workspace's tempest.conf
#   tempest_run REGEX OUT [EXCLUDE_FILE]       the run's status; summary, failing.txt in OUT
# cleanup_hooks: commands run on exit after onestack stopped, before the work
# directory goes (e.g. removing the libvirt domains the run created).
# ONESTACK_SETS adds onestack options (space-separated SECTION.NAME=VALUE);
# TEMPEST_CONCURRENCY (default 2); TEMPEST_KEEP=1 keeps the work directory.

lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cleanup_hooks=()

free_port() {
  /usr/bin/python3 "$lib_dir/../e2e/ports.py"
}

onestack_start() {
  local bin=$1
  work=$(mktemp -d /tmp/onestack-tempest.XXXXXX)
  local extra=()
  for s in ${ONESTACK_SETS:-}; do extra+=(--set "$s"); done
  port=$(free_port)
  image_port=$(free_port)
  placement_port=$(free_port)
  compute_port=$(free_port)
  metadata_port=$(free_port)
  "$bin" --set DEFAULT.state_path="$work/data" --set identity.bind_port="$port" \
         --set image.bind_port="$image_port" --set placement.bind_port="$placement_port" \
         --set compute_api.bind_port="$compute_port" --set metadata.bind_port="$metadata_port" \
         --set identity.password_hash_rounds=4 --set DEFAULT.access_log=false \
         --set security_compliance.lockout_failure_attempts=2 \
         --set security_compliance.lockout_duration=10 \
         --set security_compliance.unique_last_password_count=2 \
         "${extra[@]}" all-in-one >"$work/onestack.log" 2>&1 &
  onestack_pid=$!
  trap onestack_cleanup EXIT
  for _ in $(seq 1 200); do
    if [[ -f "$work/data/clouds.yaml" ]] && curl -sf "http://127.0.0.1:$port/v3" >/dev/null; then
      break
    fi
    sleep 0.05
  done
  password=$(awk '/password:/ {print $2}' "$work/data/clouds.yaml")
  export OS_CLIENT_CONFIG_FILE=$work/data/clouds.yaml OS_CLOUD=onestack
}

onestack_cleanup() {
  kill -TERM "$onestack_pid" 2>/dev/null || true
  wait "$onestack_pid" 2>/dev/null || true
  for hook in "${cleanup_hooks[@]}"; do "$hook" || true; done
  if [[ -z "${TEMPEST_KEEP:-}" ]]; then rm -rf "$work"; else echo "kept $work"; fi
}

tempest_workspace() {
  local template=$1
  shift
  local subst=(-e "s|@URI@|http://127.0.0.1:$port/v3|" -e "s|@PASSWORD@|$password|")
  for e in "$@"; do subst+=(-e "$e"); done
  # A private workspace registry: a name taken by an earlier run must not fail this one.
  # From $work: tempest init logs to ./tempest.log of the directory it runs in.
  (cd "$work" && tempest init --workspace-path "$work/workspace.yaml" --name ws "$work/ws" >/dev/null)
  sed "${subst[@]}" "$template" >"$work/ws/etc/tempest.conf"
}

compute_workspace() {
  local template=$1 refs image image_alt flavor flavor_alt
  shift
  refs=$(/usr/bin/python3 "$lib_dir/compute_refs.py" "$work" "$@")
  read -r image image_alt flavor flavor_alt <<<"$refs"
  tempest_workspace "$template" "s|@IMAGE_REF@|$image|" "s|@IMAGE_REF_ALT@|$image_alt|" \
      "s|@FLAVOR_REF@|$flavor|" "s|@FLAVOR_REF_ALT@|$flavor_alt|"
}

tempest_conf_override() {
  /usr/bin/python3 - "$work/ws/etc/tempest.conf" "$1" <<'PY'
import configparser, sys
def load(path):
    c = configparser.ConfigParser(interpolation=None)
    c.optionxform = str
    c.read(path)
    return c
conf, over = load(sys.argv[1]), load(sys.argv[2])
for section in over.sections():
    if not conf.has_section(section):
        conf.add_section(section)
    for k, v in over.items(section):
        conf.set(section, k, v)
with open(sys.argv[1], "w") as f:
    conf.write(f)
PY
}

tempest_run() {
  local regex=$1 out=$2 exclude=${3:-$here/exclude.txt}
  local status=0
  mkdir -p "$out"
  (cd "$work/ws" && tempest run --regex "$regex" --exclude-list "$exclude" \
      --concurrency "${TEMPEST_CONCURRENCY:-2}" >"$out/run.log" 2>&1) || status=$?
  (cd "$work/ws" && stestr failing --list >"$out/failing.txt" 2>/dev/null) || true
  tail -n 12 "$out/run.log"
  if [[ -s "$out/failing.txt" ]]; then
    echo "failing tests (also in $out/failing.txt):"
    cat "$out/failing.txt"
  fi
  return $status
}
