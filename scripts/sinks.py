"""Test sinks for scripts/two-instances.sh: an SMTP server and an HTTP server on loopback that
accept everything and append what they receive, one JSON line each, to a file.

usage: python3 scripts/sinks.py SMTP_PORT HTTP_PORT OUTPUT_FILE
"""

import json
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()


def record(output, entry):
    with lock, open(output, "a", encoding="utf-8") as file:
        file.write(json.dumps(entry) + "\n")


class Smtp(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 sink")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            upper = command.upper()
            if upper.startswith("RCPT TO:"):
                recipients.append(command[8:].strip(" <>"))
                self.reply("250 OK")
            elif upper == "DATA":
                self.reply("354 go on")
                data = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(line.decode(errors="replace"))
                subject = next((l[8:].strip() for l in data if l.startswith("Subject:")), "")
                record(self.server.output, {"kind": "mail", "to": recipients, "subject": subject})
                recipients = []
                self.reply("250 queued")
            elif upper == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        record(
            self.server.output,
            {
                "kind": "webhook",
                "delivery": self.headers.get("x-forprev-delivery"),
                "event": self.headers.get("x-forprev-event"),
            },
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def main(smtp_port, http_port, output):
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", smtp_port), Smtp)
    http = ThreadingHTTPServer(("127.0.0.1", http_port), Hook)
    smtp.output = http.output = output
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    http.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
