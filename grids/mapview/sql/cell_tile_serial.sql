-- A tile is cut in one process: a parallel plan set up PROJ's transformation to Web Mercator again in
-- every worker (0.3-0.7 s a tile, bench/bench_web.py), where the serial scan takes milliseconds.
SET LOCAL max_parallel_workers_per_gather = 0
