# onestack: `make run` to start the all-in-one cloud, `make test` to test everything.
BUILD ?= build
JOBS ?= $(shell nproc)
BIN := $(BUILD)/src/cmd/onestack
PY := /usr/bin/python3
# Two pytest workers, one file each at a time: every worker starts its own cloud.
E2E_PARALLEL ?= -n $(JOBS) --dist loadfile

.PHONY: all deps test-deps build run test unit e2e e2e-postgres tempest tempest-image tempest-compute tempest-compute-libvirt bench bench-identity bench-image bench-placement bench-compute \
        fuzz format sample clean

all: build

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps test

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile
	@$(MAKE) --no-print-directory -C $(BUILD) -j$(JOBS) onestack

# Starts the all-in-one cloud in the foreground, state under ./data: libvirtd
# first (real guests; without it the fake driver), then, once the cloud
# answers, the tiny test image and flavors m1.tiny/small/medium.
run: build
	@scripts/start-libvirt || echo "make run: no libvirtd; compute runs the fake driver"
	@scripts/register-test-image data &
	$(BIN) all-in-one

test: test-deps $(BUILD)/Makefile
	@$(MAKE) --no-print-directory -C $(BUILD) -j$(JOBS) onestack unit_tests
	@$(MAKE) --no-print-directory unit e2e e2e-postgres tempest tempest-image tempest-compute

unit:
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

e2e:
	cd tests/e2e && ONESTACK_BIN=$(CURDIR)/$(BIN) $(PY) -m pytest -q -p no:warnings -p no:cacheprovider $(E2E_PARALLEL) .

# The same end-to-end suite with identity on a private PostgreSQL cluster.
e2e-postgres:
	tests/e2e/run-postgres $(CURDIR)/$(BIN)

tempest:
	tests/tempest/run $(CURDIR)/$(BIN)

# Tempest's image API suite (one store, then two for the copy/multi-store tests).
tempest-image:
	tests/tempest/run-image $(CURDIR)/$(BIN)

# Tempest's compute API suite on the fake driver (two hosts, no networking or volumes).
tempest-compute:
	tests/tempest/run-compute $(CURDIR)/$(BIN)

# tempest.api.compute.servers on the libvirt driver: real TCG guests on this
# host (long: not part of `make test`).
tempest-compute-libvirt:
	tests/tempest/run-compute-libvirt $(CURDIR)/$(BIN)

bench: bench-identity bench-image bench-placement bench-compute

bench-identity: build
	bench/identity.sh $(CURDIR)/$(BIN)

# 1 GiB upload/download and a 1,000-image list, onestack vs upstream Glance and dd.
bench-image: build
	bench/image.sh $(CURDIR)/$(BIN)

# Placement: candidates, provider list and claims with wrk, onestack and upstream.
bench-placement: build
	$(PY) bench/placement.py $(CURDIR)/$(BIN)

# Compute on the fake driver: 1,000 hosts, 1,000 servers POST -> ACTIVE, scheduler
# decision latency, /servers/detail, RSS; upstream Nova's fake driver beside it;
# then real guests: the tiny guest's boot to its marker beside a bare virsh create.
bench-compute: build
	$(PY) bench/compute.py $(CURDIR)/$(BIN)
	$(PY) bench/compute_libvirt.py $(CURDIR)/$(BIN)

fuzz:
	tests/fuzz/run

# Regenerates the sample configuration from the option definitions.
sample: build
	$(BIN) config sample > etc/onestack.conf.sample

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
