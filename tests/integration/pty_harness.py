"""A scanner's cable for integration tests: socat joins two pseudo-terminals, the program
under test opens one end (`a`) as its serial port, the test writes scanner bytes into the
other (`b`). Killing socat is an unplug, a new socat on the same names a replug
(scanners.md). Standard library only.

    @needs_socat
    class T(unittest.TestCase):
        def setUp(self):
            self.cable = PtyPair.for_test(self)      # plugged in; gone after the test
            self.d = Daemon(extra_config=f'[[scanner]]\\nname = "front"\\nport = "{self.cable.a}"\\n')
        ...
            self.cable.send(b"2000000000015\\r")
            self.cable.unplug(); self.cable.plug()

Test files that use it run one at a time: tests/CMakeLists.txt finds "socat" in their text
(the `needs_socat` mark) and gives them the ptys lock."""
import os
import pathlib
import shutil
import subprocess
import time
import unittest

from kopilka_harness import temp_dir

needs_socat = unittest.skipUnless(shutil.which("socat"), "socat is not installed")


class PtyPair:
    """socat pty,link=A <-> pty,link=B in `directory`; plugged in on construction."""

    def __init__(self, directory, plugged=True):
        self.a = pathlib.Path(directory) / "scanner-A"
        self.b = pathlib.Path(directory) / "scanner-B"
        self.proc = None
        if plugged:
            self.plug()

    @classmethod
    def for_test(cls, test, prefix="kopilka-pty-"):
        """A plugged-in pair in a temp directory of its own, unplugged and removed after
        `test` (after its tearDown, so a program using it stops first)."""
        return cls(temp_dir(test, prefix)).plugged_for(test)

    def plugged_for(self, test):
        test.addCleanup(self.unplug)
        return self

    def plug(self, timeout=10):
        """Starts socat and returns once both links are there. Links a killed socat left
        behind are removed first: the kernel may have handed their pty to another socat."""
        if self.proc is not None:
            raise RuntimeError("the pty pair is already plugged in")
        for link in (self.a, self.b):
            link.unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.a}", f"pty,raw,echo=0,link={self.b}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while not (self.a.exists() and self.b.exists()):
            if self.proc.poll() is not None:
                code, self.proc = self.proc.returncode, None
                raise RuntimeError(f"socat exited with {code} before it created the ptys")
            if time.time() > deadline:
                self.unplug()
                raise RuntimeError("socat did not create the ptys")
            time.sleep(0.02)
        return self

    def unplug(self):
        """Pulls the cable out at once (SIGKILL, whatever was in flight) and removes the
        links, as the device node of a real port goes away. Safe to call twice."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None
        for link in (self.a, self.b):
            link.unlink(missing_ok=True)

    close = unplug

    def open_b(self, flags=0):
        """A descriptor for writing scanner bytes into end `b`; the caller closes it."""
        return os.open(self.b, os.O_RDWR | os.O_NOCTTY | flags)

    def send(self, data):
        """Writes `data` as one scan: opens `b`, writes, lets the bytes cross, closes."""
        fd = self.open_b()
        try:
            os.write(fd, data)
            time.sleep(0.05)  # let the bytes cross before the writer closes
        finally:
            os.close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.unplug()
