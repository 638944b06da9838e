# The commands of README.md: `make run`, `make test` and `make fuzz`. Meson and Ninja build;
# this file only installs what is missing and chains the steps.

BUILD      ?= build
TEST_BUILD ?= build-test
DB         ?= cong.db
LISTEN     ?= 127.0.0.1:8080
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: run test fuzz deps test-deps build build-test clean

run: build
	@if [ ! -f "$(DB)" ]; then ./$(BUILD)/cong init --demo --db "$(DB)"; fi
	./$(BUILD)/cong serve --db "$(DB)" --listen "$(LISTEN)"

test: test-deps
	python3 tests/run.py --build "$(TEST_BUILD)"

# each libFuzzer target of fuzz/ in turn for FUZZ_SECONDS (clang build in FUZZ_BUILD)
fuzz: test-deps
	FUZZ_BUILD="$(FUZZ_BUILD)" sh scripts/fuzz.sh all "$(FUZZ_SECONDS)"

deps:
	@sh scripts/install-deps.sh

test-deps:
	@sh scripts/install-deps.sh --test

build: deps
	@if [ ! -f "$(BUILD)/build.ninja" ]; then meson setup "$(BUILD)" --buildtype=release; fi
	ninja -C "$(BUILD)"

clean:
	rm -rf "$(BUILD)" "$(TEST_BUILD)" "$(FUZZ_BUILD)"
