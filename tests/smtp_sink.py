"""A tiny SMTP server for tests and benchmarks (stdlib only): accepts every message on a free
port of 127.0.0.1 and keeps (recipients, Message-ID, raw bytes) in memory. ``run as a script``
it prints its port and serves until killed.

    with SmtpSink() as sink:
        settings.EMAIL_PORT = sink.port
        ...
        sink.by_recipient()  # {"anna@example.org": 1, ...}
"""

from __future__ import annotations

import collections
import email.parser
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        sink = self.server.sink
        self.reply("220 sink ESMTP")
        recipients: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>").lower())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data()
                sink.record(recipients, data)
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # RSET, NOOP
                self.reply("250 OK")

    def _read_data(self) -> bytes:
        lines = []
        while True:
            line = self.rfile.readline()
            if not line or line == b".\r\n":
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    def __init__(self, port: int = 0):
        self.messages: list[tuple[list[str], str, bytes]] = []
        self._lock = threading.Lock()
        self.server = _Server(("127.0.0.1", port), _Handler)
        self.server.sink = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def record(self, recipients: list[str], data: bytes) -> None:
        headers = email.parser.BytesHeaderParser().parsebytes(data)
        with self._lock:
            self.messages.append((recipients, headers.get("Message-ID", ""), data))

    def by_recipient(self) -> collections.Counter:
        with self._lock:
            return collections.Counter(
                r for recipients, _id, _data in self.messages for r in recipients
            )

    def distinct_by_recipient(self) -> collections.Counter:
        """Distinct Message-IDs per recipient (a re-delivered row carries the same one)."""
        with self._lock:
            pairs = {(r, mid) for recipients, mid, _data in self.messages for r in recipients}
        return collections.Counter(r for r, _mid in pairs)

    def start(self) -> SmtpSink:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    import time

    sink = SmtpSink().start()
    print(sink.port, flush=True)
    while True:
        time.sleep(3600)
