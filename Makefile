.PHONY: run test test-unit test-browser test-ops test-clients bench build stop-db drop-db clean

## Runs the portal with demo data on http://127.0.0.1:8080 (installs and starts PostgreSQL if needed).
run:
	bash scripts/run.sh

## Runs every test against a throwaway PostgreSQL cluster: the four parts below, in this order.
test:
	bash scripts/test.sh

## The XCTest cases only (domain, database and web tests), with their throwaway cluster.
test-unit:
	bash scripts/test.sh --part unit

## The browser parts only: the journey, the printed A4 PDFs and accessibility, in headless Chromium.
test-browser:
	bash scripts/test.sh --part browser

## The operations parts only: robustness, hostile input, two instances behind nginx, start-up, make run from a
## closed folder, backup, faults, failover to a standby, point-in-time recovery.
test-ops:
	bash scripts/test.sh --part ops

## The world's HTTP clients only: the Nu HTML Checker, promtool, icalendar and vobject, csv, curl.
test-clients:
	bash scripts/test.sh --part clients

## Release build, throwaway PostgreSQL, demo data + generated volume, wrk per scenario; prints and saves bench/results.json.
bench:
	bash scripts/bench.sh

build:
	swift build

## Stops the local cluster that `make run` started (its data stays; the folder is named in the output).
stop-db:
	bash scripts/run.sh --stop-db

## Stops the local cluster and removes its data: the demo database and anything you added to it.
drop-db:
	bash scripts/run.sh --drop-db

clean:
	rm -rf .build
