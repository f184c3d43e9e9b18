// Expression evaluation on its own, with the allocations it makes counted: reading a path
// must allocate nothing (it returns a reference into the scope), while building a string
// does. The counter `allocs_per_eval` is exact — the global operator new of this benchmark
// binary counts every allocation.

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include <benchmark/benchmark.h>

#include <stashql/expression.hpp>
#include <stashql/json.hpp>

namespace {

std::atomic<std::size_t> allocations{0};

}  // namespace

// Counting replacements of the global allocation functions (this binary only). They pair
// malloc with free; GCC, seeing a `new` expression inlined next to this `free`, would call them
// mismatched.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

using namespace stashql;

void BM_expression(benchmark::State& state, const char* text) {
  auto stash = parse_json(R"({"user": {"profile": {"name": "Ada", "age": 36},
                                        "groups": ["admins", "staff"]}, "limit": 20})");
  auto args = parse_json(R"({"id": "u1", "first": 10})");
  auto compiled = expr::Expression::compile(text);
  if (!stash || !args || !compiled) {
    state.SkipWithError("the expression or its data does not parse");
    return;
  }
  expr::Scope scope;
  scope.set(expr::Root::stash, &*stash);
  scope.set(expr::Root::args, &*args);
  if (!compiled->evaluate(scope)) {
    state.SkipWithError("the expression fails");
    return;
  }
  const std::size_t before = allocations.load();
  for (auto _ : state) {
    auto value = compiled->evaluate(scope);
    benchmark::DoNotOptimize(value);
  }
  state.counters["allocs_per_eval"] =
      static_cast<double>(allocations.load() - before) / static_cast<double>(state.iterations());
}

BENCHMARK_CAPTURE(BM_expression, path, "stash.user.profile.name");
BENCHMARK_CAPTURE(BM_expression, index_path, "stash.user.groups[1]");
BENCHMARK_CAPTURE(BM_expression, compare,
                  "stash.user.profile.age >= 18 and args.first <= stash.limit");
BENCHMARK_CAPTURE(BM_expression, in_list, "'staff' in stash.user.groups");
BENCHMARK_CAPTURE(BM_expression, default, "args.missing ?? stash.limit");
BENCHMARK_CAPTURE(BM_expression, call_upper, "upper(stash.user.profile.name)");

}  // namespace
