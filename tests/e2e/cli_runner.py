"""Runs `openstack ARGS` for the e2e tests: by default through
cli_zygote.py (one pre-imported CLI per pytest worker, a fork per command),
with ONESTACK_E2E_CLI=exec as a fresh /usr/bin/openstack process per
command. Both give subprocess.run's CompletedProcess (text mode)."""
import atexit
import json
import os
import subprocess
import tempfile

ZYGOTE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cli_zygote.py")
_zygote = None


def _start():
    global _zygote
    proc = subprocess.Popen(["/usr/bin/python3", ZYGOTE], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd="/")
    line = proc.stdout.readline()
    if not line or not json.loads(line).get("ready"):
        proc.kill()
        proc.wait()
        raise RuntimeError("the openstack CLI zygote did not start: %r" % line)
    atexit.register(_stop, proc)
    _zygote = proc
    return proc


def _stop(proc):
    if proc.poll() is None:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _via_zygote(cmd, env, timeout):
    proc = _zygote if _zygote is not None and _zygote.poll() is None else _start()
    with tempfile.NamedTemporaryFile("w+", prefix="osc-out-") as out, \
            tempfile.NamedTemporaryFile("w+", prefix="osc-err-") as err:
        proc.stdin.write(json.dumps({"argv": cmd[1:], "env": env, "cwd": os.getcwd(),
                                     "stdout": out.name, "stderr": err.name,
                                     "timeout": timeout}) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("the openstack CLI zygote exited (its stderr is the worker's)")
        answer = json.loads(line)
        stdout, stderr = out.read(), err.read()
    if answer["timed_out"]:
        raise subprocess.TimeoutExpired(cmd, timeout, output=stdout, stderr=stderr)
    return subprocess.CompletedProcess(cmd, answer["returncode"], stdout, stderr)


def run(cmd, env, timeout=120):
    """cmd[0] is "openstack"; env the child's whole environment."""
    if os.environ.get("ONESTACK_E2E_CLI") == "exec":
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    return _via_zygote(cmd, dict(env), timeout)
