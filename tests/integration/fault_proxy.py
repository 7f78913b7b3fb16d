"""A TCP proxy that injects network faults between a register and head office, for the
sync tests. Each new connection gets one fault, drawn at random:

    pass        forward both ways untouched
    cut_request forward a random number of the client's bytes, then reset both sides
    cut_answer  forward the request whole, then only a random part of the answer
    stall       hold the connection a while before forwarding anything
    duplicate   forward the request, and once it is quiet send the same bytes again on a
                second connection to the server (a retried request), discarding its answer

    with FaultProxy(upstream_port, seed=7) as p:   # p.port is where clients connect
        p.faults = ["pass"]                        # switch to a clean network at any time
        p.counts                                   # how many of each fault were injected

Standard library only; one thread per connection."""
import random
import socket
import threading
import time

FAULTS = ["pass", "cut_request", "cut_answer", "stall", "duplicate"]


class FaultProxy:
    def __init__(self, upstream_port, seed=1, faults=None, stall_s=(0.2, 1.5)):
        self.upstream = ("127.0.0.1", upstream_port)
        self.random = random.Random(seed)
        self.faults = list(faults or FAULTS)
        self.stall_s = stall_s
        self.counts = {f: 0 for f in FAULTS}
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.closed = True
        try:
            self.listener.close()
        except OSError:
            pass

    def _draw(self):
        with self.lock:
            fault = self.random.choice(self.faults)
            self.counts[fault] += 1
            return fault, self.random.randint(1, 4000), self.random.uniform(*self.stall_s)

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    @staticmethod
    def _reset(sock):
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.close()
        except OSError:
            pass

    def _serve(self, client):
        fault, offset, stall = self._draw()
        try:
            server = socket.create_connection(self.upstream, timeout=30)
        except OSError:
            client.close()
            return
        if fault == "stall":
            time.sleep(stall)
        captured = bytearray()
        done = threading.Event()

        def upstream_to_client():
            sent = 0
            try:
                while True:
                    data = server.recv(65536)
                    if not data:
                        break
                    if fault == "cut_answer" and sent + len(data) >= offset:
                        client.sendall(data[: max(0, offset - sent)])
                        break
                    client.sendall(data)
                    sent += len(data)
            except OSError:
                pass
            finally:
                done.set()
                self._reset(client)
                self._reset(server)

        threading.Thread(target=upstream_to_client, daemon=True).start()
        sent = 0
        client.settimeout(0.3)
        try:
            while not done.is_set():
                try:
                    data = client.recv(65536)
                except socket.timeout:
                    if fault == "duplicate" and captured:
                        self._replay(bytes(captured))
                        captured.clear()
                        fault = "pass"
                    continue
                if not data:
                    if fault == "duplicate" and captured:
                        self._replay(bytes(captured))
                    break
                if fault == "cut_request" and sent + len(data) >= offset:
                    server.sendall(data[: max(0, offset - sent)])
                    break
                server.sendall(data)
                sent += len(data)
                if fault == "duplicate":
                    captured += data
        except OSError:
            pass
        finally:
            self._reset(client)
            self._reset(server)

    def _replay(self, data):
        def run():
            try:
                with socket.create_connection(self.upstream, timeout=30) as s:
                    s.sendall(data)
                    while s.recv(65536):
                        pass
            except OSError:
                pass

        threading.Thread(target=run, daemon=True).start()
