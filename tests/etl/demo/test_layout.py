"""The demo partition keeps every street and community in one piece, even from rough seeds."""
import numpy as np
import pytest
import shapely

from etl.demo import layout as demo_layout

STRIP = np.array([shapely.box(i, 0, i + 1, 1) for i in range(6)])  # six unit squares in a row, west to east


@pytest.mark.parametrize("community, community_street, expected", [
    # community 0 is squares 0 and 2: square 2 is cut off by community 1 and joins it
    ([0, 1, 0, 1], [0, 0], [0, 1, 1, 1]),
    # street 0 (communities 0, 1) also holds square 4, cut off by street 1: it joins community 2 around it
    ([0, 1, 2, 2, 1, 2], [0, 0, 1], [0, 1, 2, 2, 2, 2]),
])
def test_detached_pieces_join_a_neighbour(community, community_street, expected):
    cells = STRIP[:len(community)]
    found = demo_layout._contiguous(cells, np.array(community), np.array(community_street))
    assert found.tolist() == expected


def test_unrelaxed_seeds_still_give_one_piece_per_group(monkeypatch):
    monkeypatch.setattr(demo_layout, "RELAX_ROUNDS", 0)  # rough seeds: pieces come apart, and must be joined
    community_street = np.repeat(np.arange(4), [9, 9, 6, 6])
    centres = np.array([[-2400, 1800], [-2600, -1700], [2600, -1500], [2400, 1900]])
    for seed in range(4):
        layout = demo_layout.partition(np.random.default_rng(seed), centres, community_street, np.full(30, 10))
        assert shapely.coverage_is_valid(layout.grids)
        groups = [layout.community == c for c in range(30)] + [community_street[layout.community] == s for s in range(4)]
        assert all(shapely.coverage_union_all(layout.grids[g]).geom_type == "Polygon" for g in groups), seed
