"""The one runner of the mock server: the embedded default target, the project's tests, benchmarks.

The server runs as `python -m commerce_mock` in a subprocess; the suite never imports it. The
admin token travels in the environment (`COMMERCE_MOCK_ADMIN_TOKEN`), never on the command
line where `ps` would show it.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO

import httpx

from conformance.secret import Secret

log = logging.getLogger(__name__)

TOKEN_ENV = "COMMERCE_MOCK_ADMIN_TOKEN"
READY_LINE = re.compile(r"commerce-mock listening on (http://[^\s/]+)")
START_DEADLINE_S = 20.0
READY_DEADLINE_S = 10.0
STOP_GRACE_S = 5.0
TAIL_CHARS = 3000


class ServerStartError(RuntimeError):
    """The mock server did not come up; the message carries the tail of its log."""


class MockServer:
    """Start and stop `commerce_mock` on a free port; use as a context manager."""

    def __init__(self, store_views: Sequence[str] | None = None, faults: Iterable[str] = (),
                 latency_ms: int = 0, db_path: str | os.PathLike[str] | None = None,
                 extra_args: Sequence[str] = (), *,
                 env: Mapping[str, str] | None = None,
                 start_deadline_s: float = START_DEADLINE_S) -> None:
        self.store_views = tuple(store_views) if store_views else None
        self.faults = tuple(faults)
        self.latency_ms = latency_ms
        self.extra_args = tuple(extra_args)
        self.extra_env = dict(env or {})
        self.admin_token = Secret(secrets.token_urlsafe(24))
        self.start_deadline_s = start_deadline_s
        self._given_db = Path(db_path) if db_path else None
        self._dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stdout_thread: threading.Thread | None = None
        self._log_file: IO[bytes] | None = None
        self.base_url: str | None = None

    def __repr__(self) -> str:
        return f"MockServer(base_url={self.base_url!r}, store_views={self.store_views!r})"

    def __enter__(self) -> MockServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def db_path(self) -> Path:
        """The server's SQLite file: ours in the temp dir unless the caller gave one."""
        if self._given_db:
            return self._given_db
        return self._workdir() / "commerce-mock.sqlite3"

    @property
    def log_path(self) -> Path:
        """The server's stderr (and, after the ready line, its stdout)."""
        return self._workdir() / "server.log"

    def command(self) -> list[str]:
        args = [sys.executable, "-m", "commerce_mock", "--host", "127.0.0.1", "--port", "0",
                "--db", str(self.db_path)]
        if self.store_views:
            args += ["--store-views", ",".join(self.store_views)]
        if self.latency_ms:
            args += ["--latency-ms", str(int(self.latency_ms))]
        for fault in self.faults:
            args += ["--fault", fault]
        return args + list(self.extra_args)

    def start(self) -> MockServer:
        if self._process is not None:
            raise RuntimeError("this MockServer was already started")
        self._log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self._process = subprocess.Popen(
            self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self._log_file, env=self._environment(), cwd=self._workdir(),
        )
        try:
            self.base_url = self._await_ready_line()
            self._await_answer()
        except BaseException:
            self.stop()
            raise
        # A last resort if the owner never calls stop(): no server outlives this process.
        atexit.register(self.stop)
        log.info("mock server up at %s (pid %s)", self.base_url, self._process.pid)
        return self

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after a grace period; then remove the temp dir."""
        atexit.unregister(self.stop)
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(STOP_GRACE_S)
                except subprocess.TimeoutExpired:
                    log.warning("mock server pid %s ignored SIGTERM; killing it", process.pid)
                    process.kill()
                    process.wait()
            if process.stdout:
                process.stdout.close()
        if self._stdout_thread is not None:
            self._stdout_thread.join(timeout=2)
            self._stdout_thread = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def log_tail(self, chars: int = TAIL_CHARS) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return text[-chars:].replace(self.admin_token.reveal(), "***")

    def _workdir(self) -> Path:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="commerce-mock-"))
        return self._dir

    def _environment(self) -> dict[str, str]:
        env = {**os.environ, **self.extra_env}
        env[TOKEN_ENV] = self.admin_token.reveal()
        # Unbuffered, or the ready line could sit in the child's buffer until the deadline.
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _await_ready_line(self) -> str:
        """Read stdout until the ready line; afterwards a thread keeps draining it to the log."""
        assert self._process is not None and self._process.stdout is not None
        lines: queue.Queue[str | None] = queue.Queue()
        self._stdout_thread = threading.Thread(
            target=_pump_stdout, args=(self._process.stdout, lines, self._log_file),
            name="commerce-mock-stdout", daemon=True,
        )
        self._stdout_thread.start()
        deadline = time.monotonic() + self.start_deadline_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._failure(f"did not print its ready line within "
                                    f"{self.start_deadline_s:.0f} s")
            try:
                line = lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if line is None:
                code = self._process.wait()
                raise self._failure(f"exited with code {code} before it was ready")
            match = READY_LINE.search(line)
            if match:
                return match.group(1)

    def _await_answer(self) -> None:
        """Poll the store list (no token needed) until the server answers 200."""
        url = f"{self.base_url}/rest/V1/store/storeViews"
        deadline = time.monotonic() + READY_DEADLINE_S
        last = "no answer"
        with httpx.Client(timeout=2.0) as http:
            while time.monotonic() < deadline:
                if not self.running:
                    raise self._failure("exited while starting")
                try:
                    status = http.get(url).status_code
                except httpx.HTTPError as exc:
                    last = f"{type(exc).__name__}: {exc}"
                else:
                    if status == 200:
                        return
                    last = f"status {status}"
                time.sleep(0.05)
        raise self._failure(f"GET {url} did not answer 200 within {READY_DEADLINE_S:.0f} s "
                            f"(last: {last})")

    def _failure(self, what: str) -> ServerStartError:
        tail = self.log_tail()
        return ServerStartError(f"the mock server ({' '.join(self.command()[1:4])}) {what}.\n"
                                f"--- the tail of its log ---\n{tail or '(empty)'}")


def _pump_stdout(stream: IO[bytes], lines: queue.Queue[str | None],
                 log_file: IO[bytes] | None) -> None:
    """Forward each stdout line to the queue and the log; `None` marks the end of the stream."""
    try:
        for raw in iter(stream.readline, b""):
            lines.put(raw.decode("utf-8", errors="replace"))
            if log_file is not None and not log_file.closed:
                try:
                    log_file.write(raw)
                    log_file.flush()
                except ValueError:  # closed by stop() between the check and the write
                    break
    except (OSError, ValueError):
        pass  # the pipe was closed by stop(); nothing left to drain
    finally:
        lines.put(None)
