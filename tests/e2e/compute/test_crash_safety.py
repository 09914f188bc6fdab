"""Crash safety on the fake driver: the all-in-one is killed (SIGKILL) while
servers build, started again on the same state directory, and every server
must settle ACTIVE or ERROR (init_host recovery and the reconciler, with a
short task deadline), with placement holding exactly the ACTIVE servers'
claims. Its own cloud: slow spawns, a short deadline and a restart would
disturb the shared one. Driven through openstacksdk (no CLI start-up per call)."""
import os
import signal
import subprocess
import time


def kill_and_restart(cloud):
    """SIGKILL, then the same command line again (same ports, same state)."""
    with open("/proc/%d/cmdline" % cloud.proc.pid, "rb") as f:
        argv = [a.decode() for a in f.read().split(b"\0") if a]
    cloud.proc.send_signal(signal.SIGKILL)
    cloud.proc.wait()
    log = open(os.path.join(cloud.workdir, "onestack.log"), "a")
    cloud.proc = subprocess.Popen(argv, cwd=cloud.workdir, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        assert cloud.proc.poll() is None, "onestack exited after the restart: see onestack.log"
        try:
            conn = cloud.sdk()
            list(conn.compute.flavors())  # identity and the compute API answer
            return conn
        except Exception:
            time.sleep(0.2)
    raise AssertionError("onestack did not answer after the restart")


def wait_settled(cloud, conn, ids):
    """Polls until no server is BUILD (or has any other task in flight). The
    bound is the reconciler's deadline plus a few sweeps and slack for a
    loaded machine: a poll limit, not a measurement."""
    deadline = time.time() + cloud.task_deadline + 10 * cloud.reconciler_interval + 60
    servers = {}
    while time.time() < deadline:
        servers = {i: conn.compute.get_server(i) for i in ids}
        if all(s.status in ("ACTIVE", "ERROR") and s.task_state is None
               for s in servers.values()):
            return servers
        time.sleep(0.5)
    return servers


def allocations(conn, consumer):
    return conn.placement.get("/allocations/" + consumer).json()["allocations"]


def test_sigkill_while_building_settles_every_server(crash_cloud):
    conn = crash_cloud.sdk()
    path = os.path.join(crash_cloud.workdir, "boot.img")
    with open(path, "wb") as f:
        f.write(os.urandom(16 * 1024))
    image = conn.image.create_image(name="crash-boot", filename=path, disk_format="raw",
                                    container_format="bare", wait=True)
    flavor = conn.compute.create_flavor(name="crash.small", ram=128, vcpus=1, disk=1)
    ids = []

    def create(n):
        for _ in range(n):
            s = conn.compute.create_server(name="crash-%d" % len(ids), image_id=image.id,
                                           flavor_id=flavor.id, networks="none")
            ids.append(s.id)

    # Two servers are ACTIVE before the crash (they must stay so, claims and
    # all); four reach their hosts (spawning, 4 s each) and three are still
    # being scheduled when the process dies.
    create(2)
    assert set(wait_settled(crash_cloud, conn, ids)[i].status for i in ids) == {"ACTIVE"}
    create(4)
    deadline = time.time() + 60
    while time.time() < deadline:
        states = [conn.compute.get_server(i).task_state for i in ids[2:]]
        if "spawning" in states:
            break
        time.sleep(0.1)
    assert "spawning" in states, states
    create(3)
    conn = kill_and_restart(crash_cloud)

    servers = wait_settled(crash_cloud, conn, ids)
    unsettled = {i: (s.status, s.task_state) for i, s in servers.items()
                 if s.status not in ("ACTIVE", "ERROR") or s.task_state is not None}
    assert not unsettled, unsettled

    # Placement holds exactly the ACTIVE servers' claims, on their hosts' providers.
    providers = {p["name"]: p["uuid"]
                 for p in conn.placement.get("/resource_providers").json()["resource_providers"]}
    active = {i for i, s in servers.items() if s.status == "ACTIVE"}
    for i, s in servers.items():
        held = allocations(conn, i)
        if i in active:
            assert list(held) == [providers[s.compute_host]], (i, held)
            assert held[providers[s.compute_host]]["resources"] == \
                {"VCPU": 1, "MEMORY_MB": 128, "DISK_GB": 1}, (i, held)
        else:
            fault = conn.compute.get("/servers/" + i).json()["server"].get("fault") or {}
            assert held == {}, (i, fault, held)
            assert fault.get("message"), i
    consumers = set()
    for uuid in providers.values():
        consumers |= set(conn.placement.get(
            "/resource_providers/%s/allocations" % uuid).json()["allocations"])
    assert consumers == active

    # The survivors still work: every server deletes, and its claim goes.
    for i in ids:
        conn.compute.delete_server(i)
    for i in ids:
        conn.compute.wait_for_delete(servers[i], wait=60)
        assert allocations(conn, i) == {}
