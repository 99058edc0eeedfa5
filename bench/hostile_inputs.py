"""Replays the hostile inputs of the hardening issue against a real `steward serve` (SQLite, a fresh data
directory) and prints, for each, the status, the time, the server's peak resident memory during the request
and the slowest answer a plain `/healthz` got meanwhile, beside the same figures for plain requests.

Peak memory is the kernel's high-water mark (VmHWM), reset before each request through /proc/PID/clear_refs.

Usage: python bench/hostile_inputs.py [--json]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.markup import escape
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import free_port, wait_until_healthy

RFC822 = {"Content-Type": "message/rfc822"}
JSON = {"Content-Type": "application/json"}
USER = "ana@hostile.test"


def _mail_headers(**fields: str) -> bytes:
    base = {"From": "dana@acme.test", "To": "support@steward.test", "Subject": "Help", **fields}
    return "".join(f"{k}: {v}\r\n" for k, v in base.items()).encode()


def _nested_multiparts(depth: int) -> bytes:
    head = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(depth))
    return (
        _mail_headers() + b"MIME-Version: 1.0\r\n" + head.encode() + b"Content-Type: text/plain\r\n\r\nhi\r\n"
    )


SUBJECT = " ".join(["=?utf-8?q?a?="] * 20_000)
ADDRESSES = ", ".join(f"u{i}@x.test" for i in range(40_000))
SECTIONS = "text/plain" + "".join(f"; name*{i}*=a" for i in range(20_000))
HOSTILE_MAIL = {
    "Subject of 20,000 encoded words": _mail_headers(Subject=SUBJECT) + b"\r\nx\r\n",
    "From of 40,000 addresses": _mail_headers(From=ADDRESSES) + b"\r\nx\r\n",
    "20,000 RFC 2231 sections": _mail_headers(**{"Content-Type": SECTIONS}) + b"\r\nx\r\n",
    "2,000 nested comments": _mail_headers(From="dana@acme.test " + "(" * 2000 + ")" * 2000) + b"\r\nx\r\n",
    "3,000 nested multiparts": _nested_multiparts(3000),
}


def _in_a_part(part_headers: str) -> bytes:
    """A clean top header block and a text part, then an attachment part with `part_headers`."""
    top = _mail_headers(**{"MIME-Version": "1.0", "Content-Type": 'multipart/mixed; boundary="b"'})
    body = f"--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\n{part_headers}\r\n\r\nAAAA\r\n--b--\r\n"
    return top + b"\r\n" + body.encode()


_WORDS_1000 = " ".join(["=?utf-8?q?a?="] * 1_000)
_WORDS_100 = " ".join(["=?utf-8?q?a?="] * 100)
_MULTIPART = _mail_headers(**{"MIME-Version": "1.0", "Content-Type": 'multipart/mixed; boundary="b"'})
_PART_OF_100 = f'--b\r\nContent-Disposition: attachment; filename="{_WORDS_100}"\r\n\r\nA\r\n'
# The same shapes below the top headers, where the parser reads them just the same (the first took 12 s).
HOSTILE_MAIL |= {
    "a part's filename of 20,000 encoded words": _in_a_part(
        f'Content-Disposition: attachment; filename="{SUBJECT}"'
    ),
    "1,000 encoded words in a part's Content-Type name": _in_a_part(
        f'Content-Type: image/png; name="{_WORDS_1000}"'
    ),
    "2,000 addresses in a part's header": _in_a_part(
        "Content-Description: " + ", ".join(f"u{i}@x.test" for i in range(2_000))
    ),
    "1,000 RFC 2231 sections in a part": _in_a_part(
        "Content-Disposition: attachment" + "".join(f"; filename*{i}*=a" for i in range(1_000))
    ),
    "12 parts of 100 encoded words each": _MULTIPART + b"\r\n" + (_PART_OF_100 * 12).encode() + b"--b--\r\n",
    # Within every shape limit: stopped by the parse's 2 s budget (16 s and several seconds unbounded).
    "20,000 flat comments in From": _mail_headers(From="dana@acme.test " + "(a)" * 20_000) + b"\r\nx\r\n",
    "7,000 plain parameters in Content-Type": _mail_headers(
        **{"Content-Type": "text/plain" + "".join(f"; a{i}=b" for i in range(7_000))}
    )
    + b"\r\nx\r\n",
}

RULE = (
    '{"name": "Drop", "enabled": true, "trigger": {"kind": "health_drop", "points": 10}, '
    '"conditions": [{"field": "arr", "op": "gt", "value": NaN}], '
    '"actions": [{"kind": "create_cta", "type": "risk", "reason": "Drop"}]}'
)


def _scorecard(constant: str) -> bytes:
    measures = [
        {"key": "activities_90d", "weight": 50, "mapping": {"poor": 2, "good": 15}},
        {
            "key": "busy",
            "weight": 50,
            "mapping": {"poor": 0, "good": 1},
            "formula": f"activities_90d * {constant}",
        },
    ]
    return json.dumps(
        {"name": "Huge", "groups": [{"key": "g", "weight": 100, "measures": measures}]}
    ).encode()


def _cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def _ordinary_mail(n: int) -> bytes:
    return (
        _mail_headers(Subject=f"Cannot log in ({n})", **{"Message-ID": f"<m{n}@acme.test>"}) + b"\r\nHelp\r\n"
    )


@dataclass
class Outcome:
    case: str
    kind: str
    status: str
    seconds: float
    peak_rss_mb: float
    slowest_healthz_s: float


class Server:
    """`steward serve` on a free loopback port over a fresh data directory, a workspace and an admin key."""

    def __init__(self, data_dir: Path) -> None:
        self.env = {**os.environ, "STEWARD_DATA_DIR": str(data_dir), "STEWARD_ENV": "dev"}
        self.env.pop("STEWARD_DATABASE_URL", None)
        steward = [sys.executable, "-m", "steward.cli"]
        subprocess.run([*steward, "db", "upgrade"], env=self.env, check=True, capture_output=True)
        made = subprocess.run(
            [*steward, "workspace", "create", "Hostile", "--json"],
            env=self.env,
            check=True,
            capture_output=True,
        )
        slug = json.loads(made.stdout)["slug"]
        key = subprocess.run(
            [*steward, "apikey", "create", "--workspace", slug, "--role", "admin", "--json"],
            env=self.env, check=True, capture_output=True,
        )  # fmt: skip
        self.auth = {"Authorization": f"Bearer {json.loads(key.stdout)['key']}"}
        subprocess.run(
            [*steward, "user", "create", "--workspace", slug, "--email", USER, "--role", "admin",
             "--password-stdin"],
            env=self.env, check=True, capture_output=True, input=b"right horse battery staple\n",
        )  # fmt: skip
        self.port = free_port()
        self.proc = subprocess.Popen(
            [*steward, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{self.port}"
        wait_until_healthy(self.proc, self.base, seconds=120)

    def _status(self, field: str) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"{field} missing")

    def reset_peak(self) -> None:
        Path(f"/proc/{self.proc.pid}/clear_refs").write_text("5")

    def peak_mb(self) -> float:
        return self._status("VmHWM:")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def _watch_healthz(base: str, stop: threading.Event, worst: list[float]) -> None:
    while not stop.is_set():
        began = time.perf_counter()
        httpx.get(f"{base}/healthz", timeout=60)
        worst.append(time.perf_counter() - began)
        stop.wait(0.05)


def measure(server: Server, case: str, kind: str, send: Callable[[httpx.Client], list[int]]) -> Outcome:
    server.reset_peak()
    stop, worst = threading.Event(), [0.0]
    watcher = threading.Thread(target=_watch_healthz, args=(server.base, stop, worst))
    with httpx.Client(base_url=f"{server.base}/api/v1", headers=server.auth, timeout=120) as client:
        watcher.start()
        began = time.perf_counter()
        statuses = send(client)
        took = time.perf_counter() - began
        stop.set()
        watcher.join()
    shown = " ".join(f"{n}x{s}" if n > 1 else str(s) for s, n in _counts(statuses))
    return Outcome(case, kind, shown, round(took, 3), round(server.peak_mb(), 1), round(max(worst), 3))


def _counts(statuses: list[int]) -> list[tuple[int, int]]:
    return sorted({s: statuses.count(s) for s in statuses}.items())


def _post(path: str, body: bytes, headers: dict[str, str]) -> Callable[[httpx.Client], list[int]]:
    return lambda c: [c.post(path, content=body, headers=headers).status_code]


def _get(path: str, **params: str) -> Callable[[httpx.Client], list[int]]:
    return lambda c: [c.get(path, params=params).status_code]


def _at_once(
    n: int, request: Callable[[httpx.Client, int], httpx.Response]
) -> Callable[[httpx.Client], list[int]]:
    def send(client: httpx.Client) -> list[int]:
        start, answers = threading.Barrier(n), []

        def fire(i: int) -> None:
            start.wait()
            answers.append(request(client, i).status_code)

        threads = [threading.Thread(target=fire, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return answers

    return send


Send = Callable[[httpx.Client], list[int]]


def _name_of(megabytes: int) -> bytes:
    return b'{"name": "' + b"a" * megabytes * 1_000_000 + b'"}'


def _guess_passwords(tries: int) -> Send:
    """Wrong passwords for one account from one client, as fast as the server answers."""

    def send(client: httpx.Client) -> list[int]:
        base = str(client.base_url).removesuffix("/api/v1/")
        statuses = []
        for _ in range(tries):  # a fresh form each time, as a script driving the page would
            form = client.get(f"{base}/login").text
            token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            data = {"email": USER, "password": "wrong", "csrf_token": token, "next": "/accounts"}
            statuses.append(client.post(f"{base}/login", data=data).status_code)
        return statuses

    return send


def _bulk_items(megabytes: float) -> bytes:
    return b'{"items": [' + b",".join([b"{}"] * int(megabytes * 333_333)) + b"]}"


def _numbers(megabytes: float) -> bytes:
    return b"[" + b",".join([b"1"] * int(megabytes * 500_000)) + b"]"


def cases() -> list[tuple[str, str, Send]]:
    ticket_nan, infinite_horizon = b'{"subject": "x", "account_id": NaN}', b'{"horizon_days": Infinity}'
    inbound, huge_formula = "/tickets/inbound-email", _scorecard("1" + "0" * 309)
    open_due_at_once = _at_once(3, lambda c, i: c.post("/renewals/open-due"))
    mail_at_once = _at_once(3, lambda c, i: c.post(inbound, content=_ordinary_mail(i + 1), headers=RFC822))
    plain: list[tuple[str, str, Send]] = [
        ("GET /accounts", "plain", _get("/accounts")),
        ("an ordinary e-mail to /tickets/inbound-email", "plain", _post(inbound, _ordinary_mail(0), RFC822)),
        ("an ordinary POST /tickets", "plain", _post("/tickets", b'{"subject": "Help"}', JSON)),
    ]  # fmt: skip
    hostile = [
        (f"{shape} to {route}", "hostile", _post(route, raw, RFC822))
        for route in ("/tickets/inbound-email", "/emails/bounces")
        for shape, raw in HOSTILE_MAIL.items()
    ]
    hostile += [
        ("NaN as a ticket's account_id", "hostile", _post("/tickets", ticket_nan, JSON)),
        ("Infinity as churn horizon_days", "hostile", _post("/churn/models", infinite_horizon, JSON)),
        ("NaN as a rule condition value", "hostile", _post("/rules", RULE.encode(), JSON)),
        ("a 310-digit health formula constant", "hostile", _post("/health/scorecards", huge_formula, JSON)),
        ("cursor [x, 2**63] on /accounts", "hostile", _get("/accounts", cursor=_cursor(["x", 2**63]))),
        ("cursor [x, true] on /contacts", "hostile", _get("/contacts", cursor=_cursor(["x", True]))),
        ("cursor {a: 1} on /churn/models", "hostile", _get("/churn/models", cursor=_cursor({"a": 1}))),
        ("JSON nested 100,000 deep", "hostile", _post("/accounts", b"[" * 100_000 + b"]" * 100_000, JSON)),
        ("a 15 MB account name", "hostile", _post("/accounts", _name_of(15), JSON)),
        ("a 20 MB JSON body", "hostile", _post("/accounts", _name_of(20), JSON)),
        ("15 MB of empty objects as bulk items", "hostile", _post("/accounts/bulk", _bulk_items(15), JSON)),
        ("a million empty objects as bulk items", "hostile", _post("/accounts/bulk", _bulk_items(3), JSON)),
        ("15 MB of numbers as a body", "hostile", _post("/accounts", _numbers(15), JSON)),
        ("4 MB of numbers (just under the JSON limit)", "hostile", _post("/accounts", _numbers(4.1), JSON)),
        ("60 wrong passwords for one account", "hostile", _guess_passwords(60)),
        ("three different e-mails at once", "concurrent", mail_at_once),
        ("three POST /renewals/open-due at once", "concurrent", open_due_at_once),
    ]  # fmt: skip
    return plain + hostile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="steward-hostile-") as tmp:
        server = Server(Path(tmp))
        try:
            outcomes = [measure(server, name, kind, send) for name, kind, send in cases()]
        finally:
            server.stop()
    if args.json:
        print(json.dumps([asdict(o) for o in outcomes]))
        return
    table = Table(title="Hostile inputs against steward serve (SQLite), beside plain requests")
    for column in (
        "input",
        "kind",
        "status",
        "seconds",
        "server peak RSS, MB",
        "slowest /healthz meanwhile, s",
    ):
        table.add_column(column, justify="left" if column in ("input", "kind", "status") else "right")
    for o in outcomes:
        table.add_row(
            escape(o.case),
            o.kind,
            o.status,
            f"{o.seconds:.3f}",
            f"{o.peak_rss_mb:.0f}",
            f"{o.slowest_healthz_s:.3f}",
        )
    Console(width=160).print(table)
    plain = [o for o in outcomes if o.kind == "plain"]
    others = [o for o in outcomes if o.kind != "plain"]
    bad = [o for o in others if any(part.split("x")[-1].startswith("5") for part in o.status.split())]
    print(
        f"plain requests: at most {max(o.seconds for o in plain):.3f} s, "
        f"{max(o.peak_rss_mb for o in plain):.0f} MB; hostile and concurrent: at most "
        f"{max(o.seconds for o in others):.3f} s, {max(o.peak_rss_mb for o in others):.0f} MB, "
        f"/healthz waited at most {max(o.slowest_healthz_s for o in others):.3f} s; 5xx answers: {len(bad)}"
    )


if __name__ == "__main__":
    main()
