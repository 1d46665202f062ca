# The README's two commands are `make demo` and `make test`; both start with `make install`.
.PHONY: install demo test test-fast clean-db

install:
	./scripts/install.sh

demo: install
	.venv/bin/gridgov demo
	.venv/bin/gridgov serve --demo

test: install
	.venv/bin/python -m pytest

# Everything but the tests that build the whole demo district (marker `demo`, tests/conftest.py).
test-fast: install
	.venv/bin/python -m pytest -m "not demo"

clean-db:
	-.venv/bin/gridgov db stop
