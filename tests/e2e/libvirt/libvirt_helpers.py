"""Helpers of the libvirt e2e tests (a module of its own: every conftest.py
shares one module name)."""
import importlib.util
import os
import subprocess

# The compute helpers, by path (every e2e directory's modules share sys.path):
# their waits poll the API over HTTP, not a CLI process per poll that would
# take the cores from the TCG guests.
_spec = importlib.util.spec_from_file_location(
    "e2e_compute_helpers", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
        __file__))), "compute", "compute_helpers.py"))
compute = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compute)


def virsh(*args, check=True):
    res = subprocess.run(["virsh", "-c", "qemu:///system", "-q", *args], capture_output=True,
                         text=True, timeout=60)
    if check and res.returncode != 0:
        raise AssertionError("virsh %s: %s" % (" ".join(args), res.stderr))
    return res.stdout.strip()


def domain(uuid):
    return "instance-" + uuid
