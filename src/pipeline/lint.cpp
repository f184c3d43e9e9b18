// The walk behind `stashql check`'s warnings (lint.hpp), and the checks about steps: steps
// that can never run, stash keys read but never written, datasources nothing uses, writes in
// queries, and HTTP calls made once per item of a list. The checks about values and types are
// in lint_shapes.cpp.
#include "pipeline/lint.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include <stashql/resolver.hpp>

#include "graphql/did_you_mean.hpp"
#include "pipeline/lint_walk.hpp"

namespace stashql::pipeline {
namespace lint {
namespace {

constexpr std::string_view kReturn = "return";
constexpr std::string_view kFail = "fail";

void add_references(const std::vector<expr::Reference>& refs, expr::RootSet roots, Reads& out) {
  out.roots |= roots;
  for (const expr::Reference& ref : refs) {
    if (ref.root == expr::Root::stash && !ref.first_key.empty()) {
      out.stash_keys.push_back(ref.first_key);
    }
  }
}

// A string argument is a template when it has `{{`; otherwise it may be an expression key
// (`where: item.id == args.id`). Plain words fail to compile as expressions and read nothing.
void read_string(const std::string& text, Reads& out) {
  if (text.find("{{") != std::string::npos) {
    if (auto t = expr::Template::compile(text)) add_references(t->references(), t->roots(), out);
    return;
  }
  if (auto e = expr::Expression::compile(text)) add_references(e->references(), e->roots(), out);
}

void read_value(const Value& v, Reads& out) {
  if (v.is_string()) {
    read_string(v.as_string(), out);
  } else if (v.is_list()) {
    for (const Value& item : v.as_list())
      read_value(item, out);
  } else if (v.is_object()) {
    for (const auto& [key, member] : v.as_object())
      read_value(member, out);
  }
}

std::string owner_kind(const StepList& list) {
  return list.owner.rfind("function.", 0) == 0 ? "function" : "pipeline";
}

}  // namespace

namespace {

// The value of an `if:` that reads nothing and calls nothing that changes; nullopt otherwise.
std::optional<bool> constant_condition(const Step& step) {
  if (!step.condition || !step.condition->is_constant()) return std::nullopt;
  auto value = step.condition->evaluate(expr::Scope{});
  if (!value) return std::nullopt;
  return expr::truthy(**value);
}

}  // namespace

bool never_runs(const Step& step) {
  return constant_condition(step) == false;
}

bool always_ends(const Step& step) {
  if (step.use != kReturn && step.use != kFail) return false;
  return !step.condition || constant_condition(step) == true;
}

bool has_list(TypeRef type) {
  for (; type.is_wrapped(); type = type.of_type()) {
    if (type.is_list()) return true;
  }
  return false;
}

const Function* called_function(const Step& step) {
  const auto* call = dynamic_cast<const CallFunction*>(step.function.get());
  return call != nullptr ? &call->function() : nullptr;
}

Reads reads_of(const Step& step) {
  Reads out;
  if (step.condition) add_references(step.condition->references(), step.condition->roots(), out);
  read_value(step.arguments, out);
  return out;
}

Reads reads_of(const expr::ValueTemplate& value) {
  Reads out;
  out.roots = value.roots();
  value.for_each_template(
      [&](const expr::Template& t) { add_references(t.references(), t.roots(), out); });
  return out;
}

std::string step_name(const Step& step) {
  return "step " + std::to_string(step.number) + " (" + step.use + ")";
}

Linter::Linter(const App& app)
    : app_(app), schema_(*app.engine->schema), resolvers_(*app.engine->resolvers) {}

std::vector<Warning> Linter::run() {
  collect();
  check_root_fields();
  check_object_fields();
  for (const StepList* list : lists_)
    check_unreachable_steps(*list);
  check_stash_reads();
  check_unused_datasources();
  check_writes_in_query();
  check_n_plus_one();
  check_result_types();
  auto key = [](const Warning& w) {
    return std::tie(w.file, w.location.line, w.location.column, w.code, w.message);
  };
  std::sort(warnings_.begin(), warnings_.end(),
            [&](const Warning& a, const Warning& b) { return key(a) < key(b); });
  warnings_.erase(std::unique(warnings_.begin(), warnings_.end(),
                              [&](const Warning& a, const Warning& b) { return key(a) == key(b); }),
                  warnings_.end());
  return std::move(warnings_);
}

void Linter::collect() {
  std::set<const StepList*> seen;
  std::vector<const StepList*> function_lists;
  for (const Type* type : schema_.types()) {
    if (type->built_in || type->kind != TypeKind::object) continue;
    for (const Field& field : type->fields) {
      const auto* pipeline = dynamic_cast<const Pipeline*>(resolvers_.find(field));
      if (pipeline == nullptr) continue;
      PipelineEntry entry{type, &field, pipeline, type->name + "." + field.name, {}};
      // Depth first, in step order; the loader has rejected cycles, `seen` guards anyway.
      std::set<const Function*> called;
      std::vector<const StepList*> pending = {&pipeline->steps()};
      while (!pending.empty()) {
        const StepList* list = pending.back();
        pending.pop_back();
        for (auto it = list->steps.rbegin(); it != list->steps.rend(); ++it) {
          const Function* f = called_function(*it);
          if (f == nullptr || !called.insert(f).second) continue;
          entry.functions.push_back(f);
          pending.push_back(&f->body);
        }
      }
      lists_.push_back(&pipeline->steps());
      for (const Function* f : entry.functions) {
        if (seen.insert(&f->body).second) function_lists.push_back(&f->body);
      }
      pipelines_.push_back(std::move(entry));
    }
  }
  lists_.insert(lists_.end(), function_lists.begin(), function_lists.end());
}

std::string Linter::file_of(const StepList& list) const {
  return (app_.config_file.parent_path() / list.file).lexically_normal().string();
}

void Linter::warn(std::string code, const StepList& list, Location location, std::string message) {
  warn(std::move(code), file_of(list), location, std::move(message));
}

void Linter::warn(std::string code, std::string file, Location location, std::string message) {
  warnings_.push_back(Warning{std::move(code), std::move(file), location, std::move(message)});
}

// unreachable-step: an `if:` that is always false, or a step after one that always ends.
void Linter::check_unreachable_steps(const StepList& list) {
  for (std::size_t i = 0; i < list.steps.size(); ++i) {
    const Step& step = list.steps[i];
    if (always_ends(step)) {
      const std::size_t after = i + 1;
      if (after < list.steps.size()) {
        const Step& next = list.steps[after];
        const std::size_t rest = list.steps.size() - after - 1;
        warn("unreachable-step", list, next.location,
             step_name(next) +
                 (rest == 0   ? ""
                  : rest == 1 ? " and the step after it"
                              : " and the " + std::to_string(rest) + " steps after it") +
                 " can never run: " + step_name(step) + " before it always ends the " +
                 owner_kind(list));
      }
      return;
    }
    if (never_runs(step)) {
      warn("unreachable-step", list, step.location,
           step_name(step) + " can never run: its `if: " + step.condition->text() +
               "` is always false");
    }
  }
}

// stash-never-written: every step of a pipeline and of the functions it calls writes into
// one stash, so a key is written when any of them has that id. A function's read is fine
// when some pipeline that calls it writes the key.
void Linter::check_stash_reads() {
  struct FunctionRead {
    const StepList* list;
    const Step* step;  // nullptr: `result:`
    std::string key;
    bool written = false;
    std::set<std::string> ids;     // of every caller, for suggestions
    std::vector<std::string> via;  // the pipelines that call it
  };
  std::map<std::tuple<const StepList*, const Step*, std::string>, FunctionRead> function_reads;

  auto suggestion = [](const std::string& key, const std::set<std::string>& ids) {
    std::vector<std::string_view> options(ids.begin(), ids.end());
    return did_you_mean(suggestion_list(key, options));
  };
  auto where = [](const Step* step) { return step != nullptr ? step_name(*step) : "result:"; };
  auto at = [](const StepList& list, const Step* step) {
    return step != nullptr ? step->location : list.result_location;
  };

  for (const PipelineEntry& entry : pipelines_) {
    std::set<std::string> ids;
    const StepList& own = entry.pipeline->steps();
    std::vector<const StepList*> lists = {&own};
    for (const Function* f : entry.functions)
      lists.push_back(&f->body);
    for (const StepList* list : lists) {
      for (const Step& step : list->steps) {
        if (!step.id.empty()) ids.insert(step.id);
      }
    }
    for (const StepList* list : lists) {
      std::vector<std::pair<const Step*, Reads>> reads;
      for (const Step& step : list->steps)
        reads.emplace_back(&step, reads_of(step));
      if (list->result) reads.emplace_back(nullptr, reads_of(*list->result));
      for (const auto& [step, read] : reads) {
        std::set<std::string> keys(read.stash_keys.begin(), read.stash_keys.end());
        for (const std::string& key : keys) {
          const bool written = ids.count(key) != 0;
          if (list == &own) {
            if (written) continue;
            warn("stash-never-written", *list, at(*list, step),
                 where(step) + " reads stash." + key + ", but no step of " + entry.name +
                     (entry.functions.empty() ? "" : " or of the functions it calls") +
                     " has the id \"" + key + "\", so it is always null." + suggestion(key, ids));
            continue;
          }
          FunctionRead& r = function_reads[{list, step, key}];
          r.list = list;
          r.step = step;
          r.key = key;
          r.written = r.written || written;
          r.ids.insert(ids.begin(), ids.end());
          r.via.push_back(entry.name);
        }
      }
    }
  }
  for (const auto& [k, r] : function_reads) {
    if (r.written) continue;
    std::string callers;
    for (const std::string& name : r.via)
      callers += (callers.empty() ? "" : ", ") + name;
    warn("stash-never-written", *r.list, at(*r.list, r.step),
         where(r.step) + " of " + r.list->owner + " reads stash." + r.key +
             ", but neither it nor any pipeline that calls it (" + callers +
             ") has a step with the id \"" + r.key + "\", so it is always null." +
             suggestion(r.key, r.ids));
  }
}

// unused-datasource: declared, and named by no step of any pipeline or function they call.
void Linter::check_unused_datasources() {
  std::set<std::string> used;
  for (const StepList* list : lists_) {
    for (const Step& step : list->steps) {
      if (step.datasource != nullptr) used.insert(step.datasource->name);
    }
  }
  for (const DatasourceConfig& ds : app_.datasources) {
    if (used.count(ds.name) != 0) continue;
    warn("unused-datasource", ds.file, ds.location,
         "datasource \"" + ds.name + "\" (" + std::string(datasource_kind_name(ds.kind)) +
             ") is used by no step of any pipeline: remove it, or use it in a step");
  }
}

// write-in-query: a query can be retried, cached or prefetched; what changes data belongs in
// a mutation.
void Linter::check_writes_in_query() {
  const Type* query = schema_.query_type();
  std::set<const Step*> reported;
  for (const PipelineEntry& entry : pipelines_) {
    if (entry.type != query) continue;
    std::vector<const StepList*> lists = {&entry.pipeline->steps()};
    for (const Function* f : entry.functions)
      lists.push_back(&f->body);
    for (const StepList* list : lists) {
      for (const Step& step : list->steps) {
        if (step.effect != Effect::writes || !reported.insert(&step).second) continue;
        const bool own = list == lists.front();
        warn("write-in-query", *list, step.location,
             step_name(step) + (own ? "" : " of " + list->owner) + " writes, in a query (" +
                 entry.name + (own ? "" : " calls " + list->owner) +
                 "): clients and caches may send a query again or ahead of time; make the "
                 "field a Mutation");
      }
    }
  }
}

// n-plus-one: a pipeline runs once per parent object. When the parents come in a list (or
// under a list, however deep), each step that calls a backend runs once per item. Redis
// commands of the same event-loop turn leave in one round trip and blob reads are local
// files, so only HTTP steps count, and those that `batch:` are merged; a step that reads only
// args, identity and headers sends the same call for every item, which `dedupe` shares.
void Linter::check_n_plus_one() {
  // Object types whose objects can be many in one response, with the list that makes them so.
  std::map<const Type*, std::string> many;
  std::vector<const Type*> order;
  auto objects_of = [](const Type* named) {
    std::vector<const Type*> out;
    if (named == nullptr || named->built_in) return out;
    if (named->kind == TypeKind::object) out.push_back(named);
    if (named->is_abstract()) out = named->possible_types;
    return out;
  };
  for (const Type* type : schema_.types()) {
    if (type->built_in || type->kind != TypeKind::object) continue;
    for (const Field& field : type->fields) {
      if (!has_list(field.type)) continue;
      for (const Type* o : objects_of(field.type.named())) {
        if (many.emplace(o, type->name + "." + field.name).second) order.push_back(o);
      }
    }
  }
  for (std::size_t i = 0; i < order.size(); ++i) {  // objects under those objects
    const Type* type = order[i];
    for (const Field& field : type->fields) {
      for (const Type* o : objects_of(field.type.named())) {
        if (many.emplace(o, many[type] + " → " + type->name + "." + field.name).second) {
          order.push_back(o);
        }
      }
    }
  }
  constexpr expr::RootSet kPerParent =
      expr::root_bit(expr::Root::source) | expr::root_bit(expr::Root::stash) |
      expr::root_bit(expr::Root::prev) | expr::root_bit(expr::Root::info) |
      expr::root_bit(expr::Root::item);
  std::set<const Step*> reported;
  for (const PipelineEntry& entry : pipelines_) {
    auto it = many.find(entry.type);
    if (it == many.end()) continue;
    std::vector<const StepList*> lists = {&entry.pipeline->steps()};
    for (const Function* f : entry.functions)
      lists.push_back(&f->body);
    for (const StepList* list : lists) {
      // Inside a function, `args` is its `with:`, which may come from the parent.
      const expr::RootSet per_parent =
          kPerParent | (list == lists.front() ? 0 : expr::root_bit(expr::Root::args));
      for (const Step& step : list->steps) {
        if (step.datasource == nullptr || step.datasource->kind != DatasourceKind::http) continue;
        if (step.arguments.find("batch") != nullptr) continue;
        if ((reads_of(step).roots & per_parent) == 0) continue;
        if (!reported.insert(&step).second) continue;
        warn(
            "n-plus-one", *list, step.location,
            step_name(step) + " of " + entry.name + " calls the HTTP datasource \"" +
                step.datasource->name + "\" once per " + entry.type->name + ", and a " +
                "response can hold many of them (" + it->second + "): " +
                (step.use == "http" ? "add `batch:` to merge the calls of one list into one request"
                                    : "only GET calls (`use: http`) can be batched"));
      }
    }
  }
}

}  // namespace lint

std::vector<Warning> lint_app(const App& app) {
  return lint::Linter(app).run();
}

}  // namespace stashql::pipeline
