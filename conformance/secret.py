"""A value that must never be printed: tokens, passwords, database URLs."""

from __future__ import annotations

import hmac

MASK = "***"


class Secret:
    """Holds a secret string; every printable form of it is ``***``.

    The value is kept in a slot rather than a ``__dict__`` so that ``vars()`` and
    pytest's ``--showlocals`` (which reprs each local) see only the mask.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"Secret wraps a str, not {type(value).__name__}")
        self._value = value

    def reveal(self) -> str:
        """The real value; call it at the point of use, never store it in a local."""
        return self._value

    def __repr__(self) -> str:
        return MASK

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return format(MASK, spec)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        # Constant time, so comparing tokens in tests teaches no bad habit.
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(self._value)

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Secret:
        return self

    def __reduce__(self) -> tuple[object, ...]:
        # Pickling would write the value to wherever the pickle goes (xdist, caches).
        raise TypeError("a Secret cannot be pickled; pass secret.reveal() explicitly")
