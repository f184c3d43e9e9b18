// The executor's cost of completing values into JSON: W3's answer — 100 posts, each with three
// leaves and an author of three more — from plain properties (bench/completion_app), so that
// no pipeline runs and no backend answers. Each query declares a variable: a kept plan writes
// the text of a shared value again only for operations without variables, and these runs are
// to complete every field. The counter `fields` is the leaves written per run.

#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include <stashql/app.hpp>
#include <stashql/engine.hpp>

#include "bench_app.hpp"

namespace {

using namespace stashql;

constexpr int kPosts = 100;

std::shared_ptr<const EngineConfig> completion_app() {
  static const std::shared_ptr<const EngineConfig> config = bench::load_bench_app("completion_app");
  return config;
}

void complete(benchmark::State& state, const char* query, int leaves_per_post) {
  auto config = completion_app();
  if (config == nullptr) {
    state.SkipWithError("bench/completion_app does not load: run `stashql check` on it");
    return;
  }
  Engine engine(config);
  std::string out;
  engine.run(GraphQLRequest{query, {}, nullptr}, nullptr, out);
  if (out.find("\"errors\"") != std::string::npos || out.size() < 1000) {
    state.SkipWithError(("the query fails: " + out.substr(0, 200)).c_str());
    return;
  }
  for (auto _ : state) {
    out.clear();
    engine.run(GraphQLRequest{query, {}, nullptr}, nullptr, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
  state.counters["fields"] = kPosts * leaves_per_post;
}

void BM_complete_posts_titles(benchmark::State& state) {
  complete(state, "query ($all: Boolean = true) { posts @include(if: $all) { title } }", 1);
}

void BM_complete_posts_with_authors(benchmark::State& state) {
  complete(state,
           "query ($all: Boolean = true) { posts @include(if: $all) "
           "{ id userId title user { id name email } } }",
           6);
}

BENCHMARK(BM_complete_posts_titles);
BENCHMARK(BM_complete_posts_with_authors);

}  // namespace
