// Unit functions: the steps of a pipeline (`use: filter`, `use: redis.get`, …). Each is a
// factory that reads and checks the step's YAML arguments once, at load time, and builds an
// immutable UnitFunction; at run time the runtime calls it with a StepContext and it returns
// a StepOutcome — the runtime, not the function, walks the chain, stashes results and turns
// errors into GraphQL errors naming the pipeline file and step. Adding a function touches
// its own file and the registry's list (src/functions/registry.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <stashql/backends.hpp>
#include <stashql/datasource.hpp>
#include <stashql/expression.hpp>
#include <stashql/resolver.hpp>
#include <stashql/value.hpp>

namespace stashql::pipeline {

// Whether a function changes anything outside the request (a backend write, a publish).
// `stashql run --dry` intercepts the writes; `check` warns about writes in Query pipelines.
enum class Effect : std::uint8_t { reads, writes };

enum class Presence : std::uint8_t { optional, required };

// The kind of value a function's result always is when it is not null, if known: `stashql check`
// warns when a pipeline's result cannot match its field's type (a list into a String).
enum class ResultKind : std::uint8_t { any, object, list, string, integer, boolean };

// `--dry` (stashql run, stashql query): a write function records here what it would have
// written, one line per backend operation, and writes nothing ("SET post:1 {…} EX 60",
// "PUT blob posts/1.md (2,048 bytes)", "POST http://comments/api/comments {…}"). Reads still go
// to the backends. The trace prints each line as "would write …".
struct DryRun {
  std::vector<std::string> writes;
  void record(std::string line) { writes.push_back(std::move(line)); }
};

class Observer;  // runtime.hpp: what `stashql run` and `query --trace` see of each step

// What a step hands back to the runtime.
struct StepOutcome {
  enum class Flow : std::uint8_t {
    next,    // go on: `value` is the step's result (stash[id] when the step has an id, prev.result)
    keep,    // go on with no result of its own (auth, append_error): prev.result stays, and a
             // step id stashes a copy of it
    finish,  // `return`: the pipeline (or the function being called) ends with `value`
    fail,    // `fail`: the field fails with `error` as the client sees it; nothing more runs
    error,   // a run-time error (EvalError, bad data): the runtime prefixes the file and step
  };
  Flow flow = Flow::next;
  Value value;
  FieldError failure;  // fail and error

  static StepOutcome next(Value v) { return StepOutcome{Flow::next, std::move(v), {}}; }
  static StepOutcome keep() { return StepOutcome{Flow::keep, {}, {}}; }
  static StepOutcome finish(Value v) { return StepOutcome{Flow::finish, std::move(v), {}}; }
  static StepOutcome fail(FieldError e) { return StepOutcome{Flow::fail, {}, std::move(e)}; }
  static StepOutcome error(std::string message) {
    return StepOutcome{Flow::error, {}, FieldError{std::move(message), {}}};
  }
  // A run-time error in the value of a step's key: "<key>: <message>". The runtime puts the
  // pipeline file and the step before it, so the message names only the key and the problem.
  static StepOutcome key_error(std::string_view key, std::string_view message);
};

// What a running step sees. The runtime owns it; a function may change `scope.item` (filter
// and map do, for each item) but must restore it before returning.
struct StepContext {
  expr::Scope scope;                          // the context roots for rendering arguments
  const ResolveInfo* info = nullptr;          // the field being resolved
  std::vector<FieldError>* errors = nullptr;  // append_error adds here; the field keeps its value
  Backends* backends = nullptr;  // the datasource clients of this thread; nullptr without any
  // Set only by `--dry`: write functions record what they would write and return a simulated
  // result (docs/cli.md lists it per function); the runtime never calls a write function that
  // does not simulate (UnitFunction::simulates_writes).
  DryRun* dry = nullptr;
  Observer* observer = nullptr;  // set only when traced

  const Value& identity() const {
    const Value* v = scope.get(expr::Root::identity);
    return v != nullptr ? *v : null_value();
  }
  // The previous step's result (prev.result).
  const Value& prev() const {
    const Value* v = scope.get(expr::Root::prev);
    return v != nullptr ? *v : null_value();
  }
};

class UnitFunction {
 public:
  virtual ~UnitFunction() = default;
  // Whether the runtime must call run_async (a backend call). Pipelines whose steps are all
  // synchronous run without a coroutine.
  virtual bool is_async() const { return false; }
  // Used when !is_async().
  virtual StepOutcome run(StepContext& context) const;
  // Used when is_async(); `context` stays valid until the awaitable completes. The default
  // calls run().
  virtual boost::asio::awaitable<StepOutcome> run_async(StepContext& context) const;
  // Used when is_async() and a step runs for many items at once (a list's field resolved as
  // one batch): runs the step in `contexts[i]` into `out[i]` (the spans are the same size).
  // A function that can serve the items with fewer waits (one wait for all the calls)
  // overrides it; the default runs run_async for every item side by side and joins them.
  virtual boost::asio::awaitable<void> run_batch_async(std::span<StepContext* const> contexts,
                                                       std::span<StepOutcome> out) const;
  // True for a write function that honours StepContext::dry. In a dry run the runtime fails a
  // write step whose function returns false here, and writes nothing.
  virtual bool simulates_writes() const { return false; }
};

// The arguments of one step as its function's factory reads them: the step's keys other than
// `id`, `use`, `if` and `description`. Every accessor checks the value and records an error
// at its file:line:column instead of throwing; unknown keys were reported before the
// factory runs (FunctionSpec::keys).
class StepArgs {
 public:
  virtual ~StepArgs() = default;

  virtual bool has(std::string_view key) const = 0;
  // Any YAML value; its strings may be templates.
  virtual std::optional<expr::ValueTemplate> value(std::string_view key, Presence presence) = 0;
  // An expression, written bare (`stash.n > 3`) or as a single `{{ … }}`.
  virtual std::optional<expr::Expression> expression(std::string_view key, Presence presence) = 0;
  // A literal string (no template), e.g. an error type or `order: desc`. When `allowed` is
  // not empty the value must be one of them.
  virtual std::optional<std::string> word(std::string_view key, Presence presence,
                                          std::vector<std::string_view> allowed = {}) = 0;
  // A literal string or a list of literal strings.
  virtual std::optional<std::vector<std::string>> words(std::string_view key,
                                                        Presence presence) = 0;
  virtual std::optional<std::int64_t> integer(std::string_view key, Presence presence,
                                              std::int64_t min, std::int64_t max) = 0;
  virtual std::optional<bool> boolean(std::string_view key, Presence presence) = 0;
  // A mapping under `key` read the same way, with its own known keys
  // (`error: {type, message, data}`); nullptr when absent or not a mapping.
  virtual std::unique_ptr<StepArgs> mapping(std::string_view key, Presence presence,
                                            std::vector<std::string_view> known) = 0;
  // A list under `key` whose items are expressions (strings): `by: [item.year, item.title]`;
  // a single string is a list of one.
  virtual std::optional<std::vector<expr::Expression>> expressions(std::string_view key,
                                                                   Presence presence) = 0;

  // Reports a problem with the value under `key` (or with the step when `key` is empty).
  virtual void error(std::string_view key, std::string message) = 0;

  // `Type.field` of the pipeline being loaded, or `function.name` inside a function.
  virtual std::string_view owner() const = 0;
  // The datasource the step uses, for a function whose spec names a datasource kind: the one
  // named by the step's `datasource:` key, or the app's only one of that kind (checked before
  // the factory runs). nullptr for other functions.
  virtual const DatasourceConfig* datasource() const = 0;
};

using Factory = std::function<std::unique_ptr<UnitFunction>(StepArgs& args)>;

// One entry of the registry: a unit function as pipeline authors see it.
struct FunctionSpec {
  std::string name;     // what `use:` names: "filter", "redis.get"
  std::string summary;  // one line, for `stashql check` and the docs
  Effect effect = Effect::reads;
  ResultKind result = ResultKind::any;  // what its result always is (or null), when known
  std::vector<std::string_view> keys;   // the step keys it reads, besides id/use/if/description
  // The kind of datasource it needs (then `datasource:` is a key of its steps), if any.
  std::optional<DatasourceKind> datasource;
  // Builds the function from its checked arguments; returns nullptr after reporting errors.
  Factory build;
};

class FunctionRegistry {
 public:
  // Adds a function; one with the same name is replaced.
  void add(FunctionSpec spec);
  const FunctionSpec* find(std::string_view name) const;
  std::vector<std::string> names() const;  // sorted

 private:
  std::map<std::string, FunctionSpec, std::less<>> specs_;
};

// The built-in unit functions (src/functions/registry.cpp: the one list of them).
FunctionRegistry builtin_functions();

}  // namespace stashql::pipeline
