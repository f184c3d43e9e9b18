// The pipeline runtime's own cost: 100 list items, each with a field resolved by a 5-step
// pipeline of core functions (bench/pipeline_app/Item.label.yaml), against the same query
// reading a plain property instead. The difference over 500 steps is the runtime's cost per
// step — templates, the stash, the functions' work — reported as the counter `ns_per_step`.

#include <cstdint>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include <stashql/app.hpp>
#include <stashql/engine.hpp>

#include "bench_app.hpp"

namespace {

using namespace stashql;

constexpr int kItems = 100;
constexpr int kSteps = 5;

std::shared_ptr<const EngineConfig> pipeline_app() {
  static const std::shared_ptr<const EngineConfig> config = bench::load_bench_app("pipeline_app");
  return config;
}

// Runs `query` in a loop, after checking once that it answers without errors.
void run_query(benchmark::State& state, const char* query) {
  auto config = pipeline_app();
  if (config == nullptr) {
    state.SkipWithError("bench/pipeline_app does not load: run `stashql check` on it");
    return;
  }
  Engine engine(config);
  const PreparedRequest prepared = engine.prepare(query, {});
  if (!prepared.ok()) {
    state.SkipWithError("the query does not validate");
    return;
  }
  std::string out;
  engine.run(GraphQLRequest{query, {}, nullptr}, nullptr, out);
  if (out.find("\"errors\"") != std::string::npos) {
    state.SkipWithError(("the query fails: " + out.substr(0, 200)).c_str());
    return;
  }
  for (auto _ : state) {
    out.clear();
    engine.run(GraphQLRequest{query, {}, nullptr}, nullptr, out);
    benchmark::DoNotOptimize(out.data());
  }
}

void BM_items_property(benchmark::State& state) {
  run_query(state, "{ items { id name } }");
  state.SetItemsProcessed(state.iterations() * kItems);
}

void BM_items_pipeline_5_steps(benchmark::State& state) {
  run_query(state, "{ items { id label } }");
  state.SetItemsProcessed(state.iterations() * kItems);
  // bench/report.mjs subtracts the property run and divides by the steps for ns per step.
  state.counters["steps"] = kItems * kSteps;
}

BENCHMARK(BM_items_property);
BENCHMARK(BM_items_pipeline_5_steps);

}  // namespace
