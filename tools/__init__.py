"""Data builders for the files shipped in rules/data/ and detector/*/data/ (not installed; run
from the repository root, see tools/README.md)."""
