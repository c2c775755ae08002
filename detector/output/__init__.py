"""Output: the report formats (text, json, sarif, github, html, JSON Lines records)."""
