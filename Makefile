# The two commands of README.md: `make run` and `make test`. Meson and Ninja do the building;
# this file only installs what is missing and chains the steps.

BUILD      ?= build
TEST_BUILD ?= build-test
DB         ?= cong.db
LISTEN     ?= 127.0.0.1:8080

.PHONY: run test deps test-deps build build-test clean

run: build
	@if [ ! -f "$(DB)" ]; then ./$(BUILD)/cong init --demo --db "$(DB)"; fi
	./$(BUILD)/cong serve --db "$(DB)" --listen "$(LISTEN)"

test: test-deps
	python3 tests/run.py --build "$(TEST_BUILD)"

deps:
	@sh scripts/install-deps.sh

test-deps:
	@sh scripts/install-deps.sh --test

build: deps
	@if [ ! -f "$(BUILD)/build.ninja" ]; then meson setup "$(BUILD)" --buildtype=release; fi
	ninja -C "$(BUILD)"

clean:
	rm -rf "$(BUILD)" "$(TEST_BUILD)"
