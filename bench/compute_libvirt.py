#!/usr/bin/python3
"""make bench-compute, real guests: the tiny test guest (scripts/make-test-image)
booted by onestack's libvirt driver, beside a bare `virsh create` of the same
guest in the same run.

  onestack  REPS servers one after another (m1.tiny-sized flavor, config drive,
            `networks: "none"`): POST -> ACTIVE and POST -> the guest's marker
            line (ONESTACK-GUEST-READY, read through os-getConsoleOutput);
            medians
  bare      the domain XML onestack wrote for the first server (`virsh
            dumpxml`), renamed, on a fresh qcow2 overlay of the same cached
            base image and a copy of its config drive: `virsh create` -> the
            marker in its console log; REPS times, median
  parallel  CONCURRENT servers POSTed at once: each one's POST -> marker, and
            whether all of them got there

Usage: bench/compute_libvirt.py [BIN]
env: REPS (5), CONCURRENT (5), TIMEOUT (300 s per guest)
Output: lines on stdout and build/bench/compute-libvirt-<time>.tsv
"""
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET

from benchlib import REPO, Api, Onestack, emit, wait_http

BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build", "src", "cmd", "onestack")
REPS = int(os.environ.get("REPS", "5"))
CONCURRENT = int(os.environ.get("CONCURRENT", "5"))
TIMEOUT = float(os.environ.get("TIMEOUT", "300"))
MARKER = "ONESTACK-GUEST-READY"
MICROVERSION = "2.37"


def row(name, value, p50="", p99="", extra=""):
    return {"name": name, "rps": value, "p50_ms": p50, "p99_ms": p99, "non2xx": extra}


def virsh(*args, check=True):
    out = subprocess.run(["virsh", "-q"] + list(args), capture_output=True, text=True)
    if check and out.returncode != 0:
        raise RuntimeError("virsh %s: %s" % (" ".join(args), out.stderr.strip()))
    return out.stdout


def setup(cloud, image_path):
    token = cloud.admin_token()
    glance = Api(cloud.ports["image"], token)
    status, image = glance.call("POST", "/v2/images", {
        "name": "tiny", "disk_format": "qcow2", "container_format": "bare",
        "visibility": "public", "hw_disk_bus": "virtio"})
    assert status == 201, (status, image)
    conn = http.client.HTTPConnection("127.0.0.1", cloud.ports["image"], timeout=120)
    with open(image_path, "rb") as f:
        conn.request("PUT", "/v2/images/%s/file" % image["id"], body=f.read(),
                     headers={"X-Auth-Token": token,
                              "Content-Type": "application/octet-stream"})
    assert conn.getresponse().status == 204
    nova = Api(cloud.ports["compute_api"], token, "compute", MICROVERSION)
    status, body = nova.call("POST", "/v2.1/flavors", {"flavor": {
        "name": "m1.tiny", "vcpus": 1, "ram": 512, "disk": 1}})
    assert status == 200, (status, body)
    return token, image["id"], body["flavor"]["id"]


def boot(cloud, token, image, flavor, name):
    """POST one server; returns (server id, seconds to ACTIVE, seconds to marker)."""
    nova = Api(cloud.ports["compute_api"], token, "compute", MICROVERSION)
    t0 = time.perf_counter()
    status, body = nova.call("POST", "/v2.1/servers", {"server": {
        "name": name, "imageRef": image, "flavorRef": flavor, "networks": "none",
        "config_drive": True}})
    assert status == 202, (status, body)
    sid = body["server"]["id"]
    active = marker = None
    while time.perf_counter() - t0 < TIMEOUT and marker is None:
        if active is None:
            _, s = nova.call("GET", "/v2.1/servers/" + sid)
            if s["server"]["status"] == "ACTIVE":
                active = time.perf_counter() - t0
            elif s["server"]["status"] == "ERROR":
                raise RuntimeError("server %s went to ERROR: %s" % (name, s["server"].get("fault")))
        if active is not None:
            status, out = nova.call("POST", "/v2.1/servers/%s/action" % sid,
                                    {"os-getConsoleOutput": {"length": 100}})
            if status == 200 and MARKER in out["output"]:
                marker = time.perf_counter() - t0
                break
        time.sleep(0.05)
    return sid, active, marker


def delete(cloud, token, sid):
    nova = Api(cloud.ports["compute_api"], token, "compute", MICROVERSION)
    nova.call("DELETE", "/v2.1/servers/" + sid)
    deadline = time.time() + 120
    while time.time() < deadline:
        status, _ = nova.call("GET", "/v2.1/servers/" + sid)
        if status == 404:
            return
        time.sleep(0.2)


def bare_template(sid, workdir):
    """The domain XML onestack wrote for server sid, and copies of what it
    points to that a bare boot needs (the overlay's base, the config drive)."""
    root = ET.fromstring(virsh("dumpxml", "--inactive", "instance-" + sid))
    base = None
    for disk in root.iter("disk"):
        src = disk.find("source")
        if disk.get("device") == "disk":
            info = subprocess.run(["qemu-img", "info", "-U", "--output=json", src.get("file")],
                                  capture_output=True, text=True, check=True).stdout
            base = json.loads(info).get("full-backing-filename") or json.loads(info).get(
                "backing-filename")
        elif disk.get("device") == "cdrom":
            iso = os.path.join(workdir, "bare-config.iso")
            shutil.copy(src.get("file"), iso)
            src.set("file", iso)
    assert base, "the instance disk has no backing file"
    return root, base


def bare_boot(template, base, workdir, i):
    root = ET.fromstring(ET.tostring(template))
    name = "bench-bare-%d-%s" % (i, uuid.uuid4().hex[:8])
    root.find("name").text = name
    new_uuid = str(uuid.uuid4())
    root.find("uuid").text = new_uuid
    for entry in root.iter("entry"):  # sysinfo's uuid must match the domain's
        if entry.get("name") == "uuid":
            entry.text = new_uuid
    for meta in root.findall("metadata"):
        root.remove(meta)  # onestack's ownership tag: this domain is not an instance
    disk_path = os.path.join(workdir, name + ".qcow2")
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base,
                    disk_path, "1G"], check=True)
    for disk in root.iter("disk"):
        if disk.get("device") == "disk":
            disk.find("source").set("file", disk_path)
    log = os.path.join(workdir, name + ".console.log")
    for serial in root.iter("serial"):
        for logel in serial.findall("log"):
            logel.set("file", log)
        for src in serial.findall("source"):
            serial.remove(src)
    for console in root.iter("console"):
        for src in console.findall("source"):
            console.remove(src)
    xml_path = os.path.join(workdir, name + ".xml")
    ET.ElementTree(root).write(xml_path)
    t0 = time.perf_counter()
    virsh("create", xml_path)
    seconds = None
    while time.perf_counter() - t0 < TIMEOUT:
        if os.path.exists(log) and MARKER in open(log, errors="replace").read():
            seconds = time.perf_counter() - t0
            break
        time.sleep(0.05)
    virsh("destroy", name, check=False)
    for p in (disk_path, log, xml_path):
        if os.path.exists(p):
            os.remove(p)
    return seconds


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def main():
    if subprocess.run([os.path.join(REPO, "scripts", "start-libvirt")]).returncode != 0:
        print("libvirtd could not be started: no real-guest benchmark")
        return
    image_path = subprocess.run([os.path.join(REPO, "scripts", "make-test-image")],
                                capture_output=True, text=True, check=True).stdout.split()[-1]
    os.makedirs(os.path.join(REPO, "build", "bench"), exist_ok=True)
    path = os.path.join(REPO, "build", "bench",
                        "compute-libvirt-%s.tsv" % time.strftime("%Y%m%d-%H%M%S"))
    rows = {}
    cloud = Onestack(BIN, "onestack-bench-libvirt-", ["compute.driver=libvirt"])
    workdir = os.path.join(cloud.work, "bare")
    os.makedirs(workdir)
    try:
        wait_http(cloud.url("compute_api"), cloud.proc)
        token, image, flavor = setup(cloud, image_path)
        with open(path, "w") as out:
            out.write("name\tseconds\tp50\tp99\tnote\n")
            actives, markers, template = [], [], None
            for i in range(REPS):
                sid, active, marker = boot(cloud, token, image, flavor, "bench-%d" % i)
                print("onestack boot %d: ACTIVE %.2f s, marker %s s" % (
                    i, active or -1, "%.2f" % marker if marker else "never"), flush=True)
                actives.append(active)
                markers.append(marker)
                if template is None:
                    template, base = bare_template(sid, workdir)
                delete(cloud, token, sid)
            emit(row("onestack-post-to-active-s (median of %d)" % REPS, "%.2f" % median(actives)),
                 rows, out)
            emit(row("onestack-post-to-marker-s (median of %d)" % REPS, "%.2f" % median(markers),
                     extra="%d of %d reached the marker" % (
                         sum(m is not None for m in markers), REPS)), rows, out)
            bares = []
            for i in range(REPS):
                bares.append(bare_boot(template, base, workdir, i))
                print("bare virsh create %d: marker %s s" % (
                    i, "%.2f" % bares[-1] if bares[-1] else "never"), flush=True)
            emit(row("bare-virsh-create-to-marker-s (median of %d)" % REPS,
                     "%.2f" % median(bares)), rows, out)
            if median(bares) > 0:
                emit(row("ratio onestack/bare (to marker)",
                         "%.2f" % (median(markers) / median(bares))), rows, out)
            results = [None] * CONCURRENT

            def one(k):
                results[k] = boot(cloud, token, image, flavor, "bench-par-%d" % k)

            threads = [threading.Thread(target=one, args=(k,)) for k in range(CONCURRENT)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            reached = [r[2] for r in results if r and r[2] is not None]
            emit(row("onestack-%d-concurrent-post-to-marker-s (median / slowest)" % CONCURRENT,
                     "%.2f" % median(reached), "", "%.2f" % max(reached) if reached else "nan",
                     "%d of %d reached the marker" % (len(reached), CONCURRENT)), rows, out)
            for r in results:
                if r:
                    delete(cloud, token, r[0])
        print("written to %s" % path)
    finally:
        cloud.stop()


if __name__ == "__main__":
    main()
