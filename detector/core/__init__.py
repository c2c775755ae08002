"""The core model every other layer (and every rule) builds on: the document, findings, the
rule contract, per-file reports, shared text constants and the version."""
