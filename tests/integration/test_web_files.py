"""The web admin's files (office.md "The web admin"): kopilka-office serves its pages,
scripts, styles and favicon from the binary, with their types, caching rules and size
budget; nothing else is served, and /v1/ stays the API."""
import gzip
import re
import unittest

from kopilka_harness import Office, fetch, request


def get(port, path):
    return fetch(port, path, timeout=10)


def raw_get(port, path):
    """A GET whose path is sent exactly as written (no client normalisation of '..')."""
    import socket
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1])


class WebFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.office = Office().started_for_class(cls)

    def test_index_is_served_at_root_with_its_type_and_no_cache(self):
        status, headers, body = get(self.office.port, "/")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "text/html; charset=utf-8")
        self.assertEqual(headers["Cache-Control"], "no-cache")
        self.assertIn("frame-ancestors 'none'", headers["Content-Security-Policy"])
        self.assertIn(b'<script type="module" src="/js/main.js">', body)
        self.assertEqual(get(self.office.port, "/index.html")[2], body)

    def test_favicon_is_an_svg_at_both_addresses(self):
        for path in ("/favicon.ico", "/favicon.svg"):
            status, headers, body = get(self.office.port, path)
            self.assertEqual((status, headers["Content-Type"]), (200, "image/svg+xml"), path)
            self.assertTrue(body.startswith(b"<svg"), path)
            self.assertEqual(headers["Cache-Control"], "public, max-age=86400")

    def test_every_script_and_style_the_pages_load_is_served_with_its_type(self):
        # Follows index.html's links and every module's static imports.
        todo, seen = ["/index.html"], set()
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            status, headers, body = get(self.office.port, path)
            self.assertEqual(status, 200, path)
            text = body.decode()
            base = path.rsplit("/", 1)[0]
            if path.endswith(".js"):
                self.assertEqual(headers["Content-Type"], "text/javascript; charset=utf-8", path)
                for rel in re.findall(r"""from '(\.{1,2}/[^']+)'""", text):
                    parts = (base + "/" + rel).split("/")
                    out = []
                    for p in parts:
                        if p == "..":
                            out.pop()
                        elif p not in (".", ""):
                            out.append(p)
                    todo.append("/" + "/".join(out))
                todo += re.findall(r"""(?:src|href): '(/[^']+)'""", text)
            elif path.endswith(".css"):
                self.assertEqual(headers["Content-Type"], "text/css; charset=utf-8", path)
            elif path.endswith(".html"):
                todo += re.findall(r'(?:src|href)="(/[^"]+)"', text)
        self.assertIn("/js/pages/program_edit.js", seen)
        self.assertIn("/vendor/uplot/uPlot.iife.min.js", seen)
        self.assertIn("/i18n/en.js", seen)
        # index.html preloads exactly the modules the imports reach (a new page is listed).
        preloaded = re.findall(r'<link rel="modulepreload" href="(/[^"]+)">', get(self.office.port, "/")[2].decode())
        self.assertEqual(sorted(preloaded), sorted(p for p in seen if p.endswith(".js") and "/vendor/" not in p))

    def test_scripts_and_styles_fit_the_page_budget_compressed(self):
        # Every script and style there is, together, is an upper bound for any one page.
        total = 0
        for path in ["/app.css", "/vendor/uplot/uPlot.min.css", "/vendor/uplot/uPlot.iife.min.js",
                     "/js/main.js", "/js/api.js", "/js/i18n.js", "/js/dom.js", "/js/program_kinds.js",
                     "/i18n/ru.js", "/i18n/en.js", "/js/pages/signin.js", "/js/pages/password.js",
                     "/js/pages/customers.js", "/js/pages/customer.js", "/js/pages/customer_actions.js",
                     "/js/pages/staff.js",
                     "/js/pages/dashboard.js", "/js/pages/programs.js", "/js/pages/program_edit.js",
                     "/js/pages/audit.js"]:
            status, _, body = get(self.office.port, path)
            self.assertEqual(status, 200, path)
            total += len(gzip.compress(body))
        self.assertLessEqual(total, 300 * 1024)

    def test_unknown_files_and_directory_traversal_are_404(self):
        for path in ("/nope.js", "/js/", "/js", "/vendor/uplot", "/package.json",
                     "/js//main.js", "/js/./main.js"):
            status, headers, _ = get(self.office.port, path)
            self.assertEqual(status, 404, path)
        for path in ("/../office.toml", "/js/../index.html", "/%2e%2e/office.toml",
                     "/js/..%2fmain.js", "/..\\office.toml", "/vendor/../../etc/passwd"):
            self.assertEqual(raw_get(self.office.port, path), 404, path)

    def test_only_get_serves_files_and_v1_stays_the_api(self):
        self.assertEqual(request(self.office.port, "POST", "/", {})[0], 404)
        status, body = request(self.office.port, "GET", "/v1/nope")
        self.assertEqual((status, body["error"]["code"]), (404, "not_found"))
        self.assertEqual(request(self.office.port, "GET", "/v1/health")[0], 200)


if __name__ == "__main__":
    unittest.main()
