# orgwork - entry points. The build itself is meson (meson.build).
#   make demo    install what is missing, build, generate demo data, serve it
#   make check   install what is missing, build with ASan+UBSan, run every test
#   make bench   benchmarks (bench/), prints ratio tables
#   make fuzz    short libFuzzer runs of the parsers and the request path
#   make torture kill -9 (200 kills) and full-disk runs at full size
BUILD ?= build
CHECK_BUILD ?= build-check
FUZZ_BUILD ?= build-fuzz

.PHONY: all deps build demo check bench fuzz torture clean

all: build

deps:
	@scripts/install-deps

build: deps
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) --buildtype=release -Db_ndebug=true
	@ninja -C $(BUILD)
	@scripts/build-web

demo: build
	@scripts/demo $(BUILD)

check: deps
	@test -f $(CHECK_BUILD)/build.ninja || meson setup $(CHECK_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
	@ninja -C $(CHECK_BUILD)
	@ninja -C $(CHECK_BUILD) bench-stats bench-dues stats-speed pinyin-speed  # the tools compile too
	@scripts/build-web
	@tests/run $(CHECK_BUILD)

bench: build
	@bench/run $(BUILD)

fuzz: deps
	@tests/fuzz/run $(FUZZ_BUILD)

torture: build
	@tests/torture/run $(BUILD)

clean:
	rm -rf $(BUILD) $(CHECK_BUILD) $(FUZZ_BUILD)
