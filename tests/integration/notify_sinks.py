"""Receivers for head office's notifications in tests: a real SMTP server on loopback
(Debian's aiosmtpd, run by the system Python that has it) that writes each message it
accepts to a directory, and an HTTP sink for SMS gateway and webhook calls that records
every request and can be told to fail (500s, timeouts) for a while; and html_page, for
head office's HTML answers."""
import email
import email.policy
import http.server
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from kopilka_harness import free_port

SMTP_SERVER = r'''
import asyncio, pathlib, sys, uuid
from aiosmtpd.controller import Controller

class Keep:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):  # a mailbox that does not exist
            return "550 5.1.1 <" + address + ">: no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        out = pathlib.Path(sys.argv[2])
        name = uuid.uuid4().hex
        (out / (name + ".tmp")).write_bytes(envelope.original_content)
        (out / (name + ".tmp")).rename(out / (name + ".eml"))
        return "250 OK"

controller = Controller(Keep(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
'''


def system_python_with_aiosmtpd():
    for python in ("/usr/bin/python3", sys.executable):
        if python and os.path.exists(python) and subprocess.run(
                [python, "-c", "import aiosmtpd"], capture_output=True).returncode == 0:
            return python
    return None


class SmtpSink:
    """aiosmtpd on 127.0.0.1:port, keeping each message as a file in `directory`."""

    def __init__(self, directory):
        self.dir = pathlib.Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        python = system_python_with_aiosmtpd()
        if python is None:
            raise RuntimeError("aiosmtpd is not installed (Debian: python3-aiosmtpd)")
        self.proc = subprocess.Popen([python, "-c", SMTP_SERVER, str(self.port), str(self.dir)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")

    def messages(self):
        """Every message received so far, parsed, oldest first."""
        files = sorted(self.dir.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in files]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class HttpSink:
    """Records every request (path, headers, body); the first `fail_first` requests for a
    key (the X-Kopilka-Delivery header, or the path) fail in turn as `failures` says: "500"
    answers 500, "hang" answers nothing for `hang_seconds` (past the caller's timeout) and
    then drops the connection."""

    def __init__(self, fail_first=0, hang_seconds=8, failures=("500", "hang")):
        self.requests = []
        self.answered_ok = []
        self.hung = []  # keys of the requests left unanswered
        self.fail_first = fail_first
        self.failures = failures
        self.hang_seconds = hang_seconds
        self.seen = {}
        self.lock = threading.Lock()
        self.delay = 0.0
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                key = self.headers.get("X-Kopilka-Delivery") or self.path
                with sink.lock:
                    sink.requests.append({"path": self.path, "headers": dict(self.headers),
                                          "body": body})
                    n = sink.seen.get(key, 0)
                    sink.seen[key] = n + 1
                    delay = sink.delay
                if n < sink.fail_first:
                    if sink.failures[n % len(sink.failures)] == "hang":
                        with sink.lock:
                            sink.hung.append(key)
                        time.sleep(sink.hang_seconds)  # the caller gives up first
                        self.close_connection = True
                        return
                    self.send_response(500)
                    self.end_headers()
                    return
                if delay:
                    time.sleep(delay)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
                with sink.lock:
                    sink.answered_ok.append(key)

            def handle_one_request(self):
                try:
                    super().handle_one_request()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # head office gave up waiting: that is what a hang is for

            do_GET = do_POST

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def html_page(port, method, path, form=None):
    """(status, text) of a page head office answers with HTML (the unsubscribe link);
    `form`: a body sent as application/x-www-form-urlencoded, as a browser or mail client
    does."""
    data = form.encode() if form is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
