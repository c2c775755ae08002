"""Comparison of articles with each other: an article against its source (``align``) and a
batch sorted into near-duplicate families (``cluster``); result types in ``report``.

Sits beside the checking pipeline, below the command line: it uses the document model and
the loaders, never the output formats or the CLI."""
