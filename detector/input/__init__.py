"""Input: read files and standard input, decode bytes, parse markup, find the regions that are
not article prose (set aside) and the inline suppressions, and build the :class:`Document`."""
