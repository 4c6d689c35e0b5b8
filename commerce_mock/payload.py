"""Reading request JSON the way Magento's REST layer does: typed fields, 400 on bad input.

A field that is absent is `ABSENT` (leave as is); JSON null is `None` (for gallery fields in a
store view: inherit again). Every other value is converted or refused with Magento's message.
"""

from __future__ import annotations

import json
import math
from typing import Any, Final

from commerce_mock import errors


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()
MAX_BODY_BYTES = 32 * 1024 * 1024


def parse_json(raw: bytes) -> Any:
    if len(raw) > MAX_BODY_BYTES:
        raise errors.bad_request(errors.BODY_TOO_LARGE)
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise errors.bad_request(errors.DECODING_ERROR) from None


def required_object(body: Any, key: str) -> dict[str, Any]:
    """`body[key]` as an object, e.g. the `product` or `entry` wrapper."""
    if not isinstance(body, dict):
        raise errors.required_field(key)
    value = body.get(key)
    if value is None:
        raise errors.required_field(key)
    if not isinstance(value, dict):
        raise errors.invalid_type(value, "object")
    return value


def field(data: dict[str, Any], key: str) -> Any:
    return data.get(key, ABSENT)


def to_int(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise errors.invalid_type(value, "int")


def to_float(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value):
            return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    raise errors.invalid_type(value, "float")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", ""):
        return value.lower() in ("true", "1")
    raise errors.invalid_type(value, "bool")


def to_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise errors.invalid_type(value, "string")


def to_str_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise errors.invalid_type(value, "string[]")
    return [to_str(item) for item in value]


def optional(value: Any, convert: Any) -> Any:
    """Keep ABSENT and None as they are; convert anything else."""
    if value is ABSENT or value is None:
        return value
    return convert(value)
