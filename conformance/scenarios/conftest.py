"""Fixtures of the scenarios: the calling view, the statement under test, and a `Scene` on a
product the run created for it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import allure
import pytest

from conformance import reporting
from conformance.catalogue import (
    ALL_IDS,
    INHERITANCE_ONLY,
    family_of,
    marker_lines,
    statement_of,
    statements_of,
)
from conformance.matrix import Matrix, outcome_of
from conformance.oracles import make_oracle
from conformance.plugin import target_of
from conformance.products import FixtureImage
from conformance.steps import Scene, track

# The roles the product factory gives: three on the first entry and one on the second, so
# that a role moving between entries is visible.
ROLE_LAYOUT = ({"image", "small_image", "thumbnail"}, {"swatch_image"})


def pytest_configure(config):
    for line in marker_lines():
        config.addinivalue_line("markers", line)


# One per process; only the controller's (or a run without xdist) is ever shown.
_matrix = Matrix()


def pytest_runtest_logreport(report):
    """Each test's outcome goes to the behaviour matrix, by statement and calling view. The
    statement travels in the report's user properties, so this works in the xdist
    controller too."""
    outcome = outcome_of(report)
    statements = [value for name, value in report.user_properties if name == "statement"]
    view = dict(report.user_properties).get("calling view")
    if outcome is not None and statements:
        for statement in statements:
            _matrix.record(statement, view, outcome)


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput") or not _matrix.cells:
        return
    target = target_of(config).describe()
    _matrix.write(Path(config.rootpath) / "reports" / "behaviour-matrix.md", target)
    terminalreporter.section("behaviour matrix (reports/behaviour-matrix.md)")
    terminalreporter.write_line(_matrix.render())


def pytest_collection_modifyitems(items):
    for item in items:
        for mark in list(item.iter_markers()):
            family = family_of(statement_of(mark.name) or "")
            if family:
                item.add_marker(family)


def pytest_generate_tests(metafunc):
    """Every scenario runs once per store view as the calling view: `[view=second]`."""
    if "view" in metafunc.fixturenames:
        views = target_of(metafunc.config).store_views
        metafunc.parametrize("view", views, ids=[f"view={v}" for v in views])


def pytest_runtest_call(item):
    """The title a person reads first in Allure: "MEDIA-ADD [view=second]". Set when the
    test starts, since allure-pytest names the result from the test function after set-up."""
    found = sorted(statements_of(item))
    if found:
        callspec = getattr(item, "callspec", None)
        allure.dynamic.title(" + ".join(found) + (f" [{callspec.id}]" if callspec else ""))


@pytest.fixture
def statement(request) -> str:
    """The catalogue ID the scenario asserts, from its marker."""
    found = statements_of(request.node)
    if len(found) != 1:
        raise pytest.UsageError(f"{request.node.nodeid} names {len(found)} catalogue IDs")
    return found.pop()


@pytest.fixture(autouse=True)
def _label_statement(request, record_property):
    """The catalogue ID reaches Allure (label and story) and the JUnit XML (a property)."""
    found = statements_of(request.node)
    for statement in sorted(found):
        allure.dynamic.label("statement", statement)
        allure.dynamic.story(statement)
        allure.dynamic.tag(statement)
        record_property("statement", statement)
    callspec = getattr(request.node, "callspec", None)
    if callspec and "view" in callspec.params:
        record_property("calling view", callspec.params["view"])
    if found:
        allure.dynamic.description(
            "\n\n".join(f"{s}: {ALL_IDS[s]} (docs/BEHAVIOURS.md)" for s in sorted(found))
        )


@pytest.fixture(autouse=True)
def _single_store_skip(request, target):
    found = statements_of(request.node)
    if len(target.install_views) == 1 and found & INHERITANCE_ONLY:
        pytest.skip(
            "SINGLE-STORE: the target has one store view, so inheritance does not apply and "
            f"{', '.join(sorted(found))} has nothing to check"
        )


@pytest.fixture(scope="session")
def oracle(settings, target, client):
    return make_oracle(
        settings.oracle, client=client, store_views=target.install_views, db_url=target.db_url
    )


def _scene(request, product_factory, client, oracle, target, statement, *,
           video: bool) -> Scene:
    product = product_factory.create(images=3, video=video, roles=ROLE_LAYOUT)
    callspec = getattr(request.node, "callspec", None)
    scene = Scene(client=client, oracle=oracle, views=target.install_views,
                  statement=statement, product=track(product),
                  calling_view=callspec.params.get("view") if callspec else None)
    with reporting.step("set-up: a product of the run's own, a bystander view's overrides"):
        scene.set_up()
    return scene


@pytest.fixture
def scene(request, product_factory, client, oracle, target, statement) -> Scene:
    """A fresh product with three images; every field inherits in every view but the
    bystander (see `Scene`)."""
    return _scene(request, product_factory, client, oracle, target, statement, video=False)


@pytest.fixture
def video_scene(request, product_factory, client, oracle, target, statement) -> Scene:
    """As `scene`, with a video entry besides the images."""
    return _scene(request, product_factory, client, oracle, target, statement, video=True)


@dataclass(frozen=True)
class NewImage:
    """A real image file the product does not have yet, for a media POST."""

    image: FixtureImage

    def content(self) -> dict[str, str]:
        return self.image.content(f"added-{self.image.name}")


@pytest.fixture
def new_image(fixture_images) -> NewImage:
    # The factory uses the first images; the last one is never in a product it made.
    return NewImage(sorted(fixture_images)[-1])
