"""`python -m dashboard` is the same as the `activity-map` command."""

from dashboard.cli import main

raise SystemExit(main())
