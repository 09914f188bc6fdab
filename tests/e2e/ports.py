"""Loopback ports for the clouds the e2e tests start."""
import random
import socket

# Below the kernel's ephemeral range (32768-60999 here): a port the kernel
# hands out by bind(0) can be taken by any outgoing connection (the tests'
# own polls) before the cloud binds it, which made a cloud die with "Address
# already in use" now and then.
RANGE = (20000, 32000)


def free_port():
    """A port nothing listens on now, outside the ephemeral range."""
    while True:
        port = random.randrange(*RANGE)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


if __name__ == "__main__":
    print(free_port())  # for the shell runners (Tempest, run-postgres)
