// Reading a step's arguments from YAML for its function's factory: every value checked,
// every template and expression compiled once, every problem recorded at its
// file:line:column. The checks that need the whole app (does `args.x` name an argument of
// the field?) go through TemplateChecks, which the loader fills for each pipeline.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <stashql/expression.hpp>
#include <stashql/unit_function.hpp>

#include "pipeline/config.hpp"

namespace stashql::pipeline {

// What every template and expression of one pipeline (or function) is checked against, and
// what the loader learns from them.
struct TemplateChecks {
  // The names `args.x` may use; nullptr accepts any (a function that declares no args).
  const std::vector<std::string>* arg_names = nullptr;
  std::string args_owner;   // "the field Query.book", "the function load_post": for messages
  expr::RootSet roots = 0;  // every root read so far
  // What the templates read of `source`: the first keys of its paths (`source.userId` reads
  // "userId"), and whether some template reads it whole or at a computed key (`source[k]`).
  std::vector<std::string> source_keys;
  bool source_whole = false;
  bool changes = false;  // some template calls uuid(), now() or the like

  // Adds `key` to source_keys unless it is there.
  void add_source_key(const std::string& key) {
    if (std::find(source_keys.begin(), source_keys.end(), key) == source_keys.end()) {
      source_keys.push_back(key);
    }
  }
};

// A YAML value as written: scalars typed as read_value_template types them, strings left
// unrendered and `${VAR}` unexpanded (for traces, which must not print secrets).
Value yaml_value(const YAML::Node& node);

// Compiles a YAML value into a ValueTemplate: plain scalars are typed as YAML's core schema
// says (null, booleans, integers, decimals), quoted scalars are strings, and strings may hold
// `{{ }}`. `${VAR}` expands first. nullopt after recording errors.
std::optional<expr::ValueTemplate> read_value_template(config::Reader& reader,
                                                       const YAML::Node& node,
                                                       TemplateChecks& checks);

// Compiles an expression written bare (`stash.n > 3`), as a single `{{ … }}`, or as a YAML
// boolean. nullopt after recording errors.
std::optional<expr::Expression> read_expression(config::Reader& reader, const YAML::Node& node,
                                                std::string_view key, TemplateChecks& checks);

class YamlStepArgs final : public StepArgs {
 public:
  // `step` is the step's mapping (or a nested mapping); `what` names it in messages, such as
  // "step 2 (filter)".
  YamlStepArgs(config::Reader& reader, const YAML::Node& step, TemplateChecks& checks,
               std::string owner, std::string what);

  bool has(std::string_view key) const override;
  std::optional<expr::ValueTemplate> value(std::string_view key, Presence presence) override;
  std::optional<expr::Expression> expression(std::string_view key, Presence presence) override;
  std::optional<std::string> word(std::string_view key, Presence presence,
                                  std::vector<std::string_view> allowed) override;
  std::optional<std::vector<std::string>> words(std::string_view key, Presence presence) override;
  std::optional<std::int64_t> integer(std::string_view key, Presence presence, std::int64_t min,
                                      std::int64_t max) override;
  std::optional<bool> boolean(std::string_view key, Presence presence) override;
  std::unique_ptr<StepArgs> mapping(std::string_view key, Presence presence,
                                    std::vector<std::string_view> known) override;
  std::optional<std::vector<expr::Expression>> expressions(std::string_view key,
                                                           Presence presence) override;
  void error(std::string_view key, std::string message) override;
  std::string_view owner() const override { return owner_; }
  const DatasourceConfig* datasource() const override { return datasource_; }
  void set_datasource(const DatasourceConfig* datasource) { datasource_ = datasource; }

 private:
  // The node under `key`, or an invalid node after reporting a missing required key.
  YAML::Node get(std::string_view key, Presence presence);
  std::string name_of(std::string_view key) const;

  config::Reader& reader_;
  YAML::Node step_;
  TemplateChecks& checks_;
  std::string owner_;
  std::string what_;
  const DatasourceConfig* datasource_ = nullptr;
};

}  // namespace stashql::pipeline
