"""`python -m commerce_mock` runs the server's command line."""

from commerce_mock.cli import main

raise SystemExit(main())
