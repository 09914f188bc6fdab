#!/usr/bin/python3
"""Placement benchmark: allocation candidates and claims at 1,000 hosts.

Starts `onestack serve placement` (noauth2, SQLite in a temp dir), registers
HOSTS compute-node providers the way a compute agent does (VCPU, MEMORY_MB,
DISK_GB inventory, traits, an aggregate), then measures

  * GET /allocation_candidates as nova's scheduler asks it
    (resources=VCPU:1,MEMORY_MB:512,DISK_GB:10, required=!COMPUTE_STATUS_DISABLED,
    limit=1000): latency p50/p99 from one client, and req/s with wrk at c4/c16;
  * claims (PUT /allocations/{consumer} at 1.39 with consumer_generation null):
    claims/s and p50/p99 from 1 and 8 concurrent clients;
  * the same candidate request against upstream placement from
    ../shared/reference (port 38778) when REFERENCE=1 and it is running.

Usage: bench/placement.py [BIN]   env: HOSTS (1000), REQUESTS (300), DUR (10s)
"""
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build", "src", "cmd", "onestack")
HOSTS = int(os.environ.get("HOSTS", "1000"))
REQUESTS = int(os.environ.get("REQUESTS", "300"))
DUR = os.environ.get("DUR", "10s")
CANDIDATES = ("/allocation_candidates?resources=VCPU:1,MEMORY_MB:512,DISK_GB:10"
              "&required=!COMPUTE_STATUS_DISABLED&limit=1000")


class Api:
    def __init__(self, host, port, token="admin"):
        self.host, self.port, self.token = host, port, token
        self.conn = http.client.HTTPConnection(host, port, timeout=60)

    def call(self, method, path, body=None, version="1.39"):
        headers = {"X-Auth-Token": self.token, "OpenStack-API-Version": "placement " + version,
                   "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        resp = self.conn.getresponse()
        text = resp.read()
        return resp.status, (json.loads(text) if text else None)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def register_hosts(api, count):
    agg = str(uuid.uuid4())
    hosts = []
    for i in range(count):
        rp = str(uuid.uuid4())
        status, _ = api.call("POST", "/resource_providers", {"name": "bench-cn-%d" % i, "uuid": rp})
        assert status == 200, status
        status, body = api.call("PUT", "/resource_providers/%s/inventories" % rp, {
            "resource_provider_generation": 0,
            "inventories": {"VCPU": {"total": 64, "allocation_ratio": 4.0},
                            "MEMORY_MB": {"total": 262144, "reserved": 512},
                            "DISK_GB": {"total": 2048}}})
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


def candidate_latency(api, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        status, body = api.call("GET", CANDIDATES)
        times.append((time.perf_counter() - t0) * 1000)
        assert status == 200, body
    return body, times


def wrk(url, conns, token):
    env = dict(os.environ, BENCH_DIR=HERE, TOKEN=token)
    out = subprocess.run(["wrk", "-t2", "-c%d" % conns, "-d" + DUR, "--timeout", "30s",
                          "-s", os.path.join(HERE, "placement_get.lua"), url],
                         env=env, capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if l.startswith("RESULT")]
    return dict(kv.split("=") for kv in line[0].split()[1:]) if line else {}


def claims(port, hosts, clients, per_client):
    lat = []
    lock = threading.Lock()
    failures = [0]

    def run(k):
        api = Api("127.0.0.1", port)
        mine = []
        for i in range(per_client):
            rp = hosts[(k * per_client + i) % len(hosts)]
            t0 = time.perf_counter()
            status, _ = api.call("PUT", "/allocations/%s" % uuid.uuid4(), {
                "allocations": {rp: {"resources": {"VCPU": 1, "MEMORY_MB": 512, "DISK_GB": 10}}},
                "project_id": "bench", "user_id": "bench", "consumer_generation": None,
                "consumer_type": "INSTANCE"})
            mine.append((time.perf_counter() - t0) * 1000)
            if status != 204:
                failures[0] += 1
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return len(lat) / elapsed, lat, failures[0]


def report(rows, name, values=None, **fields):
    if values is not None:
        fields.update(p50_ms="%.2f" % percentile(values, 50), p99_ms="%.2f" % percentile(values, 99))
    line = "%-44s %s" % (name, " ".join("%s=%s" % kv for kv in fields.items()))
    print(line, flush=True)
    rows.append(line)


def main():
    rows = []
    work = tempfile.mkdtemp(prefix="onestack-bench-placement-")
    port = free_port()
    proc = subprocess.Popen([BIN, "--set", "DEFAULT.state_path=%s" % work,
                             "--set", "placement.bind_port=%d" % port,
                             "--set", "placement.auth_strategy=noauth2",
                             "--set", "DEFAULT.access_log=false",
                             "--set", "DEFAULT.log_level=warning", "serve", "placement"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                Api("127.0.0.1", port).call("GET", "/")
                break
            except OSError:
                time.sleep(0.05)
        api = Api("127.0.0.1", port)
        t0 = time.perf_counter()
        hosts = register_hosts(api, HOSTS)
        report(rows, "onestack register %d hosts (4 writes each)" % HOSTS,
               seconds="%.1f" % (time.perf_counter() - t0))
        body, lat = candidate_latency(api, REQUESTS)
        report(rows, "onestack candidates %d hosts, c1" % HOSTS, lat,
               candidates=len(body["allocation_requests"]),
               bytes=len(json.dumps(body)))
        for c in (4, 16):
            r = wrk("http://127.0.0.1:%d%s" % (port, CANDIDATES), c, "admin")
            report(rows, "onestack candidates %d hosts, wrk c%d" % (HOSTS, c),
                   rps=r.get("rps"), p50_ms=r.get("p50_ms"), p99_ms=r.get("p99_ms"))
        for clients in (1, 8):
            rate, lat, failed = claims(port, hosts, clients, 400 // clients)
            report(rows, "onestack claims, %d client(s)" % clients, lat,
                   claims_per_s="%.0f" % rate, failed=failed)
        body, lat = candidate_latency(api, REQUESTS // 3)
        report(rows, "onestack candidates after 800 claims, c1", lat,
               candidates=len(body["allocation_requests"]))
        rss = [l for l in open("/proc/%d/status" % proc.pid) if l.startswith("VmRSS")][0]
        report(rows, "onestack placement RSS", rss_kib=rss.split()[1])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)

    if os.environ.get("REFERENCE") == "1":
        token = subprocess.run(
            ["bash", "-c", "source %s/../shared/reference/env.sh && openstack token issue -f value -c id"
             % REPO], capture_output=True, text=True).stdout.strip()
        ref = Api("127.0.0.1", 38778, token)
        status, body = ref.call("GET", "/resource_providers?name=bench-cn-0")
        if not body["resource_providers"]:
            t0 = time.perf_counter()
            register_hosts(ref, HOSTS)
            report(rows, "upstream register %d hosts" % HOSTS,
                   seconds="%.1f" % (time.perf_counter() - t0))
        body, lat = candidate_latency(ref, max(20, REQUESTS // 10))
        report(rows, "upstream candidates %d hosts, c1" % HOSTS, lat,
               candidates=len(body["allocation_requests"]))
        r = wrk("http://127.0.0.1:38778%s" % CANDIDATES, 4, token)
        report(rows, "upstream candidates %d hosts, wrk c4" % HOSTS,
               rps=r.get("rps"), p50_ms=r.get("p50_ms"), p99_ms=r.get("p99_ms"))


if __name__ == "__main__":
    main()
