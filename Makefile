# Tocsin: `make sandbox` runs the bot on its embedded default; `make test` runs every test;
# `make bench` builds in release mode and runs every benchmark (loopback only, a few minutes);
# `make release` writes dist/tocsin, one binary with the Swift runtime linked in (needs only libcurl and SQLite).
SYSTEM_PACKAGES := libcurl4-openssl-dev libsqlite3-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build sandbox test bench release clean

# Installs the system libraries Tocsin links (libcurl, SQLite) when they are missing (Debian/Ubuntu).
deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $$missing; \
	fi

build: deps
	swift build

sandbox: deps
	swift run tocsin sandbox

# The replicas' end-to-end test (three `tocsin serve` processes on PostgreSQL, timed against Slack's rate limits)
# runs on its own after the rest, so its timing is not judged while hundreds of other tests share the cores.
test: deps
	swift test --skip ReplicasFlowTests
	swift test --skip-build --filter ReplicasFlowTests

# The binary says which build it is (`tocsin --version`, `tocsin_build_info`): the release line from
# BuildVersion.swift plus `git describe`, stamped into that file for this build and put back afterwards.
VERSION_FILE := Sources/TocsinServer/BuildVersion.swift

release: deps
	@base="$$(sed -n 's/^    static let base = "\(.*\)"$$/\1/p' $(VERSION_FILE))"; \
	described="$$(git describe --tags --always --dirty 2>/dev/null)"; \
	version="$$base$${described:++$$described}"; \
	cp -p $(VERSION_FILE) $(VERSION_FILE).orig; \
	trap 'mv -f $(VERSION_FILE).orig $(VERSION_FILE)' EXIT; \
	sed -i "s/^    static let stamped: String? = nil$$/    static let stamped: String? = \"$$version\"/" $(VERSION_FILE); \
	grep -q "stamped: String? = \"$$version\"" $(VERSION_FILE) || { echo "cannot stamp the version into $(VERSION_FILE)"; exit 1; }; \
	echo "tocsin $$version"; \
	swift build -c release --product tocsin --static-swift-stdlib
	mkdir -p dist
	cp "$$(swift build -c release --show-bin-path)/tocsin" dist/tocsin
	@if command -v strip >/dev/null 2>&1; then strip dist/tocsin; fi
	@echo "dist/tocsin: $$(du -h dist/tocsin | cut -f1)"

# The benchmarks' load generator is wrk (Debian's package), installed when missing.
bench: deps
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing wrk"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y wrk; \
	}
	swift build -c release --product tocsin
	swift build -c release --product tocsin-bench
	"$$(swift build -c release --show-bin-path)/tocsin-bench" all

clean:
	rm -rf .build dist tocsin-sandbox.sqlite*
