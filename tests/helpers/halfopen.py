"""A pulled network cable, for real: run as ``python -m tests.helpers.halfopen HOST PORT USER
PASSWORD DBNAME [QUERY]`` (root, Linux). It connects to the real server through a relay in a
network namespace of its own, runs a query, takes that namespace's loopback down (no RST, no
FIN: the server's side stays half-open, as when a cable is pulled or a switch dies) and times
the next query. Prints one JSON object: ``seconds`` and ``error`` (the store's message), or
``skip`` where no namespace can be made. The test's own network is never touched."""

from __future__ import annotations

import ctypes
import json
import select
import socket
import subprocess
import sys
import threading
import time

CLONE_NEWNET = 0x40000000


def _relay(a: socket.socket, b: socket.socket) -> None:
    try:
        while True:
            ready, _, _ = select.select([a, b], [], [])
            for side in ready:
                data = side.recv(65536)
                if not data:
                    return
                (b if side is a else a).sendall(data)
    except OSError:
        return


def main(host: str, port: str, user: str, password: str, dbname: str, query: str = "") -> None:
    upstream = [socket.create_connection((host, int(port))) for _ in range(2)]  # this netns
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        print(json.dumps({"skip": f"no network namespace (errno {ctypes.get_errno()})"}))
        return
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(2)

    def serve() -> None:
        while upstream:
            client, _ = listener.accept()
            threading.Thread(target=_relay, args=(client, upstream.pop(0)), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    from cdt_desktop.db.cases.postgres import connect as pg

    url = f"postgresql://{user}:{password}@127.0.0.1:{listener.getsockname()[1]}/{dbname}{query}"
    conn = pg.connect(url)
    conn.execute("SELECT 1")
    subprocess.run(["ip", "link", "set", "lo", "down"], check=True)  # the cable
    start = time.monotonic()
    try:
        conn.execute("SELECT 1")
        error = ""
    except Exception as exc:
        error = str(pg.translate(exc, url, "reading"))
    print(json.dumps({"seconds": round(time.monotonic() - start, 1), "error": error}))


if __name__ == "__main__":
    main(*sys.argv[1:])
