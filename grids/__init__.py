"""The domain of grid-based governance, one sub-package per concept, never Flask.

The shared modules here (``errors``, ``clock``, ``privacy``) import no sub-package. The sub-packages
import downwards only: ``cells`` ← ``people``, ``incidents`` ← ``cases`` ← ``mapview`` ← ``member``;
``planning`` (over cells, people, cases) ← ``planning.analysis``. Each owns the SQL it runs, in its
own ``sql/`` folder (``gis.sqlfiles.load("grids.cases", name)``). ``docs/architecture.md`` draws it.
"""
