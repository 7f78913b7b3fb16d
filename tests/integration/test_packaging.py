"""Packaging: builds the .deb packages with CPack from the Release tree, checks their metadata,
contents and maintainer scripts (and lintian, when installed), then installs, upgrades,
removes and purges them on this machine (root only) and leaves it as it was.

Runs against the Release build only: the sanitizer build is not what ships."""
import grp
import os
import pathlib
import pwd
import re
import shutil
import stat
import subprocess
import tempfile
import time
import unittest

BUILD = pathlib.Path(os.environ.get("KOPILKA_BUILD_DIR", "build/release"))
SANITIZE = os.environ.get("KOPILKA_SANITIZE", "OFF").upper() in ("ON", "1", "TRUE")
VERSION = "0.1.0"
UPGRADE_VERSION = VERSION + "+upgrade1"


def run(*args, check=True, **kw):
    res = subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)
    if check and res.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({res.returncode}):\n{res.stdout}{res.stderr}")
    return res


def dpkg(*args):
    """dpkg, waiting out another dpkg or apt holding the lock (a shared CI machine)."""
    for _ in range(60):
        res = run("dpkg", *args, check=False)
        if res.returncode == 0 or "lock" not in res.stderr:
            return res
        time.sleep(2)
    return res


def installed(package):
    res = run("dpkg-query", "-W", "-f=${Status}", package, check=False)
    return res.returncode == 0 and "installed" in res.stdout and "not-installed" not in res.stdout


def exists_user(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def exists_group(name):
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def mode_owner(path):
    st = os.stat(path)
    return (stat.S_IMODE(st.st_mode), pwd.getpwuid(st.st_uid).pw_name,
            grp.getgrgid(st.st_gid).gr_name)


@unittest.skipIf(SANITIZE, "packages are built from the Release build")
@unittest.skipUnless(os.geteuid() == 0, "building and installing packages needs root")
@unittest.skipUnless(shutil.which("dpkg-deb") and shutil.which("cpack") and shutil.which("dpkg"),
                     "dpkg-deb, dpkg or cpack is missing")
@unittest.skipUnless((BUILD / "daemon" / "kopilkad").exists(), "kopilkad is not built")
class PackagingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = pathlib.Path(tempfile.mkdtemp(prefix="kopilka-deb-"))
        res = run("cpack", "-G", "DEB", "-B", str(cls.out), cwd=BUILD, check=False)
        if res.returncode != 0:
            shutil.rmtree(cls.out, ignore_errors=True)
            raise AssertionError("cpack failed:\n" + res.stdout + res.stderr)
        cls.deb = {}
        for d in sorted(cls.out.glob("*.deb")):
            cls.deb[run("dpkg-deb", "-f", str(d), "Package").stdout.strip()] = d

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)

    def field(self, package, name):
        return run("dpkg-deb", "-f", str(self.deb[package]), name).stdout.strip()

    def contents(self, package):
        """path -> (mode string, owner/group) of every entry in the package."""
        entries = {}
        for line in run("dpkg-deb", "-c", str(self.deb[package])).stdout.splitlines():
            parts = line.split()
            entries[parts[5]] = (parts[0], parts[1])
        return entries

    def control(self, package):
        d = pathlib.Path(tempfile.mkdtemp(dir=self.out))
        run("dpkg-deb", "-e", str(self.deb[package]), str(d))
        return d

    # --- the packages as built ------------------------------------------------------------

    def test_two_packages_versioned_with_shared_library_depends(self):
        self.assertEqual(set(self.deb), {"kopilka", "kopilka-office"})
        for package in self.deb:
            self.assertEqual(self.field(package, "Version"), VERSION)
            self.assertEqual(self.field(package, "Architecture"),
                             run("dpkg", "--print-architecture").stdout.strip())
        depends = self.field("kopilka", "Depends")
        # From dpkg-shlibdeps on the binaries, beside the maintainer scripts' adduser.
        for lib in ("adduser", "libc6", "libsqlite3-0", "libserialport0", "libsystemd0",
                    "libcurl4", "libssl3", "libstdc++6"):
            self.assertRegex(depends, rf"(^|, ){re.escape(lib)}( |,|$)")
        office = self.field("kopilka-office", "Depends")
        for lib in ("adduser", "libc6", "libsqlite3-0", "libssl3"):
            self.assertRegex(office, rf"(^|, ){re.escape(lib)}( |,|$)")
        self.assertNotIn("libserialport", office)
        self.assertTrue(self.field("kopilka", "Description").startswith("loyalty daemon"))

    def test_kopilka_contents_and_modes(self):
        files = self.contents("kopilka")
        for path in ("./usr/bin/kopilkad", "./usr/bin/kopilka"):
            self.assertEqual(files[path], ("-rwxr-xr-x", "root/root"), path)
        for path in ("./etc/kopilka/kopilka.toml", "./lib/systemd/system/kopilkad.service",
                     "./lib/udev/rules.d/60-kopilka-scanners.rules",
                     "./usr/lib/modules-load.d/kopilka.conf",
                     "./usr/share/man/man8/kopilkad.8.gz", "./usr/share/man/man1/kopilka.1.gz",
                     "./usr/share/bash-completion/completions/kopilka",
                     "./usr/share/doc/kopilka/copyright", "./usr/share/doc/kopilka/changelog.gz",
                     "./usr/share/doc/kopilka/configuration.md",
                     "./usr/share/doc/kopilka/install.md"):
            self.assertEqual(files.get(path), ("-rw-r--r--", "root/root"), path)
        self.assertFalse([p for p in files if p.startswith("./usr/local")])
        # Stripped: no debug sections in what ships.
        if shutil.which("readelf"):
            d = self.control("kopilka")
            run("dpkg-deb", "-x", str(self.deb["kopilka"]), str(d / "root"))
            sections = run("readelf", "-S", str(d / "root/usr/bin/kopilkad")).stdout
            self.assertNotIn(".debug_info", sections)
            self.assertIn("BIND_NOW", run("readelf", "-d", str(d / "root/usr/bin/kopilkad")).stdout)
            # Debian's default hardening: stack protector and fortified libc calls.
            symbols = run("readelf", "--dyn-syms", "-W", str(d / "root/usr/bin/kopilkad")).stdout
            self.assertIn("__stack_chk_fail", symbols)
            self.assertRegex(symbols, r"__\w+_chk\b")
            # The first start of a new version upgrades the schema before it is ready: more
            # than systemd's default 90 s on a till with years of receipts.
            unit = (d / "root/lib/systemd/system/kopilkad.service").read_text()
            self.assertIn("\nTimeoutStartSec=10min\n", unit)
            self.assertIn("Documentation=man:kopilkad(8)", unit)

    def test_office_contents(self):
        files = self.contents("kopilka-office")
        self.assertEqual(files["./usr/bin/kopilka-office"], ("-rwxr-xr-x", "root/root"))
        for path in ("./etc/kopilka/office.toml", "./lib/systemd/system/kopilka-office.service",
                     "./usr/share/doc/kopilka-office/copyright",
                     "./usr/share/man/man8/kopilka-office.8.gz"):
            self.assertIn(path, files)
        self.assertNotIn("./usr/bin/kopilkad", files)

    def test_conffiles_and_maintainer_scripts(self):
        for package, conf, scripts in (
                ("kopilka", ["/etc/kopilka/kopilka.toml"], ("postinst", "prerm", "postrm")),
                ("kopilka-office", ["/etc/kopilka/office.toml"], ("postinst", "prerm", "postrm"))):
            d = self.control(package)
            self.assertEqual((d / "conffiles").read_text().split(), conf)
            for script in scripts:
                path = d / script
                self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o755, script)
                self.assertTrue(path.read_text().startswith("#!/bin/sh\n"), script)
                run("sh", "-n", str(path))
        # The USB serial drivers are loaded before the daemon first starts, not only at boot.
        self.assertIn("modprobe -q cdc_acm", (self.control("kopilka") / "postinst").read_text())

    def test_lintian_clean(self):
        if not shutil.which("lintian"):
            self.skipTest("lintian is missing")
        res = run("lintian", "--pedantic", *[str(d) for d in self.deb.values()], check=False)
        tags = [l for l in res.stdout.splitlines() if re.match(r"^[EWP]: ", l)]
        self.assertEqual(tags, [], res.stdout + res.stderr)

    # --- installed on this machine --------------------------------------------------------

    def test_install_upgrade_remove_purge(self):
        if installed("kopilka") or installed("kopilka-office") or os.path.exists("/etc/kopilka"):
            self.skipTest("Kopilka is already installed here; the test leaves it alone")
        created_users = [u for u in ("kopilka", "kopilka-office") if not exists_user(u)]
        created_groups = [g for g in ("kopilka", "kopilka-office") if not exists_group(g)]
        try:
            self.check_lifecycle()
        finally:
            dpkg("--purge", "kopilka", "kopilka-office")
            # Debian keeps system users on purge; this machine did not have them before.
            for u in created_users:
                if exists_user(u):
                    run("deluser", "--system", u, check=False)
            for g in created_groups:
                if exists_group(g):
                    run("delgroup", "--system", g, check=False)

    def check_lifecycle(self):
        res = dpkg("--install", str(self.deb["kopilka"]), str(self.deb["kopilka-office"]))
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)

        # The service user, in dialout for the scanners.
        user = pwd.getpwnam("kopilka")
        self.assertEqual(grp.getgrgid(user.pw_gid).gr_name, "kopilka")
        self.assertEqual(user.pw_dir, "/var/lib/kopilka")
        self.assertIn("kopilka", grp.getgrnam("dialout").gr_mem)
        self.assertLess(user.pw_uid, 1000)  # a system user

        # Files, owners and modes.
        data = pathlib.Path("/var/lib/kopilka")
        self.assertEqual(mode_owner(data), (0o750, "kopilka", "kopilka"))
        self.assertEqual(mode_owner("/etc/kopilka"), (0o755, "root", "root"))
        self.assertEqual(mode_owner("/etc/kopilka/kopilka.toml"), (0o640, "root", "kopilka"))
        self.assertEqual(mode_owner("/usr/bin/kopilkad"), (0o755, "root", "root"))
        tokens = {}
        for name in ("pos", "admin"):
            path = f"/etc/kopilka/{name}.token"
            self.assertEqual(mode_owner(path), (0o640, "root", "kopilka"))
            tokens[name] = pathlib.Path(path).read_text()
            self.assertRegex(tokens[name], r"^[0-9a-f]{64}$")
        self.assertNotEqual(tokens["pos"], tokens["admin"])
        self.assertEqual(mode_owner("/var/lib/kopilka-office"),
                         (0o750, "kopilka-office", "kopilka-office"))
        self.assertEqual(mode_owner("/etc/kopilka/office-admin.token"),
                         (0o640, "root", "kopilka-office"))
        self.assertEqual(mode_owner("/etc/kopilka/office.toml"), (0o640, "root", "kopilka-office"))
        # Started at boot: the register's unit is enabled, head office's waits for its TLS.
        wants = pathlib.Path("/etc/systemd/system/multi-user.target.wants")
        self.assertTrue((wants / "kopilkad.service").is_symlink())
        self.assertFalse((wants / "kopilka-office.service").exists())

        # The generated config is one the daemon accepts, tokens and all.
        check = run("/usr/bin/kopilkad", "--check-config", "/etc/kopilka/kopilka.toml", check=False)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)

        # The units as installed, their binaries in place.
        if shutil.which("systemd-analyze"):
            for unit in ("kopilkad.service", "kopilka-office.service"):
                res = run("systemd-analyze", "verify", f"/lib/systemd/system/{unit}", check=False)
                self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
                self.assertNotIn(unit, res.stderr)  # no warning names the unit
                sec = run("systemd-analyze", "security", "--offline=true", "--no-pager",
                          f"/lib/systemd/system/{unit}", check=False)
                level = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", sec.stdout)
                self.assertIsNotNone(level, sec.stdout + sec.stderr)
                self.assertLessEqual(float(level.group(1)), 2.0, sec.stdout)

        # Upgrade to a newer version: data, tokens and the technician's config edits stay.
        (data / "kopilka.db").write_text("receipts")
        os.chown(data / "kopilka.db", user.pw_uid, user.pw_gid)
        conf = pathlib.Path("/etc/kopilka/kopilka.toml")
        edited = conf.read_text() + '\n[office]\nurl = "https://office.example.ru"\n'
        conf.write_text(edited)
        newer = self.repack("kopilka", UPGRADE_VERSION)
        res = dpkg("--force-confold", "--install", str(newer))
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertEqual(run("dpkg-query", "-W", "-f=${Version}", "kopilka").stdout, UPGRADE_VERSION)
        self.assertEqual((data / "kopilka.db").read_text(), "receipts")
        self.assertEqual(conf.read_text(), edited)
        self.assertEqual(mode_owner(conf), (0o640, "root", "kopilka"))
        for name in ("pos", "admin"):
            self.assertEqual(pathlib.Path(f"/etc/kopilka/{name}.token").read_text(), tokens[name])
        self.assertEqual(mode_owner(data), (0o750, "kopilka", "kopilka"))

        # Remove: programs go, data and config stay, the unit is masked.
        res = dpkg("--remove", "kopilka", "kopilka-office")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertFalse(os.path.exists("/usr/bin/kopilkad"))
        self.assertFalse(os.path.exists("/lib/systemd/system/kopilkad.service"))
        self.assertEqual((data / "kopilka.db").read_text(), "receipts")
        self.assertEqual(conf.read_text(), edited)
        self.assertTrue(os.path.exists("/etc/kopilka/pos.token"))
        self.assertTrue(os.path.exists("/var/lib/kopilka-office"))

        # Purge: nothing of Kopilka's is left.
        res = dpkg("--purge", "kopilka", "kopilka-office")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        for path in ("/var/lib/kopilka", "/var/lib/kopilka-office", "/etc/kopilka",
                     "/etc/systemd/system/kopilkad.service",
                     "/etc/systemd/system/multi-user.target.wants/kopilkad.service"):
            self.assertFalse(os.path.lexists(path), path)

    def repack(self, package, version):
        """The same package under a newer version: a real upgrade for dpkg."""
        d = pathlib.Path(tempfile.mkdtemp(dir=self.out))
        run("dpkg-deb", "-R", str(self.deb[package]), str(d / "root"))
        control = d / "root/DEBIAN/control"
        control.write_text(re.sub(r"(?m)^Version: .*$", f"Version: {version}",
                                  control.read_text()))
        out = d / f"{package}_{version}.deb"
        run("dpkg-deb", "--root-owner-group", "-b", str(d / "root"), str(out))
        return out


if __name__ == "__main__":
    unittest.main()
