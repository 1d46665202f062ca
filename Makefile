# The README's two commands are `make demo` and `make test`; both start with `make install`.
.PHONY: install demo test clean-db

install:
	./scripts/install.sh

demo: install
	.venv/bin/gridgov demo
	.venv/bin/gridgov serve --demo

test: install
	.venv/bin/python -m pytest

clean-db:
	-.venv/bin/gridgov db stop
