# stashql — the two commands a user needs are `make run` and `make test`; both install what is
# missing first (`make deps`). Everything else here is for developers.

SHELL := /bin/bash
.DEFAULT_GOAL := build

BUILD      ?= build
TEST_BUILD ?= build-test
FUZZ_BUILD ?= build-fuzz
PORT       ?= 4000
JOBS       ?= $(shell nproc)
CONFIG     ?= pipelines/demo/stashql.yaml

# Debian 12 packages the build, tests and benchmarks need (Node.js too, unless a node is there).
DEB_PACKAGES := build-essential cmake ninja-build ccache pkg-config git \
  libboost1.81-dev nlohmann-json3-dev libyaml-cpp-dev libhiredis-dev libssl-dev \
  libgtest-dev libgmock-dev libbenchmark-dev \
  clang libclang-rt-14-dev clang-format clang-tidy \
  redis-server nginx wrk curl procps
# npm projects: the conformance oracle and audit (tests/), GraphiQL's assets (src/server/graphiql).
NPM_DIRS := tests src/server/graphiql

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps deps-deb deps-npm bench-deps build run serve test test-build bench fuzz format tidy clean

deps: deps-deb deps-npm

# Installs only what is missing; `apt-get update` runs only then, so a ready machine is fast.
deps-deb:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	command -v node >/dev/null && command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

# `npm ci` from the lock files, only when a lock file is newer than its installed tree.
deps-npm: deps-deb
	@for d in $(NPM_DIRS); do \
	  if [ -f "$$d/package-lock.json" ] && { [ ! -f "$$d/node_modules/.package-lock.json" ] || \
	       [ "$$d/package-lock.json" -nt "$$d/node_modules/.package-lock.json" ]; }; then \
	    echo "deps: npm ci in $$d"; (cd "$$d" && npm ci --no-audit --no-fund --loglevel=error) || exit 1; \
	  fi; \
	done

# The optimised build: build/stashql.
build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTASHQL_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The blog demo with its Redis and comments service, started under ./var (pipelines/blog/run.sh).
run: build
	pipelines/blog/run.sh $(BUILD)/stashql $(PORT)

# Any app on its own: `make serve CONFIG=pipelines/demo/stashql.yaml`.
serve: build
	$(BUILD)/stashql serve -c $(CONFIG) --port $(PORT)

# Tests build under AddressSanitizer and UndefinedBehaviorSanitizer.
test-build: deps
	@cmake -S . -B $(TEST_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTASHQL_SANITIZE=ON \
	  -DSTASHQL_BENCH=OFF >/dev/null
	@cmake --build $(TEST_BUILD) -j $(JOBS)

test: test-build
	cd $(TEST_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j 2

# The peers of the side-by-side benchmarks (Tailcall, Mercurius, Apollo Server), from npm;
# only `make bench` needs them.
bench-deps: deps
	@$(MAKE) --no-print-directory deps-npm NPM_DIRS=bench/peers

# Every benchmark; `make bench WORKLOADS="W1 W3b"` runs only those side-by-side workloads.
bench: build bench-deps
	@cmake --build $(BUILD) --target stashql_bench beast_floor -j $(JOBS)
	bench/run.sh $(WORKLOADS)

# The parser fuzzers (libFuzzer, clang); FUZZ_SECONDS each. Not part of `make test`.
FUZZ_SECONDS ?= 60
fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSTASHQL_FUZZ=ON -DSTASHQL_TESTS=ON -DSTASHQL_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) --target fuzz_targets -j $(JOBS)
	tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: test-build
	@git ls-files 'src/*.cpp' | xargs clang-tidy -p $(TEST_BUILD) --quiet \
	  --extra-arg=-Wno-unknown-warning-option

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(FUZZ_BUILD)
