# The README's two commands are `make demo` and `make test`. `make install` is what a server needs;
# `make install-test` adds what only the tests use (Chromium, its driver, a CJK font, Node.js, pytest).
.PHONY: install install-test demo test test-fast clean-db

install:
	./scripts/install.sh

install-test:
	./scripts/install.sh --test

demo: install
	.venv/bin/gridgov demo
	.venv/bin/gridgov serve --demo

# Tests run in one worker per core (pytest-xdist; each worker its own database, a module's tests together).
test: install-test
	.venv/bin/python -m pytest -n auto --dist loadfile

# Everything but the tests that build the whole demo district (marker `demo`, tests/conftest.py) and the
# benchmarks' small runs (marker `bench`).
test-fast: install-test
	.venv/bin/python -m pytest -n auto --dist loadfile -m "not demo and not bench"

clean-db:
	-.venv/bin/gridgov db stop
