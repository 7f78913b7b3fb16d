"""Which process listens on a loopback port, for the harness (kopilka_harness.Process): two
tests' free ports can be one port, and then the program answering there may be another
test's. Linux only: read from /proc."""
import os


class PortTaken(RuntimeError):
    """The program under test exited because another program holds its port."""


def listens_on(pid, port):
    """Whether process `pid` (or a child of it) holds the listening TCP socket on `port`:
    an answer on the port may come from another test's program."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            fds = os.listdir(f"/proc/{p}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{p}/fd/{fd}") in inodes:
                    return True
            except OSError:
                continue
    return False
