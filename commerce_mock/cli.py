"""`commerce-mock`: run the server. Prints one line, `commerce-mock listening on
http://HOST:PORT`, once the socket accepts connections, so a runner can learn the port."""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import socket
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from commerce_mock import faults
from commerce_mock.app import Settings, make_app
from commerce_mock.storage import Storage

logger = logging.getLogger("commerce_mock")

DEFAULT_ADMIN_USERNAME = "admin"
DEFAULT_ADMIN_PASSWORD = "commerce-mock-123"
STORE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
RESERVED_CODES = ("all", "admin")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="commerce-mock",
        description="A Magento-compatible REST server for store-view media gallery behaviour.",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--db", help="SQLite file, durable across restarts "
                                     "(default: a temporary file removed at exit)")
    parser.add_argument("--admin-token", default=os.environ.get("COMMERCE_MOCK_ADMIN_TOKEN"),
                        help="a fixed accepted bearer token (or env COMMERCE_MOCK_ADMIN_TOKEN)")
    parser.add_argument("--admin-username", default=DEFAULT_ADMIN_USERNAME,
                        help="for POST /V1/integration/admin/token "
                        f"(default {DEFAULT_ADMIN_USERNAME})")
    parser.add_argument("--admin-password",
                        default=os.environ.get("COMMERCE_MOCK_ADMIN_PASSWORD",
                                               DEFAULT_ADMIN_PASSWORD),
                        help="(or env COMMERCE_MOCK_ADMIN_PASSWORD; default "
                             f"{DEFAULT_ADMIN_PASSWORD})")
    parser.add_argument("--store-views", default="default,second,third",
                        help="comma-separated store view codes (default default,second,third; "
                        "one code makes a single-store install); the first is the default view")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay added to each response")
    parser.add_argument("--fault", action="append", default=[], metavar="NAME",
                        help="switch a named fault on (repeatable); see --list-faults")
    parser.add_argument("--list-faults", action="store_true",
                        help="print each fault with its meaning and exit")
    args = parser.parse_args(argv)
    args.store_views = store_view_codes(parser, args.store_views)
    if args.latency_ms < 0:
        parser.error("--latency-ms must not be negative")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be within 0..65535")
    missing = faults.unknown(args.fault)
    if missing:
        parser.error(f"unknown fault(s): {', '.join(missing)} (see --list-faults)")
    return args


def store_view_codes(parser: argparse.ArgumentParser, text: str) -> list[str]:
    codes = [code.strip() for code in text.split(",") if code.strip()]
    bad = [code for code in codes if not STORE_CODE.match(code) or code in RESERVED_CODES]
    if not codes or bad or len(set(codes)) != len(codes):
        parser.error(f"--store-views: need distinct codes like 'default,second' (got {text!r})")
    return codes


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this on Linux; without it a keep-alive client waits ~40 ms
    # per response (Nagle against delayed ACK), as the headers and body go out separately.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def database_path(requested: str | None) -> tuple[str, bool]:
    """The SQLite path, and whether it is temporary (removed at exit)."""
    if requested:
        return requested, False
    handle, path = tempfile.mkstemp(prefix="commerce-mock-", suffix=".sqlite")
    os.close(handle)
    return path, True


def remove_database(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(path + suffix).unlink(missing_ok=True)


def stop_on_sigterm(_signum: int, _frame: object) -> None:
    # uvicorn re-raises the signal after its graceful shutdown; leave through `finally`.
    raise SystemExit(0)


def serve(args: argparse.Namespace) -> int:
    db_path, temporary = database_path(args.db)
    try:
        storage = Storage(db_path)
        storage.initialise(args.store_views)
    except Exception as error:  # a bad --db path: say so, no traceback
        logger.error("cannot open database %s: %s", db_path, error)
        return 2
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        logger.error("cannot listen on %s:%s: %s", args.host, args.port, error)
        return 2
    settings = Settings(storage, args.admin_username, args.admin_password,
                        args.admin_token or None, args.latency_ms)
    faults.enable(args.fault)
    if args.fault:
        logger.warning("FAULTS ON (deliberately broken rules): %s", ", ".join(args.fault))
    config = uvicorn.Config(make_app(settings), log_level="warning", access_log=False,
                            lifespan="off")
    port = sock.getsockname()[1]
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    print(f"commerce-mock listening on http://{url_host(args.host)}:{port}", flush=True)
    logger.info("database %s (%s), store views %s", db_path,
                "temporary" if temporary else "durable", ",".join(args.store_views))
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        storage.close()
        if temporary:
            remove_database(db_path)
        logger.info("stopped")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list_faults:
        print(faults.describe())
        return 0
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return serve(args)
