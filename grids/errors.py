"""Domain errors of the cell store; each has a stable ``code`` (see :mod:`gis.errors`)."""
from gis.errors import GridgovError


class HierarchyError(GridgovError):
    """A level, kind, parent or code that breaks the rules of the cell hierarchy."""

    code = "hierarchy"


class GenerationError(GridgovError):
    """A boundary generation that does not exist or cannot change the way asked."""

    code = "generation"


class ImportRefused(GridgovError):
    """An import that was refused as a whole; nothing was written. ``problems`` lists every reason."""

    code = "import_refused"

    def __init__(self, message, problems=(), **context):
        super().__init__(message, **context)
        self.problems = list(problems)

    def __str__(self):
        lines = [super().__str__()] + [f"  - {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  … and {len(self.problems) - 50} more")
        return "\n".join(lines)

    def as_dict(self):
        return {**super().as_dict(), "problems": self.problems}


class IncidentError(GridgovError):
    """An incident that does not exist or cannot change the way asked."""

    code = "incident"
