// The function library: strings and encodings (lower, split, replace, json, base64,
// urlEncode, …). Results that can grow faster than their input (json of json, replace with a
// longer text) are bounded by kMaxBuiltBytes.
#include <algorithm>
#include <string>
#include <utility>

#include <stashql/json.hpp>

#include "pipeline/base64.hpp"
#include "pipeline/expression_function_support.hpp"

namespace stashql::expr::detail::library {

EvalResult fn_json(Args a) {
  std::string out = to_json(a[0].get());
  if (out.size() > kMaxBuiltBytes) return too_large("json");
  return value(std::move(out));
}

EvalResult fn_parse_json(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (!v.is_string()) return needs("parseJson", "a string", v);
  auto parsed = parse_json(v.as_string());
  if (!parsed) {
    return fail("parseJson(): invalid JSON at " + std::to_string(parsed.error().line) + ":" +
                std::to_string(parsed.error().column) + ": " + parsed.error().message);
  }
  return value(std::move(*parsed));
}

EvalResult fn_string(Args a) {
  if (a[0].get().is_string()) return whole(a[0]);
  std::string out;
  append_as_text(out, a[0].get());
  if (out.size() > kMaxBuiltBytes) return too_large("string");
  return value(std::move(out));
}

EvalResult fn_lower(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "lower", early);
  if (s == nullptr) return std::move(*early);
  std::string out = *s;
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return value(std::move(out));
}

EvalResult fn_upper(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "upper", early);
  if (s == nullptr) return std::move(*early);
  std::string out = *s;
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return value(std::move(out));
}

EvalResult fn_trim(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "trim", early);
  if (s == nullptr) return std::move(*early);
  return value(std::string(trimmed(*s)));
}

EvalResult fn_base64(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "base64", early);
  if (s == nullptr) return std::move(*early);
  if ((s->size() + 2) / 3 * 4 > kMaxBuiltBytes) return too_large("base64");
  return value(base64_encode(*s));
}

EvalResult fn_base64_decode(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "base64Decode", early);
  if (s == nullptr) return std::move(*early);
  std::optional<std::string> out = base64_decode(*s);
  if (!out) return fail("base64Decode(): the text is not valid base64");
  return value(std::move(*out));
}

EvalResult fn_url_encode(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "urlEncode", early);
  if (s == nullptr) return std::move(*early);
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s->size());
  for (const char c : *s) {
    const auto b = static_cast<unsigned char>(c);
    const bool unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                            (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.' || b == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  if (out.size() > kMaxBuiltBytes) return too_large("urlEncode");
  return value(std::move(out));
}

EvalResult fn_contains(Args a) {
  const Value& haystack = a[0].get();
  const Value& needle = a[1].get();
  if (haystack.is_null()) return value(false);
  if (haystack.is_list()) {
    return value(std::any_of(haystack.as_list().begin(), haystack.as_list().end(),
                             [&](const Value& v) { return deep_equal(v, needle); }));
  }
  if (!haystack.is_string()) return needs("contains", "a string or a list", haystack);
  if (needle.is_null()) return value(false);
  if (!needle.is_string()) return needs("contains", "a string to look for", needle);
  return value(haystack.as_string().find(needle.as_string()) != std::string::npos);
}

EvalResult affix(Args a, std::string_view name, bool at_end) {
  const Value& s = a[0].get();
  const Value& p = a[1].get();
  if (s.is_null() || p.is_null()) return value(false);
  if (!s.is_string()) return needs(name, "a string", s);
  if (!p.is_string()) return needs(name, "a string", p);
  const std::string_view text = s.as_string();
  return value(at_end ? text.ends_with(p.as_string()) : text.starts_with(p.as_string()));
}

EvalResult fn_starts_with(Args a) {
  return affix(a, "startsWith", false);
}
EvalResult fn_ends_with(Args a) {
  return affix(a, "endsWith", true);
}

EvalResult fn_split(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "split", early);
  if (s == nullptr) return std::move(*early);
  const Value& sep_value = a[1].get();
  if (!sep_value.is_string()) return needs("split", "a string separator", sep_value);
  const std::string& sep = sep_value.as_string();
  List out;
  if (sep.empty() && s->size() > kMaxBuiltItems) {
    if (code_point_count(*s) > kMaxBuiltItems) return too_many("split");
  }
  if (sep.empty()) {
    const auto starts = code_point_starts(*s);
    for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
      out.emplace_back(s->substr(starts[i], starts[i + 1] - starts[i]));
    }
    return value(std::move(out));
  }
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = s->find(sep, from);
    if (at == std::string::npos) break;
    out.emplace_back(s->substr(from, at - from));
    from = at + sep.size();
    if (out.size() >= kMaxBuiltItems) return too_many("split");
  }
  out.emplace_back(s->substr(from));
  return value(std::move(out));
}

EvalResult fn_join(Args a) {
  const Value& list = a[0].get();
  const Value& sep = a[1].get();
  if (list.is_null()) return null_result();
  if (!list.is_list()) return needs("join", "a list", list);
  if (!sep.is_string()) return needs("join", "a string separator", sep);
  std::string out;
  bool first = true;
  for (const Value& item : list.as_list()) {
    if (!first) out += sep.as_string();
    first = false;
    append_as_text(out, item);
    if (out.size() > kMaxBuiltBytes) return too_large("join");
  }
  return value(std::move(out));
}

EvalResult fn_replace(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "replace", early);
  if (s == nullptr) return std::move(*early);
  const Value& from = a[1].get();
  const Value& to = a[2].get();
  if (!from.is_string()) return needs("replace", "a string to replace", from);
  if (!to.is_string()) return needs("replace", "a string to replace with", to);
  const std::string& f = from.as_string();
  if (f.empty()) return whole(a[0]);
  const std::string& t = to.as_string();
  if (t.size() > f.size()) {
    std::size_t count = 0;
    for (std::size_t at = s->find(f); at != std::string::npos; at = s->find(f, at + f.size())) {
      ++count;
    }
    if (s->size() + count * (t.size() - f.size()) > kMaxBuiltBytes) return too_large("replace");
  }
  std::string out;
  out.reserve(s->size());
  std::size_t at = 0;
  for (;;) {
    const std::size_t found = s->find(f, at);
    if (found == std::string::npos) break;
    out.append(*s, at, found - at);
    out += to.as_string();
    at = found + f.size();
  }
  out.append(*s, at);
  return value(std::move(out));
}

EvalResult fn_slice(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (!v.is_string() && !v.is_list()) return needs("slice", "a string or a list", v);
  const auto start_arg = integer_of(a[1].get());
  if (!start_arg) return needs("slice", "an integer start", a[1].get());
  std::optional<std::int64_t> end_arg;
  if (a.size() == 3 && !a[2].get().is_null()) {
    end_arg = integer_of(a[2].get());
    if (!end_arg) return needs("slice", "an integer end", a[2].get());
  }
  std::vector<std::size_t> starts;
  std::int64_t length = 0;
  if (v.is_string()) {
    starts = code_point_starts(v.as_string());
    length = static_cast<std::int64_t>(starts.size() - 1);
  } else {
    length = static_cast<std::int64_t>(v.as_list().size());
  }
  // As JavaScript's slice: negative counts from the end, both ends clamp.
  auto clamp = [&](std::int64_t i) {
    if (i < 0) i = std::max<std::int64_t>(0, length + std::max(i, -length));
    return std::min(i, length);
  };
  const std::int64_t begin = clamp(*start_arg);
  const std::int64_t end = std::max(begin, clamp(end_arg.value_or(length)));
  const auto b = static_cast<std::size_t>(begin);
  const auto e = static_cast<std::size_t>(end);
  if (v.is_string()) return value(v.as_string().substr(starts[b], starts[e] - starts[b]));
  const List& items = v.as_list();
  return value(List(items.begin() + static_cast<std::ptrdiff_t>(b),
                    items.begin() + static_cast<std::ptrdiff_t>(e)));
}

}  // namespace stashql::expr::detail::library
