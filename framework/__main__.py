"""`python -m framework`: the command line of the framework."""

from framework.cli import main

raise SystemExit(main())
