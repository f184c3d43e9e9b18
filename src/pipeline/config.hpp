// Reading YAML configuration with every problem collected: typed accessors that expand
// `${VAR}` / `${VAR:-default}` in scalars, check the type, and record a `file:line:column`
// error instead of throwing, so one run of `stashql check` reports everything at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <stashql/app.hpp>
#include <stashql/error.hpp>
#include <stashql/result.hpp>

namespace stashql::config {

// Expands `${VAR}` and `${VAR:-default}` (the default is used when VAR is unset or empty);
// `$${` is a literal `${`. The error names the variable that is not set or the bad syntax.
struct ExpandError {
  std::string message;
};
Result<std::string, ExpandError> expand_env(std::string_view text, const Environment& env);

// The location of a YAML node, 1-based (yaml-cpp's marks are 0-based).
Location location_of(const YAML::Node& node);

// The member `key` of a mapping (an undefined node when absent). Through a const node:
// yaml-cpp's non-const operator[] inserts the key it looks up.
inline YAML::Node lookup(const YAML::Node& map, std::string_view key) {
  return map[std::string(key)];
}

// Whether `text` is a name: a letter or `_`, then letters, digits and `_` — what environment
// variables, step ids, function names and error types are.
bool is_name(std::string_view text);

// "text", with the quotes: how messages cite a name or a value.
std::string in_quotes(std::string_view text);

// "a, b, c" (or with another separator): how messages list the names one may use.
template <class Names>
std::string join(const Names& names, std::string_view separator = ", ") {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += separator;
    out += name;
  }
  return out;
}

class Reader {
 public:
  Reader(std::string file, const Environment& env) : file_(std::move(file)), env_(env) {}

  const std::string& file() const { return file_; }
  std::vector<SourceError>& errors() { return errors_; }

  void error(const YAML::Node& at, std::string message);
  void error(Location at, std::string message);

  // The file's text, so that positions inside a scalar can be located (location_at).
  void set_source(std::string text) { source_ = std::move(text); }
  // Where byte `offset` of a scalar's value is: exact for single-line plain and quoted
  // scalars; the scalar's own position for block and multi-line scalars.
  Location location_at(const YAML::Node& scalar, std::size_t offset) const;

  // Reports keys of `map` that are not in `known` (and duplicates). `what` names the
  // mapping in messages ("the top level", "limits"). False if `map` is not a mapping.
  bool check_keys(const YAML::Node& map, const std::vector<std::string_view>& known,
                  std::string_view what);

  // Each returns nullopt after recording an error when the node is not of the type. `key`
  // names the setting in messages.
  std::optional<std::string> string(const YAML::Node& node, std::string_view key);
  std::optional<std::int64_t> integer(const YAML::Node& node, std::string_view key,
                                      std::int64_t min, std::int64_t max);
  std::optional<double> number(const YAML::Node& node, std::string_view key, double min,
                               double max);
  std::optional<bool> boolean(const YAML::Node& node, std::string_view key);
  // A string or a list of strings.
  std::optional<std::vector<std::pair<std::string, Location>>> strings(const YAML::Node& node,
                                                                       std::string_view key);

 private:
  std::string file_;
  std::string source_;
  const Environment& env_;
  std::vector<SourceError> errors_;
};

}  // namespace stashql::config
