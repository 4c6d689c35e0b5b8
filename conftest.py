"""Root conftest: loads the conformance plugin for every run from this repository."""

pytest_plugins = ["conformance.plugin"]
