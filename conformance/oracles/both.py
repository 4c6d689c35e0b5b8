"""Both oracles at once: the database first (it has no side effects), then the probe.

Used to hold the two to each other: any place where the probe's reading differs from the
database's is an `OracleError` listing every disagreement. The probe's state is returned.
"""

from __future__ import annotations

import dataclasses
import logging

from conformance.oracles.base import OracleError, Product
from conformance.oracles.db import DatabaseOracle
from conformance.oracles.probe import ProbeOracle
from conformance.state import Expectation, GalleryState, differences

log = logging.getLogger(__name__)


class BothOracles:
    """Reads with the database oracle and the probe, and requires them to agree."""

    name = "both"

    def __init__(self, db: DatabaseOracle, probe: ProbeOracle) -> None:
        self.db = db
        self.probe = probe

    def __repr__(self) -> str:
        return f"BothOracles({self.db!r}, {self.probe!r})"

    @property
    def last_request_count(self) -> int:
        return self.probe.last_request_count

    def close(self) -> None:
        self.db.close()

    def read(self, product: Product) -> GalleryState:
        # The database first: it reads the state before the probe's writes touch anything.
        db_state = self.db.read(product)
        probe_state = self.probe.read(product)
        lines = differences(probe_state, Expectation.unchanged_from(db_state))
        lines += coverage_differences(probe_state, db_state)
        if lines:
            body = "\n".join(f"  {line}" for line in lines)
            raise OracleError(
                f"the probe and the database oracle disagree on sku {product.sku!r} "
                f"(expected: database, found: probe):\n{body}")
        log.debug("both oracles agree on %s", product.sku)
        return dataclasses.replace(probe_state, oracle="both")


def coverage_differences(probe_state: GalleryState, db_state: GalleryState) -> list[str]:
    """Fields and roles that one oracle reports and the other does not.

    `differences` compares only what both have (an expectation names what it checks); here a
    field missing on one side is itself a disagreement, e.g. an entry that REST calls an image
    and the database a video.
    """
    lines = []
    for view in sorted(set(probe_state.views) & set(db_state.views)):
        probe_view, db_view = probe_state.views[view], db_state.views[view]
        for entry_id in sorted(set(probe_view.entries) & set(db_view.entries)):
            probe_fields = set(probe_view.entries[entry_id].fields)
            db_fields = set(db_view.entries[entry_id].fields)
            lines += [f"view '{view}', entry {entry_id}, {name}: only the {side} reports it"
                      for side, names in (("probe", probe_fields - db_fields),
                                          ("database", db_fields - probe_fields))
                      for name in sorted(names)]
        lines += [f"view '{view}', role {role}: only the {side} reports it"
                  for side, roles in (("probe", set(probe_view.roles) - set(db_view.roles)),
                                      ("database", set(db_view.roles) - set(probe_view.roles)))
                  for role in sorted(roles)]
    return lines
