// Step arguments from YAML: typed scalars, templates and expressions compiled at load time,
// and the reference checks (`args.x`) that catch a typo before anything is served.
#include "pipeline/step_args.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace stashql::pipeline {
namespace {

using config::in_quotes;
using config::join;
using config::lookup;

bool is_plain(const YAML::Node& node) {
  return node.Tag() == "?";
}

// YAML 1.2 core schema resolution of a plain scalar that is not a string.
std::optional<Value> plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value{};
  if (s == "true" || s == "True" || s == "TRUE") return Value{true};
  if (s == "false" || s == "False" || s == "FALSE") return Value{false};
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  if (*begin == '+') ++begin;
  std::int64_t i = 0;
  if (auto [p, ec] = std::from_chars(begin, end, i); ec == std::errc() && p == end) {
    return Value{i};
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    if (auto [p, ec] = std::from_chars(s.data() + 2, end, i, s[1] == 'x' ? 16 : 8);
        ec == std::errc() && p == end) {
      return Value{i};
    }
  }
  double d = 0;
  if (auto [p, ec] = std::from_chars(begin, end, d, std::chars_format::general);
      ec == std::errc() && p == end && std::isfinite(d) &&
      s.find_first_of(".eE") != std::string::npos) {
    return Value{d};
  }
  return std::nullopt;
}

void check_references(config::Reader& reader, const YAML::Node& node,
                      const std::vector<expr::Reference>& refs, std::size_t base_offset,
                      TemplateChecks& checks) {
  for (const expr::Reference& ref : refs) {
    checks.roots |= expr::root_bit(ref.root);
    if (ref.root == expr::Root::source) {
      if (ref.first_key.empty()) {
        checks.source_whole = true;
      } else {
        checks.add_source_key(ref.first_key);
      }
    }
    if (ref.first_key.empty()) continue;
    if (ref.root == expr::Root::args && checks.arg_names != nullptr &&
        std::find(checks.arg_names->begin(), checks.arg_names->end(), ref.first_key) ==
            checks.arg_names->end()) {
      std::string message = "args." + ref.first_key + ": " + checks.args_owner +
                            " has no argument " + in_quotes(ref.first_key);
      message += checks.arg_names->empty() ? " (it has none)"
                                           : " (it has: " + join(*checks.arg_names) + ")";
      reader.error(reader.location_at(node, base_offset + ref.offset), std::move(message));
    }
  }
}

std::optional<expr::Template> compile_template(config::Reader& reader, const YAML::Node& node,
                                               const std::string& text, TemplateChecks& checks) {
  auto compiled = expr::Template::compile(text);
  if (!compiled.has_value()) {
    reader.error(reader.location_at(node, compiled.error().offset),
                 "invalid template: " + compiled.error().message);
    return std::nullopt;
  }
  check_references(reader, node, compiled->references(), 0, checks);
  checks.changes = checks.changes || compiled->changes();
  return std::move(*compiled);
}

}  // namespace

Value yaml_value(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return Value{};
    case YAML::NodeType::Scalar:
      if (is_plain(node)) {
        if (std::optional<Value> v = plain_scalar(node.Scalar())) return std::move(*v);
      }
      return Value(node.Scalar());
    case YAML::NodeType::Sequence: {
      List items;
      for (const YAML::Node& item : node)
        items.push_back(yaml_value(item));
      return Value(std::move(items));
    }
    case YAML::NodeType::Map: {
      Object members;
      for (const auto& member : node)
        members.emplace_back(member.first.Scalar(), yaml_value(member.second));
      return Value(std::move(members));
    }
  }
  return Value{};
}

std::optional<expr::ValueTemplate> read_value_template(config::Reader& reader,
                                                       const YAML::Node& node,
                                                       TemplateChecks& checks) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return expr::ValueTemplate{};
    case YAML::NodeType::Scalar: {
      std::optional<std::string> text = reader.string(node, "a value");
      if (!text) return std::nullopt;
      if (is_plain(node)) {
        if (std::optional<Value> v = plain_scalar(*text)) return expr::ValueTemplate::constant(*v);
      }
      std::optional<expr::Template> t = compile_template(reader, node, *text, checks);
      if (!t) return std::nullopt;
      return expr::ValueTemplate::of(std::move(*t));
    }
    case YAML::NodeType::Sequence: {
      std::vector<expr::ValueTemplate> items;
      bool ok = true;
      for (const YAML::Node& item : node) {
        std::optional<expr::ValueTemplate> v = read_value_template(reader, item, checks);
        if (v) {
          items.push_back(std::move(*v));
        } else {
          ok = false;
        }
      }
      if (!ok) return std::nullopt;
      return expr::ValueTemplate::list(std::move(items));
    }
    case YAML::NodeType::Map: {
      std::vector<std::pair<std::string, expr::ValueTemplate>> members;
      bool ok = true;
      for (const auto& member : node) {
        const YAML::Node key = member.first;
        const YAML::Node value = member.second;
        if (!key.IsScalar()) {
          reader.error(key, "keys of a mapping value must be names");
          ok = false;
          continue;
        }
        const std::string& name = key.Scalar();
        if (std::any_of(members.begin(), members.end(),
                        [&](const auto& m) { return m.first == name; })) {
          reader.error(key, "duplicate key " + in_quotes(name));
          ok = false;
          continue;
        }
        std::optional<expr::ValueTemplate> v = read_value_template(reader, value, checks);
        if (v) {
          members.emplace_back(name, std::move(*v));
        } else {
          ok = false;
        }
      }
      if (!ok) return std::nullopt;
      return expr::ValueTemplate::object(std::move(members));
    }
  }
  return std::nullopt;
}

std::optional<expr::Expression> read_expression(config::Reader& reader, const YAML::Node& node,
                                                std::string_view key, TemplateChecks& checks) {
  if (!node.IsScalar()) {
    reader.error(node, std::string(key) + " must be an expression, such as \"stash.user != null\"");
    return std::nullopt;
  }
  std::optional<std::string> text = reader.string(node, key);
  if (!text) return std::nullopt;
  // `{{ expr }}` is accepted too: authors write templates everywhere else.
  std::string_view body = *text;
  std::size_t base = 0;
  const std::size_t first = body.find_first_not_of(" \t");
  const std::size_t last = body.find_last_not_of(" \t");
  if (first != std::string_view::npos && body.substr(first, 2) == "{{" && last >= first + 3 &&
      body.substr(last - 1, 2) == "}}" && body.find("{{", first + 2) == std::string_view::npos) {
    base = first + 2;
    body = body.substr(base, last - 1 - base);
  }
  auto compiled = expr::Expression::compile(body);
  if (!compiled.has_value()) {
    reader.error(reader.location_at(node, base + compiled.error().offset),
                 "invalid expression in " + std::string(key) + ": " + compiled.error().message);
    return std::nullopt;
  }
  check_references(reader, node, compiled->references(), base, checks);
  checks.changes = checks.changes || compiled->changes();
  return std::move(*compiled);
}

YamlStepArgs::YamlStepArgs(config::Reader& reader, const YAML::Node& step, TemplateChecks& checks,
                           std::string owner, std::string what)
    : reader_(reader),
      step_(step),
      checks_(checks),
      owner_(std::move(owner)),
      what_(std::move(what)) {}

std::string YamlStepArgs::name_of(std::string_view key) const {
  return what_ + ": " + std::string(key);
}

bool YamlStepArgs::has(std::string_view key) const {
  return step_.IsMap() && lookup(step_, key).IsDefined();
}

YAML::Node YamlStepArgs::get(std::string_view key, Presence presence) {
  YAML::Node node = step_.IsMap() ? lookup(step_, key) : YAML::Node(YAML::NodeType::Undefined);
  if (!node.IsDefined() && presence == Presence::required) {
    reader_.error(step_, what_ + " needs " + in_quotes(key));
  }
  return node;
}

std::optional<expr::ValueTemplate> YamlStepArgs::value(std::string_view key, Presence presence) {
  const YAML::Node node = get(key, presence);
  if (!node.IsDefined()) return std::nullopt;
  return read_value_template(reader_, node, checks_);
}

std::optional<expr::Expression> YamlStepArgs::expression(std::string_view key, Presence presence) {
  const YAML::Node node = get(key, presence);
  if (!node.IsDefined()) return std::nullopt;
  return read_expression(reader_, node, name_of(key), checks_);
}

std::optional<std::string> YamlStepArgs::word(std::string_view key, Presence presence,
                                              std::vector<std::string_view> allowed) {
  const YAML::Node node = get(key, presence);
  if (!node.IsDefined()) return std::nullopt;
  std::optional<std::string> s = reader_.string(node, name_of(key));
  if (!s) return std::nullopt;
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
    reader_.error(node,
                  name_of(key) + " must be " + join(allowed, " or ") + ", not " + in_quotes(*s));
    return std::nullopt;
  }
  return s;
}

std::optional<std::vector<std::string>> YamlStepArgs::words(std::string_view key,
                                                            Presence presence) {
  const YAML::Node node = get(key, presence);
  if (!node.IsDefined()) return std::nullopt;
  auto entries = reader_.strings(node, name_of(key));
  if (!entries) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(entries->size());
  for (auto& [s, loc] : *entries)
    out.push_back(std::move(s));
  return out;
}

std::optional<std::int64_t> YamlStepArgs::integer(std::string_view key, Presence presence,
                                                  std::int64_t min, std::int64_t max) {
  const YAML::Node node = get(key, presence);
  if (!node.IsDefined()) return std::nullopt;
  return reader_.integer(node, name_of(key), min, max);
}

std::optional<bool> YamlStepArgs::boolean(std::string_view key, Presence presence) {
  const YAML::Node node = get(key, presence);
  if (!node.IsDefined()) return std::nullopt;
  return reader_.boolean(node, name_of(key));
}

std::unique_ptr<StepArgs> YamlStepArgs::mapping(std::string_view key, Presence presence,
                                                std::vector<std::string_view> known) {
  const YAML::Node node = get(key, presence);
  if (!node.IsDefined()) return nullptr;
  if (!node.IsMap()) {
    reader_.error(node, name_of(key) + " must be a mapping");
    return nullptr;
  }
  const std::size_t errors_before = reader_.errors().size();
  reader_.check_keys(node, known, name_of(key));
  if (reader_.errors().size() != errors_before) return nullptr;
  return std::make_unique<YamlStepArgs>(reader_, node, checks_, owner_, name_of(key));
}

std::optional<std::vector<expr::Expression>> YamlStepArgs::expressions(std::string_view key,
                                                                       Presence presence) {
  const YAML::Node node = get(key, presence);
  if (!node.IsDefined()) return std::nullopt;
  std::vector<expr::Expression> out;
  if (node.IsScalar()) {
    std::optional<expr::Expression> e = read_expression(reader_, node, name_of(key), checks_);
    if (!e) return std::nullopt;
    out.push_back(std::move(*e));
    return out;
  }
  if (!node.IsSequence() || node.size() == 0) {
    reader_.error(node, name_of(key) + " must be an expression or a non-empty list of them");
    return std::nullopt;
  }
  bool ok = true;
  for (const YAML::Node& item : node) {
    std::optional<expr::Expression> e = read_expression(reader_, item, name_of(key), checks_);
    if (e) {
      out.push_back(std::move(*e));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

void YamlStepArgs::error(std::string_view key, std::string message) {
  YAML::Node node = key.empty() || !step_.IsMap() ? step_ : lookup(step_, key);
  if (!node.IsDefined()) node = step_;
  reader_.error(node, key.empty() ? what_ + ": " + message : name_of(key) + ": " + message);
}

}  // namespace stashql::pipeline
