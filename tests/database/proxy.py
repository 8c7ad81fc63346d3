"""A TCP proxy on 127.0.0.1 that counts the bytes crossing it, both ways.

Put between the app and PostgreSQL, it measures what a query costs on the wire:
every byte of the protocol (query text, bound values, result rows, framing),
not an estimate from the result's size.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class CountingProxy:
    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.sent = 0  # app -> database
        self.received = 0  # database -> app
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def reset(self) -> None:
        with self._lock:
            self.sent = self.received = 0

    @property
    def total(self) -> int:
        return self.sent + self.received

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._sockets += [client, upstream]
            for source, sink, upward in (
                (client, upstream, True),
                (upstream, client, False),
            ):
                threading.Thread(
                    target=self._pump, args=(source, sink, upward), daemon=True
                ).start()

    def _pump(self, source: socket.socket, sink: socket.socket, upward: bool) -> None:
        while True:
            try:
                chunk = source.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                for s in (source, sink):
                    with contextlib.suppress(OSError):
                        s.shutdown(socket.SHUT_RDWR)
                return
            with self._lock:
                if upward:
                    self.sent += len(chunk)
                else:
                    self.received += len(chunk)
            try:
                sink.sendall(chunk)
            except OSError:
                return

    def close(self) -> None:
        self._listener.close()
        for s in self._sockets:
            s.close()
