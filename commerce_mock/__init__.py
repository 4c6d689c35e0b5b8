"""A Magento-compatible REST server for store-view media gallery behaviour.

It keeps real storage (a subset of Magento's own tables in one SQLite file) and implements the
store-view inheritance rules of the behaviour catalogue. It is the conformance suite's default
target and meets the suite only over HTTP.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
