// The stash-passing runtime: a pipeline's steps run in order over one stash; each step's
// result becomes prev.result (and stash[id] when it has an id); `if:` skips a step; `return`
// ends early; `fail` and run-time errors stop the pipeline and null the field. A pipeline is
// a FieldResolver: pipelines whose steps are all synchronous run without a coroutine, the
// others as coroutines that the executor runs concurrently with their siblings, or, for the
// objects of a list, as one batch that runs every item's steps in lockstep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <stashql/expression.hpp>
#include <stashql/resolver.hpp>
#include <stashql/unit_function.hpp>

namespace stashql::pipeline {

struct Step {
  std::size_t number = 0;                     // 1-based, as operators count
  std::string id;                             // empty: the result is not stashed
  std::string use;                            // the unit function's name, for messages and traces
  std::optional<expr::Expression> condition;  // `if:`
  std::unique_ptr<UnitFunction> function;
  Location location;  // of the step in its file
  // What the function's spec says (reads for `function.x` calls: their own steps say more).
  Effect effect = Effect::reads;
  ResultKind result = ResultKind::any;
  const DatasourceConfig* datasource = nullptr;  // the one it uses, if its function needs one
  // The step's keys besides id/use/if/description, as written (strings unrendered, `${VAR}`
  // unexpanded so that traces never print a secret): for traces and `stashql check`.
  Value arguments;
};

// The steps of a pipeline or of a reusable function, with where they came from.
struct StepList {
  std::string file;   // relative to the app's folder, for messages
  std::string owner;  // "Query.books" or "function.load_post"
  std::vector<Step> steps;
  std::optional<expr::ValueTemplate> result;  // `result:`; none = prev.result
  Location result_location;                   // of `result:`, for `stashql check`
  bool is_async = false;                      // some step is
};

// A reusable function (`functions/*.yaml`): a named step list with declared arguments.
struct Function {
  std::string name;
  std::vector<std::string> args;
  StepList body;
  Location location;
};

// One pipeline run's mutable state; StepContext::scope points into it.
struct Frame {
  Value stash;  // an object; reserved up front so that stashing rarely reallocates
  Value prev;   // the previous result, when it is not stashed
  Value info;   // the `info` root, built only when the pipeline reads it
  DryRun dry;   // `--dry`: the writes of this run's current step (StepContext::dry)
};

// What a traced run sees (`stashql run`, `stashql query --trace`): every step of the pipeline
// and of the functions it calls, in order. A request gives one through
// RequestContext::observer(); without one (the server) the runtime pays one test per step.
// Steps of one pipeline run one after another; runs of different fields may interleave, and
// StepContext::info tells them apart.
class Observer {
 public:
  virtual ~Observer() = default;
  // True for `--dry`: StepContext::dry is set, and writes are recorded instead of made.
  virtual bool dry() const { return false; }
  // The step's `if:` was false; it did not run.
  virtual void skipped(const StepList& list, const Step& step, const StepContext& context) = 0;
  // The step is about to run (its `if:`, if any, was true).
  virtual void starting(const StepList& list, const Step& step, const StepContext& context) = 0;
  // The step ran and returned `outcome`; the runtime has not applied it to the stash yet.
  // context.dry->writes holds what a dry run recorded for it (the runtime clears it after).
  virtual void finished(const StepList& list, const Step& step, const StepContext& context,
                        const StepOutcome& outcome) = 0;
};

// What the runtime's own steps (function calls) need beyond a StepContext.
struct RunContext : StepContext {
  Frame* frame = nullptr;
};

// Runs `list` in `context` (whose scope.args, source, identity, headers, info and stash are
// set). The outcome is finish (the list's value), fail or error (already naming the file and
// step). prev.result starts as whatever context's scope says.
StepOutcome run_steps(const StepList& list, RunContext& context);
boost::asio::awaitable<StepOutcome> run_steps_async(const StepList& list, RunContext& context);
// Runs `list` once per context, step by step in lockstep: each step runs for every item still
// going before the next step starts, and an async step runs as one run_batch_async call.
// `out[i]` is what run_steps_async would give for `contexts[i]`.
boost::asio::awaitable<void> run_steps_batch_async(const StepList& list,
                                                   std::span<RunContext* const> contexts,
                                                   std::span<StepOutcome> out);

// `use: function.name` with `with: {…}`: runs the function's steps over the caller's stash,
// with `with` as args; its value is the step's result.
class CallFunction final : public UnitFunction {
 public:
  CallFunction(const Function& function, expr::ValueTemplate with)
      : function_(function), with_(std::move(with)) {}

  bool is_async() const override { return function_.body.is_async; }
  StepOutcome run(StepContext& context) const override;
  boost::asio::awaitable<StepOutcome> run_async(StepContext& context) const override;
  boost::asio::awaitable<void> run_batch_async(std::span<StepContext* const> contexts,
                                               std::span<StepOutcome> out) const override;

  const Function& function() const { return function_; }

 private:
  const Function& function_;
  expr::ValueTemplate with_;
};

class Pipeline final : public FieldResolver {
 public:
  // `roots`: every root the pipeline's templates read (and those of the functions it calls);
  // `stash_size`: how many stash keys it can write, to reserve.
  // `run_key`: set when the items of a batch that agree on these members of `source` (and
  // share args and request) get the same result, so that they share one run: the pipeline
  // and the functions it calls write nothing, call no function whose value changes (uuid,
  // now), do not read `info`, and read `source` only by these names.
  // `functions` keeps the functions it calls alive.
  Pipeline(StepList steps, expr::RootSet roots, std::size_t stash_size,
           std::optional<std::vector<std::string>> run_key, std::shared_ptr<const void> functions)
      : steps_(std::move(steps)),
        roots_(roots),
        stash_size_(stash_size),
        run_key_(std::move(run_key)),
        functions_(std::move(functions)) {}

  bool is_async() const override { return steps_.is_async; }
  Resolved resolve(const ResolveInfo& info) const override;
  boost::asio::awaitable<Resolved> resolve_async(const ResolveInfo& info) const override;
  // A list's items run the steps in lockstep (run_steps_batch_async): a hundred items wait
  // for their backend calls in one frame instead of a hundred. Items that agree on the run
  // key share one run (posts by the same author load that author once), as a DataLoader
  // serves each key of a batch once; a traced run runs every item.
  bool resolves_batches() const override { return steps_.is_async; }
  boost::asio::awaitable<void> resolve_batch_async(std::span<const ResolveInfo> infos,
                                                   std::span<Resolved> out) const override;
  // `stashql run --stash`: resolve_async with the stash starting as `stash` (an object).
  boost::asio::awaitable<Resolved> resolve_with_stash(const ResolveInfo& info, Value stash) const;

  const StepList& steps() const { return steps_; }
  expr::RootSet roots() const { return roots_; }
  const std::optional<std::vector<std::string>>& run_key() const { return run_key_; }

 private:
  void start(const ResolveInfo& info, Frame& frame, RunContext& context,
             std::vector<FieldError>& errors) const;
  // The items' runs, in lockstep, into `out` (the items of `runs` only when it is given).
  boost::asio::awaitable<void> run_batch(std::span<const ResolveInfo> infos,
                                         std::span<const std::size_t> runs,
                                         std::span<Resolved> out) const;

  StepList steps_;
  expr::RootSet roots_;
  std::size_t stash_size_;
  std::optional<std::vector<std::string>> run_key_;
  std::shared_ptr<const void> functions_;
};

// The `info` root: {fieldName, parentTypeName, variables, path, selectionSetList}.
Value make_info(const ResolveInfo& info);

// Which items of a batch share a run (Pipeline::resolve_batch_async): for each item, the
// first item with the same args and request and, kind for kind, the same members of `source`
// named by `key` (a missing member reads as null). Empty when every item runs, as it does in
// a traced run.
std::vector<std::uint32_t> shared_runs(std::span<const ResolveInfo> infos,
                                       const std::vector<std::string>& key);

}  // namespace stashql::pipeline
