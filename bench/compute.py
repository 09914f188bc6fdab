#!/usr/bin/python3
"""make bench-compute: the compute control plane on the fake driver at scale,
beside upstream Nova on its fake driver where ../shared/reference runs here.

onestack: `onestack all-in-one` (SQLite) with `[compute] driver = fake` and
`[fake] hosts = HOSTS` (one process presents HOSTS compute hosts). From this
second process:

  boot     SERVERS separate `POST /v2.1/servers` (IN_FLIGHT at a time, each on
           its own keep-alive connection), then poll until every server is
           ACTIVE or ERROR: servers/s = SERVERS / (first POST -> last ACTIVE)
  schedule the scheduler's own decision time for each of those boots
           (its log line "selected destinations ... in X ms"): p50 / p99,
           with its parts (candidates, host states, claims), and the time
           each waited for a decision slot ("after Q ms queued", [scheduler]
           workers decide at once) and waited + decided
  detail   `GET /v2.1/servers/detail` with the SERVERS servers present: the
           median of 10 single requests, then wrk at c1 and c4 (REPS x DUR)
  rss      the whole all-in-one (identity, image, placement, compute, HOSTS
           fake hosts) idle before the boots and after everything; and an
           all-in-one with one fake host, idle

Upstream: ../shared/reference/bench/nova.sh (nova-api, conductor, scheduler,
compute on the fake driver, placement; MariaDB, RabbitMQ) with
REF_SERVERS servers, which is as many as it boots in reasonable time.

Usage: bench/compute.py [BIN]
env: SERVERS (1000), HOSTS (1000), IN_FLIGHT (16), DUR (10s), REPS (3),
     REF_SERVERS (50), REFERENCE (../shared/reference; "none" to skip upstream),
     SIDES ("onestack upstream": which to run), SETS (extra "section.option=value"
     settings of the 1,000-host cloud, e.g. "scheduler.workers=2")
Output: lines on stdout and build/bench/compute-<time>.tsv
"""
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time

from benchlib import REPO, Api, Onestack, emit, wait_http, wrk

BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build", "src", "cmd", "onestack")
SERVERS = int(os.environ.get("SERVERS", "1000"))
HOSTS = int(os.environ.get("HOSTS", "1000"))
IN_FLIGHT = int(os.environ.get("IN_FLIGHT", "16"))
DUR = os.environ.get("DUR", "10s")
REPS = int(os.environ.get("REPS", "3"))
REF_SERVERS = int(os.environ.get("REF_SERVERS", "50"))
REFERENCE = os.environ.get("REFERENCE", os.path.join(REPO, "..", "shared", "reference"))
SIDES = os.environ.get("SIDES", "onestack upstream").split()
SETS = os.environ.get("SETS", "").split()  # extra section.option=value for the big cloud
MICROVERSION = "2.37"  # networks: "none"


def row(name, value, p50="", p99="", extra=""):
    return {"name": name, "rps": value, "p50_ms": p50, "p99_ms": p99, "non2xx": extra}


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def setup(cloud):
    """Admin token, unlimited quotas, a 1 MiB raw image and a tiny flavor."""
    token = cloud.admin_token()
    ident = Api(cloud.ports["identity"], token)
    _, body = ident.call("GET", "/v3/projects?name=admin")
    project = body["projects"][0]["id"]
    nova = Api(cloud.ports["compute_api"], token, "compute", MICROVERSION)
    status, body = nova.call("PUT", "/v2.1/os-quota-sets/" + project, {"quota_set": {
        "instances": -1, "cores": -1, "ram": -1}})
    assert status == 200, (status, body)
    glance = Api(cloud.ports["image"], token)
    status, image = glance.call("POST", "/v2/images", {
        "name": "bench-image", "disk_format": "raw", "container_format": "bare"})
    assert status == 201, (status, image)
    conn = http.client.HTTPConnection("127.0.0.1", cloud.ports["image"], timeout=60)
    conn.request("PUT", "/v2/images/%s/file" % image["id"], body=b"\0" * (1 << 20),
                 headers={"X-Auth-Token": token, "Content-Type": "application/octet-stream"})
    assert conn.getresponse().status == 204
    status, body = nova.call("POST", "/v2.1/flavors", {"flavor": {
        "name": "bench.tiny", "vcpus": 1, "ram": 64, "disk": 1}})
    assert status == 200, (status, body)
    return token, image["id"], body["flavor"]["id"]


def wait_hosts(cloud, token, count, seconds=600):
    """Until placement has a provider for each fake host."""
    api = Api(cloud.ports["placement"], token, version="1.39")
    deadline = time.time() + seconds
    while time.time() < deadline:
        _, body = api.call("GET", "/resource_providers")
        if len(body["resource_providers"]) >= count:
            return
        time.sleep(1)
    raise RuntimeError("fake hosts did not register")


def boot(cloud, token, image, flavor):
    names = iter(range(SERVERS))
    lock = threading.Lock()
    codes = []

    def worker():
        api = Api(cloud.ports["compute_api"], token, "compute", MICROVERSION)
        while True:
            with lock:
                i = next(names, None)
            if i is None:
                return
            status, _ = api.call("POST", "/v2.1/servers", {"server": {
                "name": "bench-%d" % i, "imageRef": image, "flavorRef": flavor,
                "networks": "none"}})
            codes.append(status)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(IN_FLIGHT)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    posted = time.perf_counter() - t0
    api = Api(cloud.ports["compute_api"], token, "compute", MICROVERSION)
    while True:
        counts = {}
        for status in ("ACTIVE", "ERROR"):
            _, body = api.call("GET", "/v2.1/servers?limit=1000&status=" + status)
            counts[status] = len(body["servers"])
        if sum(counts.values()) >= codes.count(202) or time.perf_counter() - t0 > 1800:
            break
        time.sleep(0.25)
    done = time.perf_counter() - t0
    return {"accepted": codes.count(202), "posted_s": posted, "done_s": done, **counts}


def scheduler_latencies(log_path):
    """Per decision, from the scheduler's log line: its own time ("in X ms",
    from the moment it holds a decision slot), the parts of it, and the time
    it waited for the slot ("after Q ms queued"; absent before the gate)."""
    pattern = re.compile(
        r"selected destinations for \d+ instance\(s\) in ([0-9.]+) ms"
        r"(?: \(candidates ([0-9.]+) ms, host states ([0-9.]+) ms, claims ([0-9.]+) ms\))?"
        r"(?: after ([0-9.]+) ms queued)?")
    keys = ("decision", "candidates", "host_states", "claims", "queued")
    out = {k: [] for k in keys}
    with open(log_path) as f:
        for m in map(pattern.search, f):
            if m:
                for k, v in zip(keys, m.groups()):
                    if v is not None:
                        out[k].append(float(v))
    if out["queued"] and len(out["queued"]) == len(out["decision"]):
        out["queued_plus_decision"] = [q + d for q, d in zip(out["queued"], out["decision"])]
    return out


def detail_latency(cloud, token):
    api = Api(cloud.ports["compute_api"], token, "compute", MICROVERSION)
    times, count = [], 0
    for _ in range(10):
        t0 = time.perf_counter()
        _, body = api.call("GET", "/v2.1/servers/detail")
        times.append((time.perf_counter() - t0) * 1000)
        count = len(body["servers"])
    return statistics.median(times), count


def run_onestack(rows, out):
    small = Onestack(BIN, "onestack-bench-compute-", ["compute.driver=fake", "fake.hosts=1"])
    try:
        wait_http(small.url("compute_api"), small.proc)
        time.sleep(3)
        emit(row("onestack-rss-idle-MiB (all-in-one, 1 fake host)", "%.1f" % small.rss_mib()),
             rows, out)
    finally:
        small.stop()

    cloud = Onestack(BIN, "onestack-bench-compute-", [
        "compute.driver=fake", "fake.hosts=%d" % HOSTS, "DEFAULT.log_level=info"] + SETS)
    try:
        wait_http(cloud.url("compute_api"), cloud.proc)
        token, image, flavor = setup(cloud)
        t0 = time.perf_counter()
        wait_hosts(cloud, token, HOSTS)
        print("onestack: %d fake hosts in placement after %.1f s more"
              % (HOSTS, time.perf_counter() - t0), flush=True)
        time.sleep(3)
        emit(row("onestack-rss-idle-MiB (all-in-one, %d fake hosts)" % HOSTS,
                 "%.1f" % cloud.rss_mib()), rows, out)
        result = boot(cloud, token, image, flavor)
        print("onestack: %s" % result, flush=True)
        emit(row("onestack-boot-%d-servers-per-s" % SERVERS,
                 "%.1f" % (result["accepted"] / result["done_s"]),
                 extra="active=%d error=%d post_phase_s=%.1f all_done_s=%.1f"
                 % (result["ACTIVE"], result["ERROR"], result["posted_s"], result["done_s"])),
             rows, out)
        lat = scheduler_latencies(cloud.log_path)
        if lat["decision"]:
            def pct(key, label):
                emit(row(label, "", "%.2f" % percentile(lat[key], 0.5),
                         "%.2f" % percentile(lat[key], 0.99)), rows, out)
            pct("decision", "onestack-scheduler-decision-ms (its own work; %d decisions, %d hosts)"
                % (len(lat["decision"]), HOSTS))
            for key in ("candidates", "host_states", "claims"):
                if lat[key]:
                    pct(key, "onestack-scheduler-decision-%s-ms (part of it)" % key)
            if lat["queued"]:
                pct("queued", "onestack-scheduler-queue-wait-ms (waiting for a decision slot)")
            if "queued_plus_decision" in lat:
                pct("queued_plus_decision", "onestack-scheduler-queue-wait-plus-decision-ms")
        median_ms, count = detail_latency(cloud, token)
        emit(row("onestack-servers-detail-single-ms (%d servers)" % count, "%.1f" % median_ms),
             rows, out)
        url = cloud.url("compute_api") + "/v2.1/servers/detail"
        for c in (1, 4):
            emit(wrk("onestack-servers-detail-c%d" % c, url, c, "get.lua", {"TOKEN": token},
                     REPS, DUR), rows, out)
        emit(row("onestack-rss-after-MiB (all-in-one, %d servers)" % SERVERS,
                 "%.1f" % cloud.rss_mib()), rows, out)
    finally:
        cloud.stop()


def run_upstream(rows, out):
    ref = os.path.abspath(REFERENCE)
    script = os.path.join(ref, "bench", "nova.sh")
    if REFERENCE == "none" or not os.path.exists(script) or not os.path.isdir("/var/lib/refcloud"):
        print("upstream: skipped (no reference cloud)")
        return
    services = ["memcached", "keystone", "glance", "placement", "rabbitmq", "nova"]
    subprocess.run([os.path.join(ref, "start.sh")] + services, check=True)
    outdir = os.path.join(REPO, "build", "bench", "nova-reference")
    os.makedirs(outdir, exist_ok=True)
    try:
        res = os.path.join(outdir, "results.tsv")
        if os.path.exists(res):
            os.remove(res)
        subprocess.run([script], env=dict(os.environ, N_SERVERS=str(REF_SERVERS), BOOT_REPS="1",
                                          REPS="1", DUR=DUR, OUTDIR=outdir), check=False)
        text = open(res).read() if os.path.exists(res) else ""
        boot_s = re.search(r"all_active_s=([0-9.]+)", text)
        if boot_s:
            emit(row("upstream-boot-%d-servers-per-s" % REF_SERVERS,
                     "%.2f" % (REF_SERVERS / float(boot_s.group(1))),
                     extra="all_active_s=%s" % boot_s.group(1)), rows, out)
        for line in text.splitlines():
            m = re.match(r"nova-servers-detail-(c\d+)\trps=([0-9.]+)\tp50_ms=([0-9.]+)"
                         r"\tp99_ms=([0-9.]+)", line)
            if m:
                emit(row("upstream-servers-detail-%s (%d servers)" % (m.group(1), REF_SERVERS),
                         m.group(2), m.group(3), m.group(4)), rows, out)
            m = re.match(r"idle_rss .*: ([0-9.]+) MiB", line)
            if m:
                emit(row("upstream-rss-idle-MiB (api+conductor+scheduler+compute+placement)",
                         m.group(1)), rows, out)
    finally:
        subprocess.run([os.path.join(ref, "stop.sh"), "nova", "rabbitmq"])


def main():
    os.makedirs(os.path.join(REPO, "build", "bench"), exist_ok=True)
    path = os.path.join(REPO, "build", "bench", "compute-%s.tsv" % time.strftime("%Y%m%d-%H%M%S"))
    rows = {}
    with open(path, "w") as out:
        out.write("name\tvalue\tp50_ms\tp99_ms\tnote\n")
        print("servers=%d hosts=%d in_flight=%d dur=%s reps=%d"
              % (SERVERS, HOSTS, IN_FLIGHT, DUR, REPS), flush=True)
        if "onestack" in SIDES:
            run_onestack(rows, out)
        if "upstream" in SIDES:
            run_upstream(rows, out)
    print("written to %s" % path)


if __name__ == "__main__":
    main()
