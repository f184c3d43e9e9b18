// Building unit functions from step YAML as the loader does (YamlStepArgs) and running them
// against context roots given as JSON, so that each test reads as step + data → outcome.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <stashql/app.hpp>
#include <stashql/expression.hpp>
#include <stashql/json.hpp>
#include <stashql/unit_function.hpp>
#include <stashql/value.hpp>

#include "pipeline/config.hpp"
#include "pipeline/step_args.hpp"

namespace stashql::functions::testing {

inline Value json(std::string_view text) {
  auto parsed = parse_json(text);
  if (!parsed) {
    ADD_FAILURE() << "bad JSON in test: " << parsed.error().message << " in " << text;
    return {};
  }
  return std::move(*parsed);
}

struct Built {
  std::unique_ptr<pipeline::UnitFunction> function;
  std::vector<std::string> errors;  // "step.yaml:line:column: message"

  std::string error_text() const {
    std::string out;
    for (const std::string& e : errors) {
      if (!out.empty()) out += '\n';
      out += e;
    }
    return out;
  }
};

// Builds `spec` from one step's YAML (its keys other than id/use/if/description), as the
// step of `owner` ("Type.field" or "function.name").
inline Built build_step(const pipeline::FunctionSpec& spec, std::string_view yaml,
                        std::string owner = "Query.posts") {
  Built out;
  const Environment env = [](std::string_view) -> std::optional<std::string> {
    return std::nullopt;
  };
  config::Reader reader("step.yaml", env);
  reader.set_source(std::string(yaml));
  YAML::Node node = YAML::Load(std::string(yaml));
  pipeline::TemplateChecks checks;
  pipeline::YamlStepArgs args(reader, node, checks, std::move(owner), "step 1 (" + spec.name + ")");
  out.function = spec.build(args);
  for (const SourceError& e : reader.errors())
    out.errors.push_back(e.format());
  if (out.function != nullptr && !out.errors.empty()) {
    ADD_FAILURE() << "a factory returned a function after reporting errors";
  }
  return out;
}

// Builds a step that must load, or fails the test.
inline std::unique_ptr<pipeline::UnitFunction> must_build(const pipeline::FunctionSpec& spec,
                                                          std::string_view yaml) {
  Built built = build_step(spec, yaml);
  EXPECT_NE(built.function, nullptr) << built.error_text();
  return std::move(built.function);
}

// The context roots of one run, and what the run left behind.
class Roots {
 public:
  Roots() = default;
  Roots(const Roots&) = delete;
  Roots& operator=(const Roots&) = delete;

  Roots& set(expr::Root root, std::string_view json_text) {
    const auto i = static_cast<std::size_t>(root);
    values_[i] = json(json_text);
    scope_.set(root, &values_[i]);
    return *this;
  }
  Roots& args(std::string_view j) { return set(expr::Root::args, j); }
  Roots& identity(std::string_view j) { return set(expr::Root::identity, j); }
  Roots& stash(std::string_view j) { return set(expr::Root::stash, j); }
  Roots& prev(std::string_view j) { return set(expr::Root::prev, j); }
  Roots& item(std::string_view j) { return set(expr::Root::item, j); }

  pipeline::StepOutcome run(const pipeline::UnitFunction& function) {
    pipeline::StepContext context;
    context.scope = scope_;
    context.info = info;
    context.errors = &errors;
    pipeline::StepOutcome outcome = function.run(context);
    item_after = context.scope.get(expr::Root::item);
    return outcome;
  }

  const Value* root(expr::Root r) const { return scope_.get(r); }

  const ResolveInfo* info = nullptr;
  std::vector<FieldError> errors;     // what append_error added
  const Value* item_after = nullptr;  // scope.item once the step returned

 private:
  std::array<Value, expr::kRootCount> values_;
  expr::Scope scope_;
};

inline std::string flow_name(pipeline::StepOutcome::Flow flow) {
  using Flow = pipeline::StepOutcome::Flow;
  switch (flow) {
    case Flow::next:
      return "next";
    case Flow::keep:
      return "keep";
    case Flow::finish:
      return "finish";
    case Flow::fail:
      return "fail";
    case Flow::error:
      return "error";
  }
  return "?";
}

// "next [1,2]", "fail Not found {\"code\":\"NotFound\"}", "error where: …": the whole
// outcome in one comparable line.
inline std::string describe(const pipeline::StepOutcome& outcome) {
  using Flow = pipeline::StepOutcome::Flow;
  std::string out = flow_name(outcome.flow);
  if (outcome.flow == Flow::next || outcome.flow == Flow::finish) {
    out += ' ';
    out += to_json(outcome.value);
  } else if (outcome.flow == Flow::fail || outcome.flow == Flow::error) {
    out += ' ';
    out += outcome.failure.message;
    if (!outcome.failure.extensions.is_null()) {
      out += ' ';
      out += to_json(outcome.failure.extensions);
    }
  }
  return out;
}

}  // namespace stashql::functions::testing
