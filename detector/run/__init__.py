"""Running checks: the engine (rules -> findings -> verdict), planning a run, the process pool
and time budget, labelled-corpus evaluation, and the Dask backend."""
