# The two commands of the README: `make run` and `make test`. Both install
# what is missing first (scripts/deps.sh is quiet when everything is there).
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: all deps build run test asan bench clean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/relic ./$(BUILD)/samples/hello

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS=-DRELIC_SANITIZE=ON

bench: build
	bash bench/run.sh $(BUILD)

clean:
	rm -rf build build-asan
