// The apps the in-process benchmarks run: bench/<dir>/stashql.yaml, loaded once per process.
#pragma once

#include <memory>
#include <string>

#include <stashql/app.hpp>

namespace stashql::bench {

// The engine configuration of bench/<dir>/stashql.yaml; nullptr when it does not load.
inline std::shared_ptr<const EngineConfig> load_bench_app(const std::string& dir) {
  auto app = load_app(std::string(STASHQL_BENCH_DATA) + "/" + dir + "/stashql.yaml");
  return app.has_value() ? app->engine : nullptr;
}

}  // namespace stashql::bench
