"""Tests of the checklist gate (service/gate): corpus, per-check units, properties."""
