#!/usr/bin/python3
"""make bench-placement: onestack placement against upstream placement (Zed),
same machine, same run, same data, same load.

Each side gets HOSTS compute-node providers registered the way a compute
agent does it (VCPU/MEMORY_MB/DISK_GB inventory, traits, an aggregate), then
wrk (loopback, keystone tokens on both sides) measures

  candidates  GET /allocation_candidates as nova's scheduler asks it
              (resources=VCPU:1,MEMORY_MB:512,DISK_GB:10,
              required=!COMPUTE_STATUS_DISABLED, limit=1000)
  providers   GET /resource_providers
  claims      PUT /allocations/{new consumer} at 1.39 (placement_put.lua:
              VCPU 1, MEMORY_MB 16, DISK_GB 1, host after host); the
              hosts' allocation ratios (VCPU 128, MEMORY_MB 1.5, DISK_GB 16)
              leave room for ~800,000 claims, so no run fills them up

at each concurrency in CONCURRENCY, REPS runs of DUR each (medians).

onestack: `onestack all-in-one` (identity validates tokens in-process;
placement on SQLite) in a temporary state directory; its own compute agent
registers one more compute node, so onestack's candidates list has HOSTS+1. Upstream: placement
under uwsgi (2 processes) on MariaDB with keystonemiddleware and memcached,
from ../shared/reference (port 38778); the services this script starts
there it stops again, the ones already running it leaves alone. Its bench
providers (name bench-*) and their allocations are removed before and after.

Usage: bench/placement.py [BIN]
env: HOSTS (100), DUR (10s), REPS (3), CONCURRENCY ("1 16"),
     REFERENCE (../shared/reference; "none" to skip upstream)
Output: lines on stdout and build/bench/placement-<time>.tsv
"""
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

from benchlib import (REPO, Api, Onestack, emit, group_rss_kib, http_up, keystone_token,
                      wait_http, wrk)

BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build", "src", "cmd", "onestack")
HOSTS = int(os.environ.get("HOSTS", "100"))
DUR = os.environ.get("DUR", "10s")
REPS = int(os.environ.get("REPS", "3"))
LEVELS = [int(c) for c in os.environ.get("CONCURRENCY", "1 16").split()]
REFERENCE = os.environ.get("REFERENCE", os.path.join(REPO, "..", "shared", "reference"))
CANDIDATES = ("/allocation_candidates?resources=VCPU:1,MEMORY_MB:512,DISK_GB:10"
              "&required=!COMPUTE_STATUS_DISABLED&limit=1000")


def register_hosts(api, count):
    agg = str(uuid.uuid4())
    hosts = []
    for i in range(count):
        rp = str(uuid.uuid4())
        status, body = api.call("POST", "/resource_providers",
                                {"name": "bench-cn-%d" % i, "uuid": rp})
        assert status == 200, (status, body)
        status, body = api.call("PUT", "/resource_providers/%s/inventories" % rp, {
            "resource_provider_generation": 0,
            "inventories": {"VCPU": {"total": 64, "allocation_ratio": 128.0},
                            "MEMORY_MB": {"total": 262144, "reserved": 512,
                                          "allocation_ratio": 1.5},
                            "DISK_GB": {"total": 2048, "allocation_ratio": 16.0}}})
        assert status == 200, body
        status, body = api.call("PUT", "/resource_providers/%s/traits" % rp, {
            "resource_provider_generation": 1,
            "traits": ["COMPUTE_NODE", "HW_CPU_X86_AVX2", "COMPUTE_VOLUME_MULTI_ATTACH"]})
        assert status == 200, body
        status, body = api.call("PUT", "/resource_providers/%s/aggregates" % rp, {
            "resource_provider_generation": 2, "aggregates": [agg]})
        assert status == 200, body
        hosts.append(rp)
    return hosts


def remove_bench_providers(port, token):
    """Deletes every provider named bench-* and the allocations against it."""
    api = Api(port, token, version="1.39")
    _, body = api.call("GET", "/resource_providers")
    mine = [p["uuid"] for p in body["resource_providers"] if p["name"].startswith("bench-")]
    consumers = set()
    for rp in mine:
        _, allocs = api.call("GET", "/resource_providers/%s/allocations" % rp)
        consumers.update(allocs["allocations"])

    def delete(path):
        return Api(port, token, version="1.39").call("DELETE", path)[0]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(delete, ["/allocations/" + c for c in consumers]))
        list(pool.map(delete, ["/resource_providers/" + rp for rp in mine]))
    return len(mine), len(consumers)


def measure(label, port, token, hosts, rows, out):
    base = "http://127.0.0.1:%d" % port
    hosts_file = os.path.join(tempfile.mkdtemp(prefix="bench-hosts-"), "hosts")
    with open(hosts_file, "w") as f:
        f.write("\n".join(hosts) + "\n")
    env = {"TOKEN": token, "HOSTS_FILE": hosts_file}
    plan = [("candidates", base + CANDIDATES, "placement_get.lua"),
            ("providers", base + "/resource_providers", "placement_get.lua"),
            ("claims", base + "/allocations", "placement_put.lua")]
    for what, url, script in plan:
        for c in LEVELS:
            row = wrk("%s-%s-c%d" % (label, what, c), url, c, script, env, REPS, DUR)
            emit(row, rows, out)
    shutil.rmtree(os.path.dirname(hosts_file), ignore_errors=True)


def run_onestack(rows, out):
    cloud = Onestack(BIN, "onestack-bench-placement-")
    try:
        wait_http(cloud.url("placement"), cloud.proc)
        token = cloud.admin_token()
        api = Api(cloud.ports["placement"], token, version="1.39")
        t0 = time.perf_counter()
        hosts = register_hosts(api, HOSTS)
        print("onestack: registered %d hosts in %.1f s" % (HOSTS, time.perf_counter() - t0))
        _, body = api.call("GET", CANDIDATES)
        print("onestack: %d allocation candidates" % len(body["allocation_requests"]))
        measure("onestack", cloud.ports["placement"], token, hosts, rows, out)
        emit({"name": "onestack-rss-MiB (whole all-in-one)",
              "rps": "%.1f" % cloud.rss_mib(), "p50_ms": "", "p99_ms": "",
              "non2xx": ""}, rows, out)
    finally:
        cloud.stop()


def run_upstream(rows, out):
    ref = os.path.abspath(REFERENCE)
    if REFERENCE == "none" or not os.path.exists(os.path.join(ref, "start.sh")) \
            or not os.path.isdir("/var/lib/refcloud"):
        print("upstream: skipped (no reference cloud)")
        return
    needed = [("memcached", None), ("mariadb", None), ("keystone", 35000), ("placement", 38778)]
    started = []
    for svc, port in needed:
        pidfile = "/var/lib/refcloud/run/%s.pid" % svc
        running = os.path.exists(pidfile) and subprocess.run(
            ["kill", "-0", open(pidfile).read().strip()], capture_output=True).returncode == 0
        if port is not None:
            running = running and http_up(port)
        if not running:
            if os.path.exists(pidfile):
                os.remove(pidfile)  # stale: its process is gone
            started.append(svc)
    try:
        if started:
            subprocess.run([os.path.join(ref, "start.sh")] + started, check=True,
                           env=dict(os.environ, KS_PASSWORD_HASH_ROUNDS="4"))
        token = keystone_token("http://127.0.0.1:35000", "admin", "refadmin-pass", "admin")
        gone = remove_bench_providers(38778, token)
        print("upstream: removed %d leftover bench providers, %d consumers" % gone)
        api = Api(38778, token, version="1.39")
        t0 = time.perf_counter()
        hosts = register_hosts(api, HOSTS)
        print("upstream: registered %d hosts in %.1f s" % (HOSTS, time.perf_counter() - t0))
        _, body = api.call("GET", "/resource_providers")
        print("upstream: %d providers in all" % len(body["resource_providers"]))
        _, body = api.call("GET", CANDIDATES)
        print("upstream: %d allocation candidates" % len(body["allocation_requests"]))
        measure("upstream", 38778, token, hosts, rows, out)
        pid = int(open("/var/lib/refcloud/run/placement.pid").read())
        emit({"name": "upstream-rss-MiB (placement uwsgi master+workers)",
              "rps": "%.1f" % (group_rss_kib(pid) / 1024), "p50_ms": "", "p99_ms": "",
              "non2xx": ""}, rows, out)
        print("upstream: removed %d bench providers, %d consumers"
              % remove_bench_providers(38778, token))
    finally:
        if started:
            subprocess.run([os.path.join(ref, "stop.sh")] + started[::-1])


def main():
    os.makedirs(os.path.join(REPO, "build", "bench"), exist_ok=True)
    path = os.path.join(REPO, "build", "bench",
                        "placement-%s.tsv" % time.strftime("%Y%m%d-%H%M%S"))
    rows = {}
    with open(path, "w") as out:
        out.write("name\trps\tp50_ms\tp99_ms\tnon2xx\n")
        print("hosts=%d dur=%s reps=%d concurrency=%s" % (HOSTS, DUR, REPS, LEVELS))
        run_onestack(rows, out)
        run_upstream(rows, out)
        for name in list(rows):
            if name.startswith("onestack-") and "rss" not in name:
                ref = rows.get(name.replace("onestack-", "upstream-", 1))
                if ref and float(ref["rps"]) > 0:
                    line = "ratio %s\t%.1fx" % (name[len("onestack-"):],
                                                float(rows[name]["rps"]) / float(ref["rps"]))
                    print(line)
                    out.write(line + "\n")
    print("written to %s" % path)


if __name__ == "__main__":
    main()
