"""The staff workbench (工作台): command, street, community and department staff run the case loop.

Concept: the command centre, a street or a community office works the cases of its **area** (the
account's scope, :mod:`grids.people.accounts`); a department works the cases it **handles**, co-handles
(协办) or was called to (吹哨). :mod:`grids.desk.queue` lists them by tab (待受理, 待派遣, 办理中 …)
and filter and shows one case whole; :mod:`grids.desk.actions` says which actions of the case loop each
role may take on a case and takes them; :mod:`grids.desk.followup` is the call-back list (回访) and
its rule that a dissatisfied rating reopens the case; :mod:`grids.desk.supervision` lists the cases
the rules put under supervision (挂牌督办) and the lateness of the departments called by 吹哨.

Imports :mod:`grids.cells`, :mod:`grids.people`, :mod:`grids.cases`.
"""
