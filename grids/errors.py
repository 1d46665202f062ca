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


class CaseError(GridgovError):
    """A case that does not exist, or an action it cannot take (``case``, ``state``, ``action`` say which)."""

    code = "case"


class IllegalTransition(CaseError):
    """An action the case's current state does not allow; the message lists the actions it does allow."""

    code = "illegal_transition"


class NoSuchCase(CaseError):
    """No case has this id."""

    code = "not_found"
    http_status = 404


class OutOfScope(CaseError):
    """A case outside the account's area that is not its own either (``case`` says which): its data never
    leaves the store."""

    code = "out_of_scope"
    http_status = 403


class CaseConflict(CaseError):
    """Another session changed (or is changing) the case since it was read; reload and try again."""

    code = "case_conflict"
    http_status = 409


class PersonError(GridgovError):
    """A person who does not exist, or an assignment that breaks the rules (role, level, category)."""

    code = "person"


class AccountError(GridgovError):
    """An account that cannot be created as asked (role, scope, person)."""

    code = "account"


class DraftError(GridgovError):
    """A planner's edit or workflow step on the draft generation that cannot be done as asked."""

    code = "draft"


class DraftOutOfArea(DraftError):
    """A planner's change of a cell outside the account's area (another district's, say)."""

    code = "out_of_scope"
    http_status = 403


class DraftConflict(DraftError):
    """The draft changed since the revision the planner worked on (``expected``, ``current``, ``saved_by``)."""

    code = "draft_conflict"
    http_status = 409


class WorkflowStateError(DraftError):
    """A workflow step the draft's state does not allow (``state``, and the steps ``allowed`` now)."""

    code = "wrong_state"
    http_status = 409


class PublishRefused(DraftError):
    """The draft cannot be published: not approved, or the checks found errors (``findings`` lists them)."""

    code = "publish_refused"

    def __init__(self, message, findings=(), **context):
        super().__init__(message, **context)
        self.findings = list(findings)

    def __str__(self):
        return "\n".join([super().__str__()] + [f"  - {f}" for f in self.findings[:50]])

    def as_dict(self):
        return {**super().as_dict(), "findings": self.findings}


class ProposalError(GridgovError):
    """A division of a community that cannot be proposed as asked (``community``, ``k`` say which)."""

    code = "proposal"


class DisputeError(GridgovError):
    """A dispute (矛盾纠纷) record or a step of its mediation chain that cannot be done as asked: ``field``
    names the input at fault, ``dispute`` and ``stage`` the record; nothing was written."""

    code = "dispute"


class IllegalDisputeStep(DisputeError):
    """A step the dispute's stage does not allow; the message lists the steps it does allow."""

    code = "illegal_dispute_step"
    http_status = 409


class PetitionError(GridgovError):
    """A petition matter (信访事项), a petitioner or a step of its handling that cannot be done as asked:
    ``field`` names the input at fault, ``matter`` and ``stage`` the record; nothing was written."""

    code = "petition"


class IllegalPetitionStep(PetitionError):
    """A step the matter's stage does not allow; the message lists the steps it does allow."""

    code = "illegal_petition_step"
    http_status = 409
