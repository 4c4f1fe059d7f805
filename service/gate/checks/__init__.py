"""One module per check; each exposes a single `check_*` function taking a `CheckInput`."""
