"""Helpers of the libvirt e2e tests (a module of its own: every conftest.py
shares one module name)."""
import subprocess


def virsh(*args, check=True):
    res = subprocess.run(["virsh", "-c", "qemu:///system", "-q", *args], capture_output=True,
                         text=True, timeout=60)
    if check and res.returncode != 0:
        raise AssertionError("virsh %s: %s" % (" ".join(args), res.stderr))
    return res.stdout.strip()


def domain(uuid):
    return "instance-" + uuid
