// The function library of the expression language: size, keys, uuid, now, lower, json,
// base64, contains, slice, round, merge, … (docs/expressions.md lists them all). Arity is
// checked at compile time from the table at the end; types at run time, with messages that
// name the function: "upper() needs a string, got an integer". String functions pass null
// through, so an optional field reads as null instead of failing.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <system_error>
#include <utility>

#include <stashql/json.hpp>

#include "graphql/utf8.hpp"
#include "pipeline/expression_node.hpp"

namespace stashql::expr::detail {
namespace {

using Args = std::span<Evaluated>;

EvalResult fail(std::string message) {
  return EvalError{std::move(message)};
}

EvalResult needs(std::string_view function, std::string_view wanted, const Value& got) {
  return fail(std::string(function) + "() needs " + std::string(wanted) + ", got " +
              std::string(describe_kind(got)));
}

EvalResult value(Value v) {
  return Evaluated::of(std::move(v));
}
EvalResult null_result() {
  return Evaluated::ref(null_value());
}

// A part of an argument: a reference when the argument is one, else moved out of it (the
// argument is ours to take apart).
EvalResult part_of(const Evaluated& arg, const Value& part) {
  if (arg.is_ref()) return Evaluated::ref(part);
  return Evaluated::of(std::move(const_cast<Value&>(part)));
}

EvalResult whole(Evaluated& arg) {
  if (arg.is_ref()) return Evaluated::ref(arg.get());
  return Evaluated::of(std::move(arg).take());
}

// Byte offsets where each code point of `s` starts, plus s.size() at the end.
std::vector<std::size_t> code_point_starts(std::string_view s) {
  std::vector<std::size_t> starts;
  starts.reserve(s.size() + 1);
  for (std::size_t i = 0; i < s.size(); i += decode_utf8(s, i).length)
    starts.push_back(i);
  starts.push_back(s.size());
  return starts;
}

std::size_t code_point_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += decode_utf8(s, i).length)
    ++n;
  return n;
}

// An integer argument (an integral double is accepted).
std::optional<std::int64_t> integer_of(const Value& v) {
  if (v.is_int()) return v.as_int();
  if (v.is_double()) {
    const double d = v.as_double();
    constexpr double kLimit = 9.2e18;
    if (std::trunc(d) == d && std::abs(d) < kLimit) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

// A double as an integer when it fits, else kept as a double.
Value integral(double d) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (std::isfinite(d) && d >= -kLimit && d < kLimit) return Value(static_cast<std::int64_t>(d));
  return Value(d);
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

// ---- collections ----------------------------------------------------------------------------

EvalResult fn_size(Args a) {
  const Value& v = a[0].get();
  switch (v.kind()) {
    case Kind::null:
      return value(std::int64_t{0});
    case Kind::string:
      return value(static_cast<std::int64_t>(code_point_count(v.as_string())));
    case Kind::list:
      return value(static_cast<std::int64_t>(v.as_list().size()));
    case Kind::object:
      return value(static_cast<std::int64_t>(v.as_object().size()));
    default:
      break;
  }
  return needs("size", "a string, a list or an object", v);
}

EvalResult fn_keys(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return value(List{});
  if (!v.is_object()) return needs("keys", "an object", v);
  List out;
  out.reserve(v.as_object().size());
  for (const auto& member : v.as_object())
    out.emplace_back(member.first);
  return value(std::move(out));
}

EvalResult fn_values(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return value(List{});
  if (!v.is_object()) return needs("values", "an object", v);
  const bool owned = !a[0].is_ref();
  List out;
  out.reserve(v.as_object().size());
  for (const auto& member : v.as_object()) {
    out.push_back(owned ? std::move(const_cast<Value&>(member.second)) : member.second);
  }
  return value(std::move(out));
}

EvalResult fn_first(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (!v.is_list()) return needs("first", "a list", v);
  if (v.as_list().empty()) return null_result();
  return part_of(a[0], v.as_list().front());
}

EvalResult fn_last(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (!v.is_list()) return needs("last", "a list", v);
  if (v.as_list().empty()) return null_result();
  return part_of(a[0], v.as_list().back());
}

EvalResult fn_reverse(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (v.is_string()) {
    const std::string& s = v.as_string();
    const auto starts = code_point_starts(s);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = starts.size() - 1; i > 0; --i) {
      out.append(s, starts[i - 1], starts[i] - starts[i - 1]);
    }
    return value(std::move(out));
  }
  if (!v.is_list()) return needs("reverse", "a list or a string", v);
  Value out = std::move(a[0]).take();
  std::reverse(out.as_list().begin(), out.as_list().end());
  return value(std::move(out));
}

EvalResult fn_unique(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (!v.is_list()) return needs("unique", "a list", v);
  List out;
  for (const Value& item : v.as_list()) {
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const Value& kept) { return deep_equal(kept, item); });
    if (!seen) out.push_back(item);
  }
  return value(std::move(out));
}

EvalResult fn_flatten(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (!v.is_list()) return needs("flatten", "a list", v);
  List out;
  for (const Value& item : v.as_list()) {
    if (item.is_list()) {
      out.insert(out.end(), item.as_list().begin(), item.as_list().end());
    } else {
      out.push_back(item);
    }
  }
  return value(std::move(out));
}

EvalResult fn_sum(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return value(std::int64_t{0});
  if (!v.is_list()) return needs("sum", "a list of numbers", v);
  std::int64_t total = 0;
  double total_double = 0;
  bool is_double = false;
  for (const Value& item : v.as_list()) {
    if (item.is_null()) continue;
    if (!item.is_number()) return needs("sum", "a list of numbers", item);
    if (!is_double && item.is_int()) {
      if (__builtin_add_overflow(total, item.as_int(), &total)) return fail("integer overflow");
      continue;
    }
    if (!is_double) {
      is_double = true;
      total_double = static_cast<double>(total);
    }
    total_double += item.as_number();
  }
  return is_double ? value(total_double) : value(total);
}

// min and max: over the arguments, or over the elements of a single list argument. Nulls are
// skipped; nothing left gives null.
EvalResult extreme(Args a, std::string_view name, bool want_max) {
  std::span<const Value> values;
  std::vector<Value> scalars;
  if (a.size() == 1 && a[0].get().is_list()) {
    values = a[0].get().as_list();
  } else {
    scalars.reserve(a.size());
    for (const Evaluated& e : a)
      scalars.push_back(e.get());
    values = scalars;
  }
  const Value* best = nullptr;
  for (const Value& v : values) {
    if (v.is_null()) continue;
    if (!v.is_number()) return needs(name, "numbers", v);
    if (v.is_double() && std::isnan(v.as_double())) continue;
    if (best == nullptr) {
      best = &v;
      continue;
    }
    const bool better =
        (best->is_int() && v.is_int())
            ? (want_max ? v.as_int() > best->as_int() : v.as_int() < best->as_int())
            : (want_max ? v.as_number() > best->as_number() : v.as_number() < best->as_number());
    if (better) best = &v;
  }
  if (best == nullptr) return null_result();
  return value(*best);
}

EvalResult fn_min(Args a) {
  return extreme(a, "min", false);
}
EvalResult fn_max(Args a) {
  return extreme(a, "max", true);
}

// ---- objects --------------------------------------------------------------------------------

EvalResult fn_merge(Args a) {
  Value out = Object{};
  for (Evaluated& arg : a) {
    const Value& v = arg.get();
    if (v.is_null()) continue;
    if (!v.is_object()) return needs("merge", "objects", v);
    for (const auto& [key, member] : v.as_object())
      out[key] = member;
  }
  return value(std::move(out));
}

// The keys given to pick() and omit(): strings, or lists of strings.
Result<std::vector<std::string_view>, EvalError> key_list(Args a, std::string_view name) {
  std::vector<std::string_view> keys;
  for (std::size_t i = 1; i < a.size(); ++i) {
    const Value& k = a[i].get();
    if (k.is_string()) {
      keys.push_back(k.as_string());
    } else if (k.is_list()) {
      for (const Value& item : k.as_list()) {
        if (!item.is_string()) return needs(name, "string keys", item).error();
        keys.push_back(item.as_string());
      }
    } else {
      return needs(name, "string keys", k).error();
    }
  }
  return keys;
}

EvalResult fn_pick(Args a) {
  const Value& o = a[0].get();
  if (o.is_null()) return null_result();
  if (!o.is_object()) return needs("pick", "an object", o);
  auto keys = key_list(a, "pick");
  if (!keys) return keys.error();
  Object out;
  for (std::string_view key : *keys) {
    const Value* found = o.find(key);
    const bool already =
        std::any_of(out.begin(), out.end(), [&](const Member& m) { return m.first == key; });
    if (found != nullptr && !already) out.emplace_back(std::string(key), *found);
  }
  return value(std::move(out));
}

EvalResult fn_omit(Args a) {
  const Value& o = a[0].get();
  if (o.is_null()) return null_result();
  if (!o.is_object()) return needs("omit", "an object", o);
  auto keys = key_list(a, "omit");
  if (!keys) return keys.error();
  Object out;
  for (const Member& member : o.as_object()) {
    if (std::find(keys->begin(), keys->end(), member.first) == keys->end()) out.push_back(member);
  }
  return value(std::move(out));
}

EvalResult fn_has(Args a) {
  const Value& o = a[0].get();
  const Value& key = a[1].get();
  if (o.is_null()) return value(false);
  if (!o.is_object()) return needs("has", "an object", o);
  if (!key.is_string()) return needs("has", "a string key", key);
  return value(o.find(key.as_string()) != nullptr);
}

// ---- values ---------------------------------------------------------------------------------

EvalResult fn_type(Args a) {
  switch (a[0].get().kind()) {
    case Kind::null:
      return value("null");
    case Kind::boolean:
      return value("boolean");
    case Kind::integer:
      return value("integer");
    case Kind::number:
      return value("number");
    case Kind::string:
      return value("string");
    case Kind::list:
      return value("list");
    case Kind::object:
      return value("object");
  }
  return value("null");
}

EvalResult fn_coalesce(Args a) {
  for (Evaluated& arg : a) {
    if (!arg.get().is_null()) return whole(arg);
  }
  return null_result();
}

EvalResult fn_is_empty(Args a) {
  const Value& v = a[0].get();
  switch (v.kind()) {
    case Kind::null:
      return value(true);
    case Kind::string:
      return value(v.as_string().empty());
    case Kind::list:
      return value(v.as_list().empty());
    case Kind::object:
      return value(v.as_object().empty());
    default:
      return value(false);
  }
}

EvalResult fn_json(Args a) {
  return value(to_json(a[0].get()));
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
  return value(std::move(out));
}

// A number read from text: an integer when it is one and fits, else a double. Accepts
// surrounding spaces and a leading '+'; rejects "inf", "nan", hex and empty text.
std::optional<Value> read_number(std::string_view text) {
  std::string_view s = trimmed(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '.' || c == 'e' || c == 'E' || c == '+';
  });
  if (!plain) return std::nullopt;
  std::int64_t i = 0;
  const auto [int_end, int_ec] = std::from_chars(s.data(), s.data() + s.size(), i);
  if (int_ec == std::errc{} && int_end == s.data() + s.size()) return Value(i);
  double d = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return Value(d);
}

EvalResult fn_number(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (v.is_number()) return whole(a[0]);
  if (!v.is_string()) return needs("number", "a string or a number", v);
  auto n = read_number(v.as_string());
  if (!n) {
    std::string quoted;
    write_json_string(quoted, v.as_string().substr(0, 64));
    return fail("number() cannot read " + quoted + " as a number");
  }
  return value(std::move(*n));
}

EvalResult fn_int(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (v.is_int()) return whole(a[0]);
  double d = 0;
  if (v.is_double()) {
    d = v.as_double();
  } else if (v.is_string()) {
    auto n = read_number(v.as_string());
    if (!n) {
      std::string quoted;
      write_json_string(quoted, v.as_string().substr(0, 64));
      return fail("int() cannot read " + quoted + " as a number");
    }
    if (n->is_int()) return value(std::move(*n));
    d = n->as_double();
  } else {
    return needs("int", "a number or a string", v);
  }
  const Value truncated = integral(std::trunc(d));
  if (!truncated.is_int()) return fail("int(): the number is out of the integer range");
  return value(truncated);
}

EvalResult rounded(Args a, std::string_view name, double (*how)(double)) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (!v.is_number()) return needs(name, "a number", v);
  if (v.is_int()) return whole(a[0]);
  return value(integral(how(v.as_double())));
}

EvalResult fn_floor(Args a) {
  return rounded(a, "floor", [](double d) { return std::floor(d); });
}
EvalResult fn_ceil(Args a) {
  return rounded(a, "ceil", [](double d) { return std::ceil(d); });
}

EvalResult fn_round(Args a) {
  if (a.size() == 1) return rounded(a, "round", [](double d) { return std::round(d); });
  const Value& v = a[0].get();
  const Value& digits_value = a[1].get();
  if (v.is_null()) return null_result();
  if (!v.is_number()) return needs("round", "a number", v);
  const auto digits = integer_of(digits_value);
  constexpr std::int64_t kMaxDigits = 15;
  if (!digits || *digits < -kMaxDigits || *digits > kMaxDigits) {
    return fail("round() needs a number of digits from -15 to 15");
  }
  if (v.is_int() && *digits >= 0) return whole(a[0]);
  const double scale = std::pow(10.0, static_cast<double>(*digits));
  const double r = std::round(v.as_number() * scale) / scale;
  if (v.is_int() || *digits <= 0) return value(integral(r));
  return value(r);
}

EvalResult fn_abs(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (v.is_int()) {
    if (v.as_int() == std::numeric_limits<std::int64_t>::min()) return fail("integer overflow");
    return value(v.as_int() < 0 ? -v.as_int() : v.as_int());
  }
  if (v.is_double()) return value(std::fabs(v.as_double()));
  return needs("abs", "a number", v);
}

// ---- strings --------------------------------------------------------------------------------

// The string argument of a string function; nullptr (with `result` set) for null or a wrong
// type.
const std::string* string_arg(const Evaluated& arg, std::string_view name,
                              std::optional<EvalResult>& result) {
  const Value& v = arg.get();
  if (v.is_string()) return &v.as_string();
  result = v.is_null() ? null_result() : needs(name, "a string", v);
  return nullptr;
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

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

EvalResult fn_base64(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "base64", early);
  if (s == nullptr) return std::move(*early);
  std::string out;
  out.reserve((s->size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>((*s)[k]));
  };
  for (; i + 3 <= s->size(); i += 3) {
    const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  if (s->size() - i == 1) {
    const std::uint32_t n = byte(i) << 16;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += "==";
  } else if (s->size() - i == 2) {
    const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += '=';
  }
  return value(std::move(out));
}

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;  // standard and URL-safe alphabets
  if (c == '/' || c == '_') return 63;
  return -1;
}

EvalResult fn_base64_decode(Args a) {
  std::optional<EvalResult> early;
  const std::string* s = string_arg(a[0], "base64Decode", early);
  if (s == nullptr) return std::move(*early);
  std::string_view text = *s;
  const EvalResult invalid = fail("base64Decode(): the text is not valid base64");
  if (text.size() % 4 == 0 && !text.empty()) {
    // Padding only at the end: at most two '='.
    if (text.back() == '=') text.remove_suffix(1);
    if (text.back() == '=') text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) return invalid;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    const int d = base64_digit(c);
    if (d < 0) return invalid;
    bits = (bits << 6) | static_cast<std::uint32_t>(d);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  // Leftover bits must be zero, or the text was not produced by an encoder.
  if ((bits & ((1U << count) - 1)) != 0) return invalid;
  return value(std::move(out));
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

// ---- changing values ------------------------------------------------------------------------

EvalResult fn_uuid(Args) {
  // One generator per thread, seeded from the OS: ids need to be unique, not secret.
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  std::uint64_t high = generator();
  std::uint64_t low = generator();
  high = (high & ~0xF000ULL) | 0x4000ULL;                          // version 4
  low = (low & ~(0xC000000000000000ULL)) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xFFFF),
                static_cast<unsigned>(high & 0xFFFF), static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return value(std::string(buffer));
}

std::int64_t epoch_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

EvalResult fn_now(Args) {
  using namespace std::chrono;
  const sys_time<milliseconds> now{milliseconds{epoch_millis()}};
  const auto days = floor<std::chrono::days>(now);
  const year_month_day date{days};
  const hh_mm_ss time{now - days};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return value(std::string(buffer));
}

EvalResult fn_epoch_seconds(Args) {
  return value(epoch_millis() / 1000);
}
EvalResult fn_epoch_millis(Args) {
  return value(epoch_millis());
}

// Sorted by name for lookup.
constexpr Function kFunctions[] = {
    {"abs", 1, 1, Purity::pure, fn_abs},
    {"base64", 1, 1, Purity::pure, fn_base64},
    {"base64Decode", 1, 1, Purity::pure, fn_base64_decode},
    {"ceil", 1, 1, Purity::pure, fn_ceil},
    {"coalesce", 1, kVariadic, Purity::pure, fn_coalesce},
    {"contains", 2, 2, Purity::pure, fn_contains},
    {"endsWith", 2, 2, Purity::pure, fn_ends_with},
    {"epochMillis", 0, 0, Purity::changing, fn_epoch_millis},
    {"epochSeconds", 0, 0, Purity::changing, fn_epoch_seconds},
    {"first", 1, 1, Purity::pure, fn_first},
    {"flatten", 1, 1, Purity::pure, fn_flatten},
    {"floor", 1, 1, Purity::pure, fn_floor},
    {"has", 2, 2, Purity::pure, fn_has},
    {"int", 1, 1, Purity::pure, fn_int},
    {"isEmpty", 1, 1, Purity::pure, fn_is_empty},
    {"join", 2, 2, Purity::pure, fn_join},
    {"json", 1, 1, Purity::pure, fn_json},
    {"keys", 1, 1, Purity::pure, fn_keys},
    {"last", 1, 1, Purity::pure, fn_last},
    {"lower", 1, 1, Purity::pure, fn_lower},
    {"max", 1, kVariadic, Purity::pure, fn_max},
    {"merge", 1, kVariadic, Purity::pure, fn_merge},
    {"min", 1, kVariadic, Purity::pure, fn_min},
    {"now", 0, 0, Purity::changing, fn_now},
    {"number", 1, 1, Purity::pure, fn_number},
    {"omit", 2, kVariadic, Purity::pure, fn_omit},
    {"parseJson", 1, 1, Purity::pure, fn_parse_json},
    {"pick", 2, kVariadic, Purity::pure, fn_pick},
    {"replace", 3, 3, Purity::pure, fn_replace},
    {"reverse", 1, 1, Purity::pure, fn_reverse},
    {"round", 1, 2, Purity::pure, fn_round},
    {"size", 1, 1, Purity::pure, fn_size},
    {"slice", 2, 3, Purity::pure, fn_slice},
    {"split", 2, 2, Purity::pure, fn_split},
    {"startsWith", 2, 2, Purity::pure, fn_starts_with},
    {"string", 1, 1, Purity::pure, fn_string},
    {"sum", 1, 1, Purity::pure, fn_sum},
    {"trim", 1, 1, Purity::pure, fn_trim},
    {"type", 1, 1, Purity::pure, fn_type},
    {"unique", 1, 1, Purity::pure, fn_unique},
    {"upper", 1, 1, Purity::pure, fn_upper},
    {"urlEncode", 1, 1, Purity::pure, fn_url_encode},
    {"uuid", 0, 0, Purity::changing, fn_uuid},
    {"values", 1, 1, Purity::pure, fn_values},
};

static_assert(std::is_sorted(std::begin(kFunctions), std::end(kFunctions),
                             [](const Function& a, const Function& b) { return a.name < b.name; }),
              "kFunctions must stay sorted by name for find_function");

}  // namespace

const Function* find_function(std::string_view name) {
  const auto* it =
      std::lower_bound(std::begin(kFunctions), std::end(kFunctions), name,
                       [](const Function& f, std::string_view n) { return f.name < n; });
  if (it == std::end(kFunctions) || it->name != name) return nullptr;
  return it;
}

}  // namespace stashql::expr::detail
