# dyad — top-level entry points.  `make demo` and `make test` work on a fresh
# Debian 12 machine as root: both run scripts/setup (idempotent) first.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SHARED ?= $(abspath ../shared)

.PHONY: all setup build build-asan demo test bench clean

all: build

setup:
	@scripts/setup

build: setup
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build -j $(JOBS)

build-asan: setup
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDYAD_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)

demo: build
	@echo "== dyad code examples/belarus-russia.txt"
	@build/dyad code examples/belarus-russia.txt
	@echo "== dyad gkg examples/belarus-russia.txt (knowledge graph: places, people, quotations, tone, themes)"
	@build/dyad gkg examples/belarus-russia.txt
	@echo "== dyad code -f tabari tests/fixtures/ru/seed-ru.txt (the seed article in Russian: date, source, target, code, name)"
	@build/dyad code -f tabari tests/fixtures/ru/seed-ru.txt

test: build build-asan
	@echo "== Release build tests"
	@cd build && DYAD_SHARED=$(SHARED) ctest --output-on-failure -j $(JOBS)
	@echo "== AddressSanitizer + UndefinedBehaviorSanitizer build tests"
	@cd build-asan && DYAD_SHARED=$(SHARED) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/run $(SHARED)
	@bench/phoenix $(SHARED)
	@bench/builtin $(SHARED)
	@bench/kg $(SHARED)
	@bench/store $(SHARED)
	@bench/serve
	@bench/queue $(SHARED)
	@bench/warc
	@bench/russian

clean:
	rm -rf build build-asan
