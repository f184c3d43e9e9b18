// The function library: numbers (number, int, round, min, sum, …), the clock (now,
// epochSeconds, epochMillis) and ids (uuid).
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

#include "pipeline/expression_function_support.hpp"

namespace stashql::expr::detail::library {

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
  // Divide by an exact power of ten for negative digits: 13 / 0.01 is not exactly 1300.
  const double r = *digits >= 0
                       ? std::round(v.as_number() * std::pow(10.0, static_cast<double>(*digits))) /
                             std::pow(10.0, static_cast<double>(*digits))
                       : std::round(v.as_number() / std::pow(10.0, static_cast<double>(-*digits))) *
                             std::pow(10.0, static_cast<double>(-*digits));
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

}  // namespace stashql::expr::detail::library
