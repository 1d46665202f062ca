"""Errors that explain themselves.

Every error gridgov raises on purpose carries a stable ``code`` (the API and the UI branch on it) and
the context a user needs to find the problem: the file, the feature or row, the field and the reason.
``grids.errors`` adds the domain errors; the web app maps all of them to one JSON shape.
"""


class GridgovError(Exception):
    """Base of gridgov's own errors: a stable ``code``, a message and named context.

    ``http_status`` is the answer's status when the web API meets the error (a conflict is 409).
    """

    code = "gridgov_error"
    http_status = 400

    def __init__(self, message, **context):
        super().__init__(message)
        self.message = message
        self.context = {k: v for k, v in context.items() if v is not None}

    def __str__(self):
        where = ", ".join(f"{k}={v}" for k, v in self.context.items())
        return f"{self.message} ({where})" if where else self.message

    def as_dict(self):
        return {"code": self.code, "message": self.message, **self.context}


class DatabaseSetupError(GridgovError):
    """The database could not be found, started or prepared."""

    code = "database_setup"


class CrsError(GridgovError):
    """A coordinate reference system is missing, unknown or contradictory."""

    code = "crs"


class InputFileError(GridgovError):
    """A file cannot be read as asked (format, layer, encoding, CRS, a field)."""

    code = "input_file"


class InvalidGeometryError(GridgovError):
    """A feature's geometry is not a valid (multi)polygon; ``feature`` and ``reason`` say which and why."""

    code = "invalid_geometry"
