// Typed, error-collecting access to YAML configuration, and `${VAR}` expansion.
#include "pipeline/config.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string>

namespace stashql {

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

namespace config {

bool is_name(std::string_view text) {
  if (text.empty()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool letter = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!letter && (i == 0 || c < '0' || c > '9')) return false;
  }
  return true;
}

std::string in_quotes(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

Result<std::string, ExpandError> expand_env(std::string_view text, const Environment& env) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) return ExpandError{"unterminated \"${\""};
    const std::string_view body = text.substr(i + 2, close - i - 2);
    const std::size_t sep = body.find(":-");
    const std::string_view name = body.substr(0, sep);
    if (!is_name(name))
      return ExpandError{"invalid variable name " + in_quotes(name) + " in \"${…}\""};
    std::optional<std::string> value = env ? env(name) : std::nullopt;
    if (sep != std::string_view::npos && (!value || value->empty())) {
      out += body.substr(sep + 2);
    } else if (value) {
      out += *value;
    } else {
      return ExpandError{"environment variable " + std::string(name) + " is not set (write ${" +
                         std::string(name) + ":-default} for a default)"};
    }
    i = close + 1;
  }
  return {boost::system::in_place_value, std::move(out)};
}

Location location_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {};
  return Location{static_cast<std::uint32_t>(mark.line + 1),
                  static_cast<std::uint32_t>(mark.column + 1)};
}

Location Reader::location_at(const YAML::Node& scalar, std::size_t offset) const {
  const Location start = location_of(scalar);
  const YAML::Mark mark = scalar.Mark();
  if (mark.is_null() || !scalar.IsScalar() || mark.pos < 0 ||
      static_cast<std::size_t>(mark.pos) >= source_.size()) {
    return start;
  }
  const char first = source_[static_cast<std::size_t>(mark.pos)];
  if (first == '|' || first == '>' || scalar.Scalar().find('\n') != std::string::npos) return start;
  const std::uint32_t quote = (first == '"' || first == '\'') ? 1 : 0;
  return Location{start.line, start.column + quote + static_cast<std::uint32_t>(offset)};
}

void Reader::error(const YAML::Node& at, std::string message) {
  error(location_of(at), std::move(message));
}

void Reader::error(Location at, std::string message) {
  errors_.push_back(SourceError{file_, at, std::move(message)});
}

bool Reader::check_keys(const YAML::Node& map, const std::vector<std::string_view>& known,
                        std::string_view what) {
  if (!map.IsMap()) {
    error(map, std::string(what) + " must be a mapping");
    return false;
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& member : map) {
    const YAML::Node key = member.first;  // a copy: the iterator's value is a temporary
    if (!key.IsScalar()) {
      error(key, "keys of " + std::string(what) + " must be names");
      continue;
    }
    const std::string& name = key.Scalar();
    bool is_known = false;
    for (std::string_view k : known)
      is_known = is_known || k == name;
    if (!is_known) {
      error(key, "unknown key " + in_quotes(name) + " in " + std::string(what) +
                     " (expected one of: " + join(known) + ")");
    } else if (!seen.insert(name).second) {
      error(key, "duplicate key " + in_quotes(name) + " in " + std::string(what));
    }
  }
  return true;
}

std::optional<std::string> Reader::string(const YAML::Node& node, std::string_view key) {
  if (!node.IsScalar()) {
    error(node, std::string(key) + " must be a string");
    return std::nullopt;
  }
  auto expanded = expand_env(node.Scalar(), env_);
  if (!expanded.has_value()) {
    error(node, std::string(key) + ": " + expanded.error().message);
    return std::nullopt;
  }
  return std::move(*expanded);
}

std::optional<std::int64_t> Reader::integer(const YAML::Node& node, std::string_view key,
                                            std::int64_t min, std::int64_t max) {
  const std::string what = std::string(key) + " must be an integer from " + std::to_string(min) +
                           " to " + std::to_string(max);
  if (!node.IsScalar()) {
    error(node, what);
    return std::nullopt;
  }
  std::optional<std::string> text = string(node, key);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max) {
    error(node, what + ", not " + in_quotes(*text));
    return std::nullopt;
  }
  return value;
}

std::optional<double> Reader::number(const YAML::Node& node, std::string_view key, double min,
                                     double max) {
  auto fmt = [](double d) {
    std::string s = std::to_string(d);
    while (s.size() > 1 && s.back() == '0')
      s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  const std::string what =
      std::string(key) + " must be a number from " + fmt(min) + " to " + fmt(max);
  if (!node.IsScalar()) {
    error(node, what);
    return std::nullopt;
  }
  std::optional<std::string> text = string(node, key);
  if (!text) return std::nullopt;
  double value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value) || value < min || value > max) {
    error(node, what + ", not " + in_quotes(*text));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> Reader::boolean(const YAML::Node& node, std::string_view key) {
  const std::string what = std::string(key) + " must be true or false";
  if (!node.IsScalar()) {
    error(node, what);
    return std::nullopt;
  }
  std::optional<std::string> text = string(node, key);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "True" || *text == "TRUE") return true;
  if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  error(node, what + ", not " + in_quotes(*text));
  return std::nullopt;
}

std::optional<std::vector<std::pair<std::string, Location>>> Reader::strings(const YAML::Node& node,
                                                                             std::string_view key) {
  std::vector<std::pair<std::string, Location>> out;
  if (node.IsScalar()) {
    std::optional<std::string> s = string(node, key);
    if (!s) return std::nullopt;
    out.emplace_back(std::move(*s), location_of(node));
    return out;
  }
  if (!node.IsSequence() || node.size() == 0) {
    error(node, std::string(key) + " must be a string or a non-empty list of strings");
    return std::nullopt;
  }
  bool ok = true;
  for (const YAML::Node& item : node) {
    std::optional<std::string> s = string(item, key);
    if (s) {
      out.emplace_back(std::move(*s), location_of(item));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace config
}  // namespace stashql
