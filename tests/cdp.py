"""Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
commands on the browser's fd 3, answers and events on its fd 4, one JSON message per NUL),
with no client library: open a page, run script in it, and record every request it makes
(the protocol's Network.requestWillBeSent events)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import subprocess
import tempfile
from typing import Any

HANG = 60.0  # seconds without a message from the browser: it hangs, the test fails


class BrowserError(AssertionError):
    """The browser answered a command with an error, or stopped answering."""


class Browser:
    def __init__(self, chromium: str, flags: tuple[str, ...]) -> None:
        self._profile = tempfile.TemporaryDirectory()
        to_browser, self._commands = os.pipe()
        self._answers, from_browser = os.pipe()

        def as_fds_3_and_4() -> None:
            # through fds above 4 first: one of ours may be 3 or 4 already
            reading = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
            writing = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [chromium, *flags, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=as_fds_3_and_4,  # noqa: PLW1509 - the child has no threads yet
            pass_fds=(3, 4),  # kept open in the browser: set by as_fds_3_and_4
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close", session="")
        try:
            self.process.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._answers)
        self._profile.cleanup()

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        """A command's result (to the open page's session unless `session` says otherwise)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        target = self.session if session is None else session
        if target:
            message["sessionId"] = target
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], HANG)
            chunk = os.read(self._answers, 1 << 20) if ready else b""
            if not chunk:
                raise BrowserError("the browser stopped answering")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(line)
        if "method" in message:
            self.events.append(message)
        return message

    def open(self, url: str) -> None:
        """A new page at this URL, its requests recorded from the first; back when loaded."""
        target = self.send("Target.createTarget", {"url": "about:blank"}, session="")
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=""
        )
        self.session = attached["sessionId"]
        self.send("Network.enable")
        self.send("Page.enable")
        self.go(url)

    def go(self, url: str) -> None:
        mark = len(self.events)
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired", mark)

    def wait_for(self, method: str, since: int) -> None:
        """Back when an event of this method came after the first `since` events."""
        while not any(e["method"] == method for e in self.events[since:]):
            self._read()

    def until(self, expression: str) -> Any:
        """The first true value of a script expression, polled in the page every 50 ms (a
        page still without it after 30 s fails the test)."""
        return self.evaluate(
            "new Promise((resolve, reject) => { const started = Date.now(); const check = () => {"
            f" let value; try {{ value = ({expression}); }} catch (e) {{ value = null; }}"
            " if (value) resolve(value); else if (Date.now() - started > 30000)"
            f" reject(new Error('never true: ' + {json.dumps(expression)}));"
            " else setTimeout(check, 50); }; check(); })"
        )

    def evaluate(self, expression: str) -> Any:
        """The value of a script expression in the page (a promise is awaited)."""
        answer = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression[:60]}…: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def requests(self) -> list[str]:
        """Every URL the pages asked for so far."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]
