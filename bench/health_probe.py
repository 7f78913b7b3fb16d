"""GET /v1/health every few milliseconds on one connection until stdin closes, then the
latencies (ms) as a JSON list on stdout. A process of its own, so the push clients' threads
do not delay its clock: what it measures is the office's answer time during the storm."""
import json
import sys
import threading
import time

from procs import Client


def main():
    port, interval = int(sys.argv[1]), float(sys.argv[2])
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    c = Client(port, timeout=60)
    c.call("GET", "/v1/health")
    print("ready", flush=True)  # connected before the storm: its clients queue behind it
    times = []
    while not done.is_set():
        t0 = time.perf_counter()
        status, _ = c.call("GET", "/v1/health")
        times.append((time.perf_counter() - t0) * 1000 if status == 200 else 1e9)
        done.wait(interval)
    c.close()
    print(json.dumps(times))


if __name__ == "__main__":
    main()
