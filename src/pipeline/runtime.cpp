// The stash-passing runtime (see runtime.hpp). One walk over the steps serves the
// synchronous and the coroutine paths: the loops differ only in how they call a step.
#include "pipeline/runtime.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <stashql/ast.hpp>

namespace stashql::pipeline {
namespace {

using Flow = StepOutcome::Flow;

Value& stash_slot(Value& stash, std::string_view id) {
  Object& members = stash.as_object();
  for (Member& m : members) {
    if (m.first == id) return m.second;
  }
  members.emplace_back(std::string(id), Value{});
  return members.back().second;
}

// A run-time error as the client sees it: which file and step, and what went wrong.
FieldError step_error(const StepList& list, const Step* step, std::string_view what,
                      std::string_view message) {
  std::string text = list.file;
  if (step != nullptr) {
    text += " step ";
    text += std::to_string(step->number);
    text += " (";
    text += step->id.empty() ? step->use : step->id + ": " + step->use;
    text += ")";
  }
  if (!what.empty()) {
    text += ' ';
    text += what;
  }
  text += ": ";
  text += message;
  // Built whole rather than member by member: GCC 12 at -O3 warns (array-bounds, a false
  // positive) about emplace_back into an empty Object here.
  Object extensions = step != nullptr
                          ? Object{{"code", "PipelineError"},
                                   {"pipeline", list.owner},
                                   {"step", static_cast<std::int64_t>(step->number)},
                                   {"line", static_cast<std::int64_t>(step->location.line)}}
                          : Object{{"code", "PipelineError"}, {"pipeline", list.owner}};
  return FieldError{std::move(text), Value(std::move(extensions))};
}

class Walk {
 public:
  Walk(const StepList& list, RunContext& context) : list_(list), context_(context) {}

  // Whether `step` runs: false when its `if:` is false, or when the walk stopped on an error.
  bool should_run(const Step& step) {
    bool run = true;
    if (step.condition) {
      auto test = step.condition->test(context_.scope);
      if (!test.has_value()) {
        stop(StepOutcome::fail(step_error(list_, &step, "if", test.error().message)));
        return false;
      }
      run = *test;
    }
    if (context_.observer != nullptr) {
      if (!run) {
        context_.observer->skipped(list_, step, context_);
      } else {
        context_.observer->starting(list_, step, context_);
      }
    }
    return run;
  }

  // A dry run calls a write function only when it can simulate its writes: otherwise the step
  // fails and nothing is written.
  std::optional<StepOutcome> refuse_write(const Step& step) const {
    if (context_.dry == nullptr || step.effect != Effect::writes ||
        step.function->simulates_writes()) {
      return std::nullopt;
    }
    return StepOutcome::error(step.use + " writes and cannot be dry-run: it was not run");
  }

  // Applies a step's outcome; false when the walk ends.
  bool after(const Step& step, StepOutcome outcome) {
    if (context_.observer != nullptr) {
      context_.observer->finished(list_, step, context_, outcome);
      if (context_.dry != nullptr) context_.dry->writes.clear();
    }
    Frame& frame = *context_.frame;
    switch (outcome.flow) {
      case Flow::next:
        if (step.id.empty()) {
          frame.prev = std::move(outcome.value);
          context_.scope.set(expr::Root::prev, &frame.prev);
        } else {
          Value& slot = stash_slot(frame.stash, step.id);
          slot = std::move(outcome.value);
          context_.scope.set(expr::Root::prev, &slot);
        }
        return true;
      case Flow::keep:
        if (!step.id.empty()) {
          Value copy = context_.prev();
          Value& slot = stash_slot(frame.stash, step.id);
          slot = std::move(copy);
          context_.scope.set(expr::Root::prev, &slot);
        }
        return true;
      case Flow::finish:
      case Flow::fail:
        stop(std::move(outcome));
        return false;
      case Flow::error:
        stop(StepOutcome::fail(step_error(list_, &step, {}, outcome.failure.message)));
        return false;
    }
    return false;
  }

  bool stopped() const { return stopped_; }

  // The walk's outcome: finish with the pipeline's value, or fail.
  StepOutcome finish() {
    // `return` ends the pipeline with its value as it is; `result:` shapes only a pipeline
    // that ran to its end.
    if (stopped_) return std::move(outcome_);
    if (list_.result) {
      auto rendered = list_.result->render(context_.scope);
      if (!rendered.has_value()) {
        return StepOutcome::fail(step_error(list_, nullptr, "result", rendered.error().message));
      }
      return StepOutcome::finish(std::move(*rendered).take());
    }
    Frame& frame = *context_.frame;
    const Value* prev = context_.scope.get(expr::Root::prev);
    if (prev == &frame.prev) return StepOutcome::finish(std::move(frame.prev));
    return StepOutcome::finish(prev != nullptr ? *prev : Value{});
  }

 private:
  void stop(StepOutcome outcome) {
    outcome_ = std::move(outcome);
    stopped_ = true;
  }

  const StepList& list_;
  RunContext& context_;
  StepOutcome outcome_;
  bool stopped_ = false;
};

// Appends AppSync's selectionSetList entries of `selections` under `prefix`: every field
// name, nested ones as "author/name"; fragments are flattened.
void add_selections(const std::vector<ast::Selection>& selections, const ast::Document* document,
                    const std::string& prefix, List& out, int depth) {
  if (depth > 32) return;
  for (const ast::Selection& s : selections) {
    switch (s.kind) {
      case ast::Selection::Kind::field: {
        if (s.name.value == "__typename") break;
        std::string path =
            prefix.empty() ? std::string(s.name.value) : prefix + "/" + std::string(s.name.value);
        bool seen = false;
        for (const Value& v : out)
          seen = seen || v.as_string() == path;
        if (!seen) out.emplace_back(path);
        add_selections(s.selection_set, document, path, out, depth + 1);
        break;
      }
      case ast::Selection::Kind::inline_fragment:
        add_selections(s.selection_set, document, prefix, out, depth + 1);
        break;
      case ast::Selection::Kind::fragment_spread:
        if (document != nullptr) {
          if (const ast::FragmentDefinition* f = document->fragment(s.name.value)) {
            add_selections(f->selection_set, document, prefix, out, depth + 1);
          }
        }
        break;
    }
  }
}

}  // namespace

StepOutcome run_steps(const StepList& list, RunContext& context) {
  Walk walk(list, context);
  for (const Step& step : list.steps) {
    if (!walk.should_run(step)) {
      if (walk.stopped()) break;
      continue;
    }
    std::optional<StepOutcome> refused = walk.refuse_write(step);
    if (!walk.after(step, refused ? std::move(*refused) : step.function->run(context))) break;
  }
  return walk.finish();
}

boost::asio::awaitable<StepOutcome> run_steps_async(const StepList& list, RunContext& context) {
  Walk walk(list, context);
  for (const Step& step : list.steps) {
    if (!walk.should_run(step)) {
      if (walk.stopped()) break;
      continue;
    }
    // Not a conditional expression: GCC 12 destroys the temporary of a `co_await` inside `?:`
    // twice.
    StepOutcome outcome;
    if (std::optional<StepOutcome> refused = walk.refuse_write(step)) {
      outcome = std::move(*refused);
    } else if (step.function->is_async()) {
      outcome = co_await step.function->run_async(context);
    } else {
      outcome = step.function->run(context);
    }
    if (!walk.after(step, std::move(outcome))) break;
  }
  co_return walk.finish();
}

boost::asio::awaitable<void> run_steps_batch_async(const StepList& list,
                                                   std::span<RunContext* const> contexts,
                                                   std::span<StepOutcome> out) {
  const std::size_t n = contexts.size();
  std::vector<Walk> walks;
  walks.reserve(n);
  for (RunContext* context : contexts) {
    walks.emplace_back(list, *context);
  }
  std::vector<StepContext*> waiting;  // the items of an async step, and where they are
  std::vector<std::size_t> index;
  std::vector<StepOutcome> outcomes;
  waiting.reserve(n);
  index.reserve(n);
  for (const Step& step : list.steps) {
    waiting.clear();
    index.clear();
    for (std::size_t i = 0; i < n; ++i) {
      Walk& walk = walks[i];
      if (walk.stopped() || !walk.should_run(step)) continue;
      if (std::optional<StepOutcome> refused = walk.refuse_write(step)) {
        walk.after(step, std::move(*refused));
      } else if (step.function->is_async()) {
        waiting.push_back(contexts[i]);
        index.push_back(i);
      } else {
        walk.after(step, step.function->run(*contexts[i]));
      }
    }
    if (waiting.empty()) continue;
    outcomes.assign(waiting.size(), StepOutcome{});
    co_await step.function->run_batch_async(waiting, outcomes);
    for (std::size_t m = 0; m < waiting.size(); ++m) {
      walks[index[m]].after(step, std::move(outcomes[m]));
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = walks[i].finish();
  }
}

namespace {

// The call's arguments and a context for the function's steps: the caller's stash and
// roots, `with` as args, no item.
std::optional<StepOutcome> enter(const expr::ValueTemplate& with, StepContext& caller, Value& args,
                                 RunContext& inner) {
  auto rendered = with.render(caller.scope);
  if (!rendered.has_value()) return StepOutcome::error("with: " + rendered.error().message);
  args = std::move(*rendered).take();
  inner = static_cast<RunContext&>(caller);
  inner.scope.set(expr::Root::args, &args);
  inner.scope.set(expr::Root::item, nullptr);
  return std::nullopt;
}

StepOutcome leave(StepOutcome outcome) {
  if (outcome.flow == Flow::finish) return StepOutcome::next(std::move(outcome.value));
  return outcome;
}

}  // namespace

StepOutcome CallFunction::run(StepContext& context) const {
  Value args;
  RunContext inner;
  if (auto failed = enter(with_, context, args, inner)) return std::move(*failed);
  return leave(run_steps(function_.body, inner));
}

boost::asio::awaitable<StepOutcome> CallFunction::run_async(StepContext& context) const {
  Value args;
  RunContext inner;
  if (auto failed = enter(with_, context, args, inner)) co_return std::move(*failed);
  co_return leave(co_await run_steps_async(function_.body, inner));
}

boost::asio::awaitable<void> CallFunction::run_batch_async(std::span<StepContext* const> contexts,
                                                           std::span<StepOutcome> out) const {
  const std::size_t n = contexts.size();
  std::vector<Value> args(n);
  std::vector<RunContext> inner(n);
  std::vector<RunContext*> entered;  // the calls whose `with` rendered, and where they are
  std::vector<std::size_t> index;
  entered.reserve(n);
  index.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (auto failed = enter(with_, *contexts[i], args[i], inner[i])) {
      out[i] = std::move(*failed);
      continue;
    }
    entered.push_back(&inner[i]);
    index.push_back(i);
  }
  std::vector<StepOutcome> outcomes(entered.size());
  co_await run_steps_batch_async(function_.body, entered, outcomes);
  for (std::size_t m = 0; m < entered.size(); ++m) {
    out[index[m]] = leave(std::move(outcomes[m]));
  }
}

Value make_info(const ResolveInfo& info) {
  Object out;
  out.emplace_back("fieldName", info.field.name);
  out.emplace_back("parentTypeName", info.parent_type.name);
  out.emplace_back("variables", info.variables);
  out.emplace_back("path", info.path.to_list());
  List selections;
  add_selections(info.selection.selection_set, info.document, "", selections, 0);
  out.emplace_back("selectionSetList", std::move(selections));
  return Value(std::move(out));
}

void Pipeline::start(const ResolveInfo& info, Frame& frame, RunContext& context,
                     std::vector<FieldError>& errors) const {
  frame.stash = Object{};
  frame.stash.as_object().reserve(stash_size_);
  context.frame = &frame;
  context.info = &info;
  context.errors = &errors;
  expr::Scope& scope = context.scope;
  scope.set(expr::Root::args, &info.args);
  scope.set(expr::Root::source, &info.source);
  scope.set(expr::Root::stash, &frame.stash);
  scope.set(expr::Root::prev, &frame.prev);
  if (info.context != nullptr) {
    scope.set(expr::Root::identity, &info.context->identity());
    context.backends = info.context->backends();
    if (Observer* observer = info.context->observer()) {
      context.observer = observer;
      if (observer->dry()) context.dry = &frame.dry;
    }
    if ((roots_ & expr::root_bit(expr::Root::headers)) != 0) {
      scope.set(expr::Root::headers, &info.context->headers());
    }
  }
  if ((roots_ & expr::root_bit(expr::Root::info)) != 0) {
    frame.info = make_info(info);
    scope.set(expr::Root::info, &frame.info);
  }
}

namespace {

// Whether two inputs are the same data, kind for kind: 1 and 1.0 are equal JSON numbers, but
// an integer and a decimal are kept apart, so that no step could tell the shared runs apart.
bool identical(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::null:
      return true;
    case Kind::boolean:
      return a.as_bool() == b.as_bool();
    case Kind::integer:
      return a.as_int() == b.as_int();
    case Kind::number:
      return std::bit_cast<std::uint64_t>(a.as_double()) ==
             std::bit_cast<std::uint64_t>(b.as_double());
    case Kind::string:
      return a.as_string() == b.as_string();
    case Kind::list: {
      const List& x = a.as_list();
      const List& y = b.as_list();
      if (&x == &y) return true;  // one shared tree
      return std::equal(x.begin(), x.end(), y.begin(), y.end(), identical);
    }
    case Kind::object: {
      const Object& x = a.as_object();
      const Object& y = b.as_object();
      if (&x == &y) return true;
      return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                        [](const Member& m, const Member& o) {
                          return m.first == o.first && identical(m.second, o.second);
                        });
    }
  }
  return false;
}

// A hash that agrees with identical(): scalars by their data, lists and objects by their size
// (identical() tells those apart).
std::size_t input_hash(const Value& v) {
  const auto kind = static_cast<std::size_t>(v.kind());
  switch (v.kind()) {
    case Kind::null:
      return kind;
    case Kind::boolean:
      return kind * 31 + (v.as_bool() ? 1 : 0);
    case Kind::integer:
      return std::hash<std::int64_t>()(v.as_int());
    case Kind::number:
      return std::hash<std::uint64_t>()(std::bit_cast<std::uint64_t>(v.as_double())) ^ kind;
    case Kind::string:
      return std::hash<std::string_view>()(v.as_string());
    case Kind::list:
      return kind * 31 + v.as_list().size();
    case Kind::object:
      return kind * 31 + v.as_object().size();
  }
  return 0;
}

}  // namespace

std::vector<std::uint32_t> shared_runs(std::span<const ResolveInfo> infos,
                                       const std::vector<std::string>& key) {
  const std::size_t n = infos.size();
  const std::size_t k = key.size();
  std::vector<const Value*> members(n * k);
  std::vector<std::size_t> hashes(n);
  for (std::size_t i = 0; i < n; ++i) {
    const ResolveInfo& info = infos[i];
    // A traced run shows every item's steps.
    if (info.context != nullptr && info.context->observer() != nullptr) return {};
    std::size_t h =
        std::hash<const void*>()(&info.args) ^ (std::hash<const void*>()(info.context) * 31);
    for (std::size_t j = 0; j < k; ++j) {
      const Value* member = info.source.find(key[j]);
      members[i * k + j] = member != nullptr ? member : &null_value();
      h = h * 1'000'003 + input_hash(*members[i * k + j]);
    }
    hashes[i] = h;
  }
  const auto same = [&](std::size_t a, std::size_t b) {
    if (&infos[a].args != &infos[b].args || infos[a].context != infos[b].context) return false;
    for (std::size_t j = 0; j < k; ++j) {
      if (!identical(*members[a * k + j], *members[b * k + j])) return false;
    }
    return true;
  };
  // Open addressing over a table of at least twice the items: slot = 1 + the first item.
  std::size_t size = 2;
  while (size < 2 * n)
    size *= 2;
  std::vector<std::uint32_t> table(size);
  std::vector<std::uint32_t> run_of(n);
  bool any_shared = false;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t slot = hashes[i] & (size - 1);
    run_of[i] = static_cast<std::uint32_t>(i);
    while (table[slot] != 0) {
      const std::size_t first = table[slot] - 1;
      if (hashes[first] == hashes[i] && same(first, i)) {
        run_of[i] = static_cast<std::uint32_t>(first);
        any_shared = true;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
    if (table[slot] == 0) table[slot] = static_cast<std::uint32_t>(i + 1);
  }
  if (!any_shared) return {};
  return run_of;
}

namespace {

Resolved to_resolved(StepOutcome outcome, std::vector<FieldError> errors) {
  Resolved r;
  r.errors = std::move(errors);
  if (outcome.flow == Flow::finish) {
    r.owned = std::move(outcome.value);
  } else {
    r.errors.push_back(std::move(outcome.failure));
    r.failed = true;
  }
  return r;
}

}  // namespace

Resolved Pipeline::resolve(const ResolveInfo& info) const {
  Frame frame;
  RunContext context;
  std::vector<FieldError> errors;
  start(info, frame, context, errors);
  // Run first: the steps append to `errors`, which to_resolved then takes.
  StepOutcome outcome = run_steps(steps_, context);
  return to_resolved(std::move(outcome), std::move(errors));
}

boost::asio::awaitable<Resolved> Pipeline::resolve_async(const ResolveInfo& info) const {
  Frame frame;
  RunContext context;
  std::vector<FieldError> errors;
  start(info, frame, context, errors);
  StepOutcome outcome = co_await run_steps_async(steps_, context);
  co_return to_resolved(std::move(outcome), std::move(errors));
}

boost::asio::awaitable<void> Pipeline::resolve_batch_async(std::span<const ResolveInfo> infos,
                                                           std::span<Resolved> out) const {
  const std::size_t n = infos.size();
  std::vector<std::uint32_t> run_of;
  if (run_key_ && n > 1) run_of = shared_runs(infos, *run_key_);
  if (run_of.empty()) {
    co_await run_batch(infos, {}, out);
    co_return;
  }
  std::vector<std::size_t> runs;
  runs.reserve(n);
  std::vector<bool> shared(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (run_of[i] == i) {
      runs.push_back(i);
    } else {
      shared[run_of[i]] = true;
    }
  }
  co_await run_batch(infos, runs, out);
  for (std::size_t r : runs) {
    Value& value = out[r].owned;
    // Copies of a list, an object or a string share its tree instead of copying it.
    if (shared[r] && out[r].borrowed == nullptr &&
        (value.is_list() || value.is_object() || value.is_string())) {
      value = Value::shared(std::move(value));
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (run_of[i] != i) out[i] = out[run_of[i]];
  }
}

boost::asio::awaitable<void> Pipeline::run_batch(std::span<const ResolveInfo> infos,
                                                 std::span<const std::size_t> runs,
                                                 std::span<Resolved> out) const {
  const std::size_t n = runs.empty() ? infos.size() : runs.size();
  const auto item = [&](std::size_t j) { return runs.empty() ? j : runs[j]; };
  std::vector<Frame> frames(n);
  std::vector<RunContext> contexts(n);
  std::vector<std::vector<FieldError>> errors(n);
  std::vector<RunContext*> pointers(n);
  for (std::size_t j = 0; j < n; ++j) {
    start(infos[item(j)], frames[j], contexts[j], errors[j]);
    pointers[j] = &contexts[j];
  }
  std::vector<StepOutcome> outcomes(n);
  co_await run_steps_batch_async(steps_, pointers, outcomes);
  for (std::size_t j = 0; j < n; ++j) {
    out[item(j)] = to_resolved(std::move(outcomes[j]), std::move(errors[j]));
  }
}

boost::asio::awaitable<Resolved> Pipeline::resolve_with_stash(const ResolveInfo& info,
                                                              Value stash) const {
  Frame frame;
  RunContext context;
  std::vector<FieldError> errors;
  start(info, frame, context, errors);
  if (stash.is_object()) {
    for (Member& m : stash.as_object())
      frame.stash.as_object().push_back(std::move(m));
  }
  StepOutcome outcome = co_await run_steps_async(steps_, context);
  co_return to_resolved(std::move(outcome), std::move(errors));
}

}  // namespace stashql::pipeline
