.PHONY: run test bench build stop-db clean

## Runs the portal with demo data on http://127.0.0.1:8080 (installs and starts PostgreSQL if needed).
run:
	bash scripts/run.sh

## Runs every test against a throwaway PostgreSQL cluster.
test:
	bash scripts/test.sh

## Release build, throwaway PostgreSQL, demo data + generated volume, wrk per scenario; prints and saves bench/results.json.
bench:
	bash scripts/bench.sh

build:
	swift build

## Stops the local cluster that `make run` started.
stop-db:
	bash -c '. scripts/pg.sh && pg_stop "$$PWD/.pgdata"'

clean:
	rm -rf .build
