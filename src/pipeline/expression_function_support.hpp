// What the files of the function library share: argument checks that name the function in
// their messages, results that refer into an argument when they can, code point helpers, and
// the functions themselves for the table in expression_functions.cpp.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/expression.hpp>
#include <stashql/value.hpp>

#include "graphql/utf8.hpp"
#include "pipeline/expression_node.hpp"

namespace stashql::expr::detail::library {

using Args = std::span<Evaluated>;

inline EvalResult fail(std::string message) {
  return EvalError{std::move(message)};
}

inline EvalResult needs(std::string_view function, std::string_view wanted, const Value& got) {
  return fail(std::string(function) + "() needs " + std::string(wanted) + ", got " +
              std::string(describe_kind(got)));
}

inline EvalResult value(Value v) {
  return Evaluated::of(std::move(v));
}
inline EvalResult null_result() {
  return Evaluated::ref(null_value());
}

// A part of an argument: a reference when the argument is one, else moved out of it (the
// argument is ours to take apart).
inline EvalResult part_of(const Evaluated& arg, const Value& part) {
  if (arg.is_ref()) return Evaluated::ref(part);
  return Evaluated::of(std::move(const_cast<Value&>(part)));
}

inline EvalResult whole(Evaluated& arg) {
  if (arg.is_ref()) return Evaluated::ref(arg.get());
  return Evaluated::of(std::move(arg).take());
}

// Byte offsets where each code point of `s` starts, plus s.size() at the end.
inline std::vector<std::size_t> code_point_starts(std::string_view s) {
  std::vector<std::size_t> starts;
  starts.reserve(s.size() + 1);
  for (std::size_t i = 0; i < s.size(); i += decode_utf8(s, i).length)
    starts.push_back(i);
  starts.push_back(s.size());
  return starts;
}

inline std::size_t code_point_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += decode_utf8(s, i).length)
    ++n;
  return n;
}

// An integer argument (an integral double is accepted).
inline std::optional<std::int64_t> integer_of(const Value& v) {
  if (v.is_int()) return v.as_int();
  if (v.is_double()) {
    const double d = v.as_double();
    constexpr double kLimit = 9.2e18;
    if (std::trunc(d) == d && std::abs(d) < kLimit) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

// A double as an integer when it fits, else kept as a double.
inline Value integral(double d) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (std::isfinite(d) && d >= -kLimit && d < kLimit) return Value(static_cast<std::int64_t>(d));
  return Value(d);
}

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

inline std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

// The string argument of a string function; nullptr (with `result` set) for null or a wrong
// type.
inline const std::string* string_arg(const Evaluated& arg, std::string_view name,
                                     std::optional<EvalResult>& result) {
  const Value& v = arg.get();
  if (v.is_string()) return &v.as_string();
  result = v.is_null() ? null_result() : needs(name, "a string", v);
  return nullptr;
}

// "json(): the result would be larger than 16 MiB".
inline EvalResult too_large(std::string_view function) {
  return fail(std::string(function) + "(): the result would be larger than " +
              std::to_string(kMaxBuiltBytes >> 20) + " MiB");
}

inline EvalResult too_many(std::string_view function) {
  return fail(std::string(function) + "(): the result would have more than " +
              std::to_string(kMaxBuiltItems) + " items");
}

// Collections, objects and values (expression_functions.cpp).
EvalResult fn_size(Args a);
EvalResult fn_keys(Args a);
EvalResult fn_values(Args a);
EvalResult fn_first(Args a);
EvalResult fn_last(Args a);
EvalResult fn_reverse(Args a);
EvalResult fn_unique(Args a);
EvalResult fn_flatten(Args a);
EvalResult fn_merge(Args a);
EvalResult fn_pick(Args a);
EvalResult fn_omit(Args a);
EvalResult fn_has(Args a);
EvalResult fn_type(Args a);
EvalResult fn_coalesce(Args a);
EvalResult fn_is_empty(Args a);

// Strings and encodings (expression_functions_text.cpp).
EvalResult fn_json(Args a);
EvalResult fn_parse_json(Args a);
EvalResult fn_string(Args a);
EvalResult fn_lower(Args a);
EvalResult fn_upper(Args a);
EvalResult fn_trim(Args a);
EvalResult fn_base64(Args a);
EvalResult fn_base64_decode(Args a);
EvalResult fn_url_encode(Args a);
EvalResult fn_contains(Args a);
EvalResult fn_starts_with(Args a);
EvalResult fn_ends_with(Args a);
EvalResult fn_split(Args a);
EvalResult fn_join(Args a);
EvalResult fn_replace(Args a);
EvalResult fn_slice(Args a);

// Numbers, time and ids (expression_functions_numbers.cpp).
EvalResult fn_sum(Args a);
EvalResult fn_min(Args a);
EvalResult fn_max(Args a);
EvalResult fn_number(Args a);
EvalResult fn_int(Args a);
EvalResult fn_floor(Args a);
EvalResult fn_ceil(Args a);
EvalResult fn_round(Args a);
EvalResult fn_abs(Args a);
EvalResult fn_uuid(Args a);
EvalResult fn_now(Args a);
EvalResult fn_epoch_seconds(Args a);
EvalResult fn_epoch_millis(Args a);

}  // namespace stashql::expr::detail::library
