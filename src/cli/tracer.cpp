// Recording and printing traces (see tracer.hpp).
#include "cli/tracer.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>

#include <stashql/expression.hpp>
#include <stashql/json.hpp>

namespace stashql::cli {
namespace {

using pipeline::Step;
using pipeline::StepContext;
using pipeline::StepList;
using pipeline::StepOutcome;

constexpr std::string_view kFunctionPrefix = "function.";

bool is_function(const StepList& list) {
  return list.owner.rfind(kFunctionPrefix, 0) == 0;
}

// A step's arguments with their templates rendered in the step's scope. Templates that read
// `item` (filter, map and sort apply them per item) and those that fail stay as written.
Value render_arguments(const Value& written, const expr::Scope& scope) {
  if (written.is_string()) {
    auto compiled = expr::Template::compile(written.as_string());
    if (!compiled.has_value() || (compiled->roots() & expr::root_bit(expr::Root::item)) != 0) {
      return written;
    }
    auto rendered = compiled->render(scope);
    if (!rendered.has_value()) return written;
    // uuid() and now() give another value each time: not the one the step used.
    auto again = compiled->render(scope);
    if (!again.has_value() || !((*again).get() == (*rendered).get())) return written;
    return std::move(*rendered).take();
  }
  if (written.is_list()) {
    List items;
    for (const Value& item : written.as_list())
      items.push_back(render_arguments(item, scope));
    return Value(std::move(items));
  }
  if (written.is_object()) {
    Object members;
    for (const auto& [key, value] : written.as_object())
      members.emplace_back(key, render_arguments(value, scope));
    return Value(std::move(members));
  }
  return written;
}

const Value& stash_of(const StepContext& context) {
  const Value* stash = context.scope.get(expr::Root::stash);
  return stash != nullptr ? *stash : null_value();
}

std::string path_text(const ResolveInfo* info) {
  if (info == nullptr) return {};
  std::string out;
  for (const Value& segment : info->path.to_list()) {
    if (segment.is_int()) {
      // Appended piece by piece: GCC 12 -O3 warns falsely (-Wrestrict) on "[" + s + "]".
      out += '[';
      out += std::to_string(segment.as_int());
      out += ']';
    } else {
      if (!out.empty()) out += '.';
      out += segment.as_string();
    }
  }
  return out;
}

}  // namespace

StepRecord& Tracer::record(const StepList& list, const Step& step, const StepContext& context,
                           Live*& live) {
  const bool first = !is_function(list) && !list.steps.empty() && &step == &list.steps.front();
  auto it = live_.find(context.info);
  if (first || it == live_.end()) {
    RunRecord run;
    run.list = &list;
    run.file = list.file;
    run.field = list.owner;
    run.path = path_text(context.info);
    runs_.push_back(std::move(run));
    it = live_.insert_or_assign(context.info, Live{runs_.size() - 1, {}}).first;
  }
  live = &it->second;
  RunRecord& run = runs_[live->run];
  StepRecord r;
  r.depth = live->open.size();
  r.number = std::to_string(step.number);
  if (!live->open.empty()) r.number = run.steps[live->open.back().record].number + "." + r.number;
  r.id = step.id;
  r.use = step.use;
  run.steps.push_back(std::move(r));
  return run.steps.back();
}

void Tracer::skipped(const StepList& list, const Step& step, const StepContext& context) {
  Live* live = nullptr;
  StepRecord& r = record(list, step, context, live);
  r.status = StepStatus::skipped;
  r.reason = "if: " + (step.condition ? step.condition->text() : std::string()) + " was false";
}

void Tracer::starting(const StepList& list, const Step& step, const StepContext& context) {
  Live* live = nullptr;
  StepRecord& r = record(list, step, context, live);
  r.arguments = render_arguments(step.arguments, context.scope);
  const std::size_t index = runs_[live->run].steps.size() - 1;
  live->open.push_back(Open{index, std::chrono::steady_clock::now(), stash_of(context)});
}

void Tracer::finished(const StepList& /*list*/, const Step& step, const StepContext& context,
                      const StepOutcome& outcome) {
  auto it = live_.find(context.info);
  if (it == live_.end() || it->second.open.empty()) return;
  Live& live = it->second;
  Open open = std::move(live.open.back());
  live.open.pop_back();
  StepRecord& r = runs_[live.run].steps[open.record];
  r.took = std::chrono::steady_clock::now() - open.start;
  if (context.dry != nullptr) r.writes = context.dry->writes;
  using Flow = StepOutcome::Flow;
  switch (outcome.flow) {
    case Flow::next:
      r.result = outcome.value;
      break;
    case Flow::keep:
      r.result = context.prev();
      r.kept = true;
      break;
    case Flow::finish:
      r.status = StepStatus::returned;
      r.result = outcome.value;
      break;
    case Flow::fail:
    case Flow::error:
      r.status = StepStatus::failed;
      r.failure = outcome.failure;
      break;
  }
  // What the functions it called set, then its own id (the runtime stashes it next).
  const Value& stash = stash_of(context);
  if (stash.is_object()) {
    for (const auto& [key, value] : stash.as_object()) {
      const Value* before = open.stash_before.find(key);
      if (key != step.id && (before == nullptr || !(*before == value))) {
        r.stash.emplace_back(key, value);
      }
    }
  }
  if (!step.id.empty() && (outcome.flow == Flow::next || outcome.flow == Flow::keep)) {
    r.stash.emplace_back(step.id, r.result);
  }
}

std::vector<RunRecord> Tracer::take_runs() {
  for (RunRecord& run : runs_) {
    if (run.list == nullptr || run.steps.empty()) continue;
    std::size_t last = 0;
    for (const StepRecord& r : run.steps) {
      if (r.depth == 0) last = std::max<std::size_t>(last, std::stoul(r.number));
    }
    const std::string ended = std::to_string(last);
    for (const Step& step : run.list->steps) {
      if (step.number <= last) continue;
      StepRecord r;
      r.number = std::to_string(step.number);
      r.id = step.id;
      r.use = step.use;
      r.status = StepStatus::not_reached;
      r.reason = "the pipeline ended at step " + ended;
      run.steps.push_back(std::move(r));
    }
  }
  live_.clear();
  return std::move(runs_);
}

std::string format_duration(std::chrono::nanoseconds d) {
  const double ms = static_cast<double>(d.count()) / 1e6;
  char text[32];
  if (ms < 10) {
    std::snprintf(text, sizeof text, "%.2f ms", ms);
  } else if (ms < 1000) {
    std::snprintf(text, sizeof text, "%.1f ms", ms);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", ms / 1000);
  }
  return text;
}

std::string shortened_json(const Value& v, std::size_t max) {
  std::string text = to_json(v);
  if (text.size() <= max) return text;
  std::size_t cut = max;
  // Back up to the start of a UTF-8 character.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U)
    --cut;
  text.resize(cut);
  text += "…";
  return text;
}

namespace {

constexpr std::size_t kShort = 100;

std::string status_text(const StepRecord& r) {
  switch (r.status) {
    case StepStatus::ran:
      return "ran";
    case StepStatus::returned:
      return "returned";
    case StepStatus::failed:
      return "failed";
    case StepStatus::skipped:
      return "skipped";
    case StepStatus::not_reached:
      return "not reached";
  }
  return {};
}

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string error_text(const FieldError& e) {
  std::string out;
  if (const Value* code = e.extensions.find("code"); code != nullptr && code->is_string()) {
    out = code->as_string() + ": ";
  }
  return out + e.message;
}

}  // namespace

void print_run(std::ostream& out, const RunRecord& run, const TraceFormat& format) {
  const Style& style = format.style;
  const std::size_t limit = format.full ? std::string::npos : kShort;
  out << style.bold(run.field);
  if (!run.path.empty() && run.path != run.field.substr(run.field.find('.') + 1)) {
    out << " at " << run.path;
  }
  out << style.dim(" (" + run.file + ")") << "\n";
  std::size_t number_width = 0;
  std::size_t id_width = 0;
  std::size_t use_width = 0;
  for (const StepRecord& r : run.steps) {
    number_width = std::max(number_width, r.number.size() + 2 * r.depth);
    id_width = std::max(id_width, r.id.size());
    use_width = std::max(use_width, r.use.size());
  }
  for (const StepRecord& r : run.steps) {
    const std::string indent(2 * r.depth, ' ');
    out << "  " << pad(indent + r.number, number_width) << "  ";
    if (id_width > 0) out << pad(r.id, id_width) << "  ";
    out << style.cyan(pad(r.use, use_width)) << "  ";
    switch (r.status) {
      case StepStatus::skipped:
      case StepStatus::not_reached:
        out << style.dim(status_text(r) + ": " + r.reason) << "\n";
        continue;
      case StepStatus::failed:
        out << style.red("failed") << "  " << style.dim(format_duration(r.took)) << "\n";
        break;
      case StepStatus::returned:
        out << style.green("returned") << "  " << style.dim(format_duration(r.took)) << "\n";
        break;
      case StepStatus::ran:
        out << style.dim(format_duration(r.took)) << "\n";
        break;
    }
    std::vector<std::pair<std::string, std::string>> lines;
    if (r.arguments.is_object()) {
      for (const auto& [key, value] : r.arguments.as_object())
        lines.emplace_back(key, shortened_json(value, limit));
    }
    for (const std::string& w : r.writes)
      lines.emplace_back("would write", style.yellow(w));
    if (r.failure) {
      lines.emplace_back("error", style.red(error_text(*r.failure)));
    } else if (r.kept) {
      lines.emplace_back("result", style.dim("passed (the previous result goes on)"));
    } else {
      lines.emplace_back("result", shortened_json(r.result, limit));
    }
    for (const auto& [key, value] : r.stash)
      lines.emplace_back("stash." + key, "= " + shortened_json(value, limit));
    std::size_t label_width = 0;
    for (const auto& line : lines)
      label_width = std::max(label_width, line.first.size());
    const std::string margin(number_width + 6 + 2 * r.depth, ' ');  // under the function
    for (const auto& [label, text] : lines)
      out << margin << style.dim(pad(label, label_width)) << "  " << text << "\n";
  }
}

std::string summarize(const std::vector<RunRecord>& runs) {
  std::size_t ran = 0;
  std::size_t skipped = 0;
  std::size_t not_reached = 0;
  std::size_t writes = 0;
  for (const RunRecord& run : runs) {
    for (const StepRecord& r : run.steps) {
      switch (r.status) {
        case StepStatus::skipped:
          ++skipped;
          break;
        case StepStatus::not_reached:
          ++not_reached;
          break;
        default:
          ++ran;
      }
      writes += r.writes.size();
    }
  }
  auto count = [](std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
  };
  std::string out = count(ran, "step ran", "steps ran");
  if (skipped > 0) out += ", " + std::to_string(skipped) + " skipped";
  if (not_reached > 0) out += ", " + std::to_string(not_reached) + " not reached";
  if (writes > 0) out += ", " + count(writes, "write intercepted", "writes intercepted");
  return out;
}

Value run_to_json(const RunRecord& run) {
  List steps;
  for (const StepRecord& r : run.steps) {
    Object step;
    step.emplace_back("step", r.number);
    step.emplace_back("id", r.id.empty() ? Value{} : Value(r.id));
    step.emplace_back("use", r.use);
    step.emplace_back("status", status_text(r));
    if (r.status == StepStatus::skipped || r.status == StepStatus::not_reached) {
      step.emplace_back("reason", r.reason);
      steps.emplace_back(std::move(step));
      continue;
    }
    step.emplace_back("arguments", r.arguments);
    step.emplace_back("ms", static_cast<double>(r.took.count()) / 1e6);
    if (r.failure) {
      Object error;
      error.emplace_back("message", r.failure->message);
      if (!r.failure->extensions.is_null()) error.emplace_back("extensions", r.failure->extensions);
      step.emplace_back("error", std::move(error));
    } else {
      step.emplace_back("result", r.result);
    }
    Object stash;
    for (const auto& [key, value] : r.stash)
      stash.emplace_back(key, value);
    step.emplace_back("stash", std::move(stash));
    List writes;
    for (const std::string& w : r.writes)
      writes.emplace_back(w);
    step.emplace_back("wouldWrite", std::move(writes));
    steps.emplace_back(std::move(step));
  }
  Object out;
  out.emplace_back("field", run.field);
  out.emplace_back("file", run.file);
  out.emplace_back("path", run.path);
  out.emplace_back("steps", std::move(steps));
  return Value(std::move(out));
}

}  // namespace stashql::cli
