"""Issue 4 acceptance over HTTP: concurrent claims by two schedulers racing
for the last slot of a host never over-commit.

A running `onestack serve placement` (its own SQLite database); a host with
four VCPUs, three of them already claimed. Round after round, two scheduler
processes released by one barrier PUT /allocations for the last slot at the
same moment: exactly one gets 204, the other placement's 409 for capacity,
and a third process reading the host's usages for the whole run never sees
more than the host holds.
"""
import multiprocessing
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from placement_server import Server, request  # noqa: E402

ROUNDS = 40
CAPACITY = 4


def call(url, method, path, body=None):
    status, _, data = request(method, url + path, body, version="1.39")
    return status, data


def claim_body(rp):
    return {"allocations": {rp: {"resources": {"VCPU": 1, "MEMORY_MB": 256}}},
            "project_id": "p", "user_id": "u", "consumer_generation": None,
            "consumer_type": "INSTANCE"}


def scheduler(args):
    """One scheduler process: wait for the other, then claim the last slot."""
    url, rp, consumer, barrier = args
    barrier.wait()
    return call(url, "PUT", "/allocations/" + consumer, claim_body(rp))


def watch_usages(url, rp, stop, peaks):
    """Reads the host's usages until told to stop; reports the highest seen."""
    peak, reads = 0, 0
    while not stop.is_set():
        status, body = call(url, "GET", "/resource_providers/%s/usages" % rp)
        if status == 200:
            peak = max(peak, body["usages"].get("VCPU", 0))
            reads += 1
    peaks.put((peak, reads))


def test_two_schedulers_racing_for_the_last_slot_never_overcommit():
    server = Server()
    try:
        url = server.url
        rp = str(uuid.uuid4())
        assert call(url, "POST", "/resource_providers", {"name": "host", "uuid": rp})[0] == 200
        status, body = call(url, "PUT", "/resource_providers/%s/inventories" % rp, {
            "resource_provider_generation": 0,
            "inventories": {"VCPU": {"total": CAPACITY}, "MEMORY_MB": {"total": 8192}}})
        assert status == 200, body
        for _ in range(CAPACITY - 1):  # the host is full but for one slot
            status, body = call(url, "PUT", "/allocations/%s" % uuid.uuid4(), claim_body(rp))
            assert status == 204, body

        ctx = multiprocessing.get_context("fork")
        stop, peaks = ctx.Event(), ctx.Queue()
        watcher = ctx.Process(target=watch_usages, args=(url, rp, stop, peaks))
        watcher.start()
        try:
            with ctx.Manager() as manager, ctx.Pool(2) as pool:
                for round_ in range(ROUNDS):
                    barrier = manager.Barrier(2)
                    consumers = [str(uuid.uuid4()), str(uuid.uuid4())]
                    results = pool.map(scheduler, [(url, rp, c, barrier) for c in consumers])
                    statuses = [status for status, _ in results]
                    assert sorted(statuses) == [204, 409], (round_, results)
                    winner = consumers[statuses.index(204)]
                    loser = consumers[statuses.index(409)]
                    err = results[statuses.index(409)][1]["errors"][0]
                    assert "would exceed the capacity" in err["detail"], (round_, err)
                    # The winner holds the slot, the loser nothing, the host is full.
                    _, usages = call(url, "GET", "/resource_providers/%s/usages" % rp)
                    assert usages["usages"]["VCPU"] == CAPACITY, (round_, usages)
                    _, mine = call(url, "GET", "/allocations/" + winner)
                    assert mine["allocations"][rp]["resources"]["VCPU"] == 1
                    _, theirs = call(url, "GET", "/allocations/" + loser)
                    assert theirs["allocations"] == {}
                    # Free the slot for the next round.
                    assert call(url, "DELETE", "/allocations/" + winner)[0] == 204
        finally:
            stop.set()
            peak, reads = peaks.get(timeout=60)
            watcher.join(timeout=60)
        assert reads > 0
        assert peak <= CAPACITY, "usages reached %d VCPU of %d" % (peak, CAPACITY)
    finally:
        server.stop()
