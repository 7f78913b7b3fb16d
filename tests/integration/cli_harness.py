"""Runs the `kopilka` command line for integration tests. Standard library only.

    rc, out, err = kopilka(["card", "show", "2000000000015"], config=d.config_path)
    rc, doc, err = kopilka_json(["journal"], config=d.config_path)   # adds --json, parses stdout

Messages are English unless `lang` is given (LANG/LC_ALL are set for the child only).
Socat makes a pseudo-terminal pair standing in for a scanner's cable (scanners.md)."""
import json
import os
import pathlib
import subprocess
import time

from kopilka_harness import BUILD

KOPILKA = str(BUILD / "cli" / "kopilka")


def kopilka(args, config=None, lang="C.UTF-8", timeout=60, env_extra=None, prefix=None):
    """Returns (exit code, stdout, stderr) of one run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    env["LC_ALL"] = lang
    env.pop("NO_COLOR", None)
    env.update(env_extra or {})
    argv = list(prefix or []) + [KOPILKA] + ([] if config is None else ["--config", str(config)])
    proc = subprocess.run(argv + [str(a) for a in args], capture_output=True, text=True,
                          env=env, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def kopilka_json(args, config=None, **kw):
    """Returns (exit code, parsed JSON on stdout or None, stderr)."""
    rc, out, err = kopilka(list(args) + ["--json"], config=config, **kw)
    try:
        return rc, json.loads(out), err
    except ValueError:
        return rc, None, err + "\n[stdout was not JSON]\n" + out


class PtyPair:
    """socat pty,link=A <-> pty,link=B: a program opens A, the test writes scanner bytes to B."""

    def __init__(self, directory):
        self.a = pathlib.Path(directory) / "scanner-a"
        self.b = pathlib.Path(directory) / "scanner-b"
        self.proc = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.a}", f"pty,raw,echo=0,link={self.b}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while not (self.a.exists() and self.b.exists()):
            if time.time() > deadline:
                raise RuntimeError("socat did not make the pty pair")
            time.sleep(0.02)

    def send(self, data):
        with open(self.b, "wb", buffering=0) as f:
            f.write(data)

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
