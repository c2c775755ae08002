"""Rule families of mtcheck, one module each (see ``mtcheck.registry`` for the list)."""
