"""What a worker does with one item: load and check a file, or check a text, within the time
budget. Module-level functions, so they can be sent to worker processes."""

from __future__ import annotations

from ..core.report import FileReport
from ..input.errors import InputError
from ..input.reading import load_path
from ..input.setaside import prose_document
from .budget import CheckTimeout, disarm, time_limit, timeout_error
from .engine import Engine

def check_file(engine: Engine, item: tuple) -> FileReport:
    """``item`` = (path, max_bytes, stdin bytes or None[, timeout in seconds[, the name standard
    input is reported and read as]]): load and check
    one file within the time budget; an unreadable or too slow one gives a report with
    ``error`` set. Standard input is read by the parent process."""
    path, max_bytes, stdin_data, *rest = item
    timeout = rest[0] if rest else None
    stdin_name = rest[1] if len(rest) > 1 else None  # --stdin-filename
    name = (stdin_name or "<stdin>") if path == "-" else path
    if timeout:
        engine.warm()  # start-up is not charged to the first file's budget
    try:
        with time_limit(timeout):
            try:
                doc = load_path(path, max_bytes=max_bytes, stdin_data=stdin_data,
                                stdin_name=stdin_name)
            except InputError as exc:
                return FileReport(path=name, error=str(exc))
            return engine.check(doc)
    except CheckTimeout:
        disarm()
        return FileReport(path=name, error=timeout_error(timeout))


def check_text_item(engine: Engine, item: tuple) -> FileReport:
    """``item`` = (label, text, error[, timeout in seconds]): check a text within the time
    budget, or pass an error through."""
    label, text, error, *rest = item
    timeout = rest[0] if rest else None
    if error is not None:
        return FileReport(path=label, error=error)
    if timeout:
        engine.warm()  # start-up is not charged to the first record's budget
    try:
        with time_limit(timeout):
            return engine.check(prose_document(text, path=label))
    except CheckTimeout:
        disarm()
        return FileReport(path=label, error=timeout_error(timeout))
