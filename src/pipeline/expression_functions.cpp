// The function library of the expression language: size, keys, uuid, now, lower, json,
// base64, contains, slice, round, merge, … (docs/expressions.md lists them all). Arity is
// checked at compile time from the table at the end of this file; types at run time, with
// messages that name the function: "upper() needs a string, got an integer". Functions of a
// string pass null through, so an optional field reads as null instead of failing. This file
// holds the functions on collections, objects and values of any kind.
#include <algorithm>
#include <iterator>
#include <string>
#include <unordered_map>
#include <utility>

#include "pipeline/expression_function_support.hpp"

namespace stashql::expr::detail {
namespace library {

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
    if (owned) {
      out.push_back(std::move(const_cast<Value&>(member.second)));
    } else {
      out.push_back(member.second);
    }
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

// A hash that agrees with deep_equal: numbers hash by their double value, objects whatever
// their member order.
std::size_t value_hash(const Value& v) {
  constexpr std::size_t kMix = 0x9E3779B97F4A7C15ULL;
  switch (v.kind()) {
    case Kind::null:
      return 0;
    case Kind::boolean:
      return v.as_bool() ? 1 : 2;
    case Kind::integer:
    case Kind::number: {
      const double d = v.as_number();
      return d == 0 ? 3 : std::hash<double>{}(d);  // 0.0 and -0.0 are equal
    }
    case Kind::string:
      return std::hash<std::string_view>{}(v.as_string());
    case Kind::list: {
      std::size_t h = 4;
      for (const Value& item : v.as_list())
        h = (h ^ value_hash(item)) * kMix;
      return h;
    }
    case Kind::object: {
      std::size_t h = 5;
      for (const auto& [key, member] : v.as_object()) {
        h += (std::hash<std::string_view>{}(key) ^ (value_hash(member) * kMix));
      }
      return h;
    }
  }
  return 0;
}

EvalResult fn_unique(Args a) {
  const Value& v = a[0].get();
  if (v.is_null()) return null_result();
  if (!v.is_list()) return needs("unique", "a list", v);
  // Hashing keeps this linear: a list from split() can be long.
  std::unordered_multimap<std::size_t, std::size_t> kept_by_hash;
  List out;
  for (const Value& item : v.as_list()) {
    const std::size_t h = value_hash(item);
    const auto [begin, end] = kept_by_hash.equal_range(h);
    const bool seen = std::any_of(
        begin, end, [&](const auto& entry) { return deep_equal(out[entry.second], item); });
    if (seen) continue;
    kept_by_hash.emplace(h, out.size());
    out.push_back(item);
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

}  // namespace library

namespace {

using namespace library;

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
