"""Allure reporting: each recorded `Exchange` becomes a step, plus helpers for higher layers.

Without `--alluredir` the allure calls below are no-ops, so callers never need to check.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import allure

from conformance.client import Exchange


def attach_json(name: str, obj: Any) -> None:
    """Attach a JSON document to the current test or step."""
    text = json.dumps(obj, indent=2, ensure_ascii=False, default=str, sort_keys=False)
    allure.attach(text, name=name, attachment_type=allure.attachment_type.JSON)


def attach_text(name: str, text: str) -> None:
    allure.attach(text, name=name, attachment_type=allure.attachment_type.TEXT)


@contextmanager
def step(title: str) -> Iterator[None]:
    """A named Allure step; the exchanges made inside nest under it."""
    with allure.step(title):
        yield


class AllureListener:
    """Turns each exchange into a step "POST /rest/second/V1/products → 200" with its bodies."""

    def __call__(self, exchange: Exchange) -> None:
        with allure.step(exchange.title()):
            if exchange.request_body is not None:
                attach_json("request", exchange.request_body)
            if exchange.error:
                attach_text("error", exchange.error)
            else:
                attach_json("response", _response_summary(exchange))


def _response_summary(exchange: Exchange) -> dict[str, Any]:
    return {"status": exchange.status, "duration_ms": exchange.duration_ms,
            "body": exchange.response_body}
