// Parse and validation cost of two documents every GraphQL server sees: graphql-js's standard
// introspection query (what GraphiQL and code generators send) and a ~2 KB product-page query
// with fragments and variables, validated against a shop schema. Each is measured parse-only
// and parse + validate; bench/graphql_js_parse.mjs measures graphql-js on the same inputs, and
// bench/run.sh prints the ratio.

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

#include <stashql/parser.hpp>
#include <stashql/schema.hpp>
#include <stashql/validation.hpp>

namespace {

using namespace stashql;

std::optional<std::string> read_query_file(const char* name) {
  std::ifstream in(std::string(STASHQL_BENCH_DATA) + "/queries/" + name, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

// The shop schema, built once for every benchmark.
const Schema* bench_schema() {
  static const std::shared_ptr<const Schema> schema = []() -> std::shared_ptr<const Schema> {
    auto sdl = read_query_file("schema.graphql");
    if (!sdl) return nullptr;
    auto built = Schema::build({SdlSource{"schema.graphql", *sdl}});
    return built.has_value() ? *built : nullptr;
  }();
  return schema.get();
}

void BM_parse(benchmark::State& state, const char* file) {
  const auto source = read_query_file(file);
  if (!source) {
    state.SkipWithError("cannot read the query file");
    return;
  }
  if (!parse(*source).has_value()) {
    state.SkipWithError("the query does not parse");
    return;
  }
  for (auto _ : state) {
    auto document = parse(*source);
    benchmark::DoNotOptimize(document);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * source->size()));
}

void BM_parse_validate(benchmark::State& state, const char* file) {
  const auto source = read_query_file(file);
  const Schema* schema = bench_schema();
  if (!source || schema == nullptr) {
    state.SkipWithError("cannot read the query or build the schema");
    return;
  }
  auto checked = parse(*source);
  if (!checked.has_value() || !validate(*schema, *checked).empty()) {
    state.SkipWithError("the query is not valid against the schema");
    return;
  }
  for (auto _ : state) {
    auto document = parse(*source);
    auto errors = validate(*schema, *document);
    benchmark::DoNotOptimize(errors);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * source->size()));
}

BENCHMARK_CAPTURE(BM_parse, introspection, "introspection.graphql");
BENCHMARK_CAPTURE(BM_parse_validate, introspection, "introspection.graphql");
BENCHMARK_CAPTURE(BM_parse, query_2kb, "query_2kb.graphql");
BENCHMARK_CAPTURE(BM_parse_validate, query_2kb, "query_2kb.graphql");

}  // namespace
