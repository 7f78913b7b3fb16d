"""Runs the `kopilka` command line for integration tests. Standard library only.

    rc, out, err = kopilka(["card", "show", "2000000000015"], config=d.config_path)
    rc, doc, err = kopilka_json(["journal"], config=d.config_path)   # adds --json, parses stdout

Messages are English unless `lang` is given (LANG/LC_ALL are set for the child only).
A scanner's cable for `kopilka scanner listen` comes from pty_harness.PtyPair."""
import json
import os
import pathlib
import subprocess
import unittest

from kopilka_harness import BUILD, Daemon, temp_dir

KOPILKA = str(BUILD / "cli" / "kopilka")
CARD = "2000000000015"
TEN_OFF = {"id": "ten-off", "name": "Скидка 10%", "kind": "discount", "percent": 10}
SHARED = pathlib.Path(os.environ.get("KOPILKA_SOURCE_DIR", "../..")).resolve().parent / "shared"


def write(path, text):
    path = pathlib.Path(path)
    path.write_text(text)
    return path


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


class CliWithDaemonCase(unittest.TestCase):
    """One kopilkad for the whole class, with the ten-off program and Anna's card; each test
    uses its own card numbers."""

    @classmethod
    def setUpClass(cls):
        cls.d = Daemon().started_for_class(cls)
        cls.cfg = cls.d.config_path
        os.chmod(cls.cfg, 0o600)  # as kopilka init writes it; doctor warns otherwise
        status, _ = cls.d.admin("PUT", "/v1/admin/programs/ten-off", TEN_OFF)
        assert status == 201, status
        cls.d.admin("PUT", f"/v1/admin/cards/{CARD}",
                    {"status": "active", "customer": {"name": "Анна", "phone": "+79991234567"}})
        cls.tmp = temp_dir(cls, "kopilka-cli-")

    def run_ok(self, args, config=None):
        rc, doc, err = kopilka_json(args, config=config or self.cfg)
        self.assertEqual(rc, 0, err)
        return doc

