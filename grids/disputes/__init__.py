"""Dispute resolution (矛盾纠纷多元化解): the dispute record beside a case, its parties, triage to posts,
organisations and mediators, sessions, the outcome (an agreement or a hand-over), the follow-up of
agreements, screening (排查), the 110 three-calls rule and the chain's KPIs. ``docs/disputes.md`` is the
guide; each module's docstring carries its idea.
"""
