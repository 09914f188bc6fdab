"""A pre-imported `openstack` CLI that forks once per command.

The `openstack` console script is `sys.exit(openstackclient.shell.main())`;
most of its 1-4 s per call (2 shared cores) is importing openstackclient, its
plugins and openstacksdk. This process imports all of that once, then for
each request forks a child that takes the request's argv, environment and
working directory, writes to the request's stdout/stderr files and runs that
same main(): the same CLI code and its own process per command, minus the
imports. Requests and answers are JSON lines on stdin/stdout.

Run by tests/e2e/cli_runner.py with Debian's /usr/bin/python3.
"""
import gc
import json
import os
import select
import signal
import sys
import traceback

OPENSTACK = "/usr/bin/openstack"


def warm_up():
    """Imports what a command would import: the shell, every command
    module of the installed plugins, and openstacksdk's service proxies."""
    import importlib.metadata

    import openstackclient.shell  # noqa: F401 - the import is the point
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group.startswith("openstack.") and ep.group != "openstack.cli":
                try:
                    ep.load()
                except Exception:  # noqa: BLE001 - a broken plugin fails its command, as before
                    pass
    import logging

    import openstack.connection  # noqa: F401 - the import is the point
    # A first shell run builds the parsers and reads the entry point caches;
    # what it sets up in logging is undone (each child sets up its own).
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    devnull = os.open(os.devnull, os.O_WRONLY)
    saved = os.dup(1), os.dup(2)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        openstackclient.shell.main(["--version"])
    except SystemExit:
        pass
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(devnull)
        root.handlers[:] = handlers
        root.setLevel(level)


def run_child(req):
    """In the forked child: become `openstack ARGV` and exit with its status."""
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    stdin = os.open(os.devnull, os.O_RDONLY)
    out = os.open(req["stdout"], os.O_WRONLY | os.O_TRUNC)
    err = os.open(req["stderr"], os.O_WRONLY | os.O_TRUNC)
    for fd, target in ((stdin, 0), (out, 1), (err, 2)):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdout = sys.__stdout__
    sys.argv = [OPENSTACK, *req["argv"]]
    import openstackclient.shell
    try:
        rc = openstackclient.shell.main(req["argv"])
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if not isinstance(e.code, int) and e.code is not None:
            print(e.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - an uncaught error exits 1 with its traceback
        traceback.print_exc()
        rc = 1
    import logging
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(rc or 0)


def serve():
    answers = sys.stdout
    sys.stdout = sys.stderr  # nothing but answers on the pipe
    for line in sys.stdin:
        req = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                run_child(req)
            finally:
                os._exit(1)
        fd = os.pidfd_open(pid)
        ready, _, _ = select.select([fd], [], [], req["timeout"])
        timed_out = not ready
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        answers.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status),
                                  "timed_out": timed_out}) + "\n")
        answers.flush()


if __name__ == "__main__":
    # Some modules keep the program name at import (cliff's App.NAME): the
    # console script's, as in a real run.
    sys.argv = [OPENSTACK]
    warm_up()
    # Children's garbage collections leave the imported objects alone: no
    # copy-on-write faults over the whole heap per command.
    gc.freeze()
    print(json.dumps({"ready": True}), flush=True)
    serve()
