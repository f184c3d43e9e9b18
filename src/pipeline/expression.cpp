// Evaluation of compiled expressions: walks the node tree against a Scope. Paths return
// references into the scope (nothing copied), literals references into the tree; only
// operators and functions build new values. Every failure is an EvalError, never a throw.
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <boost/container/small_vector.hpp>

#include <stashql/expression.hpp>
#include <stashql/json.hpp>

#include "pipeline/expression_node.hpp"
#include "pipeline/expression_parser.hpp"

namespace stashql::expr {

std::string_view root_name(Root root) {
  switch (root) {
    case Root::args:
      return "args";
    case Root::source:
      return "source";
    case Root::identity:
      return "identity";
    case Root::headers:
      return "headers";
    case Root::info:
      return "info";
    case Root::stash:
      return "stash";
    case Root::prev:
      return "prev";
    case Root::item:
      return "item";
  }
  return "";
}

bool truthy(const Value& v) {
  switch (v.kind()) {
    case Kind::null:
      return false;
    case Kind::boolean:
      return v.as_bool();
    case Kind::integer:
      return v.as_int() != 0;
    case Kind::number:
      return v.as_double() != 0 && !std::isnan(v.as_double());
    case Kind::string:
      return !v.as_string().empty();
    case Kind::list:
    case Kind::object:
      return true;
  }
  return false;
}

void append_as_text(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::null:
      return;
    case Kind::boolean:
      out += v.as_bool() ? "true" : "false";
      return;
    case Kind::integer:
      out += std::to_string(v.as_int());
      return;
    case Kind::number:
      write_json_number(out, v.as_double());
      return;
    case Kind::string:
      out += v.as_string();
      return;
    case Kind::list:
    case Kind::object:
      write_json(out, v);
      return;
  }
}

std::string_view describe_kind(const Value& v) {
  switch (v.kind()) {
    case Kind::null:
      return "null";
    case Kind::boolean:
      return "a boolean";
    case Kind::integer:
      return "an integer";
    case Kind::number:
      return "a number";
    case Kind::string:
      return "a string";
    case Kind::list:
      return "a list";
    case Kind::object:
      return "an object";
  }
  return "a value";
}

namespace detail {

bool deep_equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::list: {
      const List& x = a.as_list();
      const List& y = b.as_list();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!deep_equal(x[i], y[i])) return false;
      }
      return true;
    }
    case Kind::object: {
      const Object& x = a.as_object();
      if (x.size() != b.as_object().size()) return false;
      for (const auto& [key, value] : x) {
        const Value* other = b.find(key);
        if (other == nullptr || !deep_equal(value, *other)) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

namespace {

EvalError error(std::string message) {
  return EvalError{std::move(message)};
}

// ---- paths ----------------------------------------------------------------------------------

std::string quoted(std::string_view key) {
  std::string out;
  write_json_string(out, key);
  return out;
}

std::string_view path_so_far(const Node& path, const Segment& segment) {
  return std::string_view(path.text).substr(0, segment.end);
}

std::string in_path(const Node& path, const Segment& segment) {
  return " (" + std::string(path_so_far(path, segment)) + ")";
}

using Step = Result<const Value*, EvalError>;

Step read_key(const Value& v, std::string_view key, const Node& path, const Segment& segment,
              bool bracketed) {
  if (v.is_object()) {
    const Value* found = v.find(key);
    return found != nullptr ? found : &null_value();
  }
  if (v.is_null()) return &null_value();
  if (v.is_list() && bracketed) {
    return error("cannot index a list with a string" + in_path(path, segment));
  }
  return error("cannot read " + quoted(key) + " of " + std::string(describe_kind(v)) +
               in_path(path, segment));
}

Step read_index(const Value& v, std::int64_t index, const Node& path, const Segment& segment) {
  if (v.is_list()) {
    const auto size = static_cast<std::int64_t>(v.as_list().size());
    if (index < 0) index += size;
    if (index < 0 || index >= size) return &null_value();
    return &v.as_list()[static_cast<std::size_t>(index)];
  }
  if (v.is_null()) return &null_value();
  if (v.is_object()) {
    return error("cannot index an object with an integer" + in_path(path, segment));
  }
  return error("cannot read [" + std::to_string(index) + "] of " + std::string(describe_kind(v)) +
               in_path(path, segment));
}

Step read_segment(const Value& v, const Segment& segment, const Node& path, const Scope& scope) {
  switch (segment.kind) {
    case Segment::Kind::name:
      return read_key(v, segment.key, path, segment, false);
    case Segment::Kind::key:
      return read_key(v, segment.key, path, segment, true);
    case Segment::Kind::index:
      return read_index(v, segment.index, path, segment);
    case Segment::Kind::expression:
      break;
  }
  EvalResult key = evaluate_node(*segment.expression, scope);
  if (!key) return key.error();
  const Value& k = key->get();
  if (k.is_string()) return read_key(v, k.as_string(), path, segment, true);
  if (k.is_int()) return read_index(v, k.as_int(), path, segment);
  if (k.is_double()) {
    const double d = k.as_double();
    // Beyond ±2^62 no list is that long: the index is out of range either way.
    constexpr double kLimit = 4611686018427387904.0;
    if (std::trunc(d) == d && std::abs(d) < kLimit) {
      return read_index(v, static_cast<std::int64_t>(d), path, segment);
    }
    if (std::trunc(d) == d) return &null_value();
    return error("cannot index with a fractional number" + in_path(path, segment));
  }
  if (k.is_null()) return &null_value();
  return error("cannot index with " + std::string(describe_kind(k)) + in_path(path, segment));
}

EvalResult evaluate_path(const Node& node, const Scope& scope) {
  if (node.root) {
    const Value* root = scope.get(*node.root);
    const Value* current = root != nullptr ? root : &null_value();
    for (const Segment& segment : node.segments) {
      Step next = read_segment(*current, segment, node, scope);
      if (!next) return next.error();
      current = *next;
    }
    return Evaluated::ref(*current);
  }
  EvalResult base = evaluate_node(*node.children[0], scope);
  if (!base) return base;
  if (base->is_ref()) {
    const Value* current = &base->get();
    for (const Segment& segment : node.segments) {
      Step next = read_segment(*current, segment, node, scope);
      if (!next) return next.error();
      current = *next;
    }
    return Evaluated::ref(*current);
  }
  // A computed base (a call's result, a literal list): the part read is moved out of it.
  Value owned = std::move(*base).take();
  const Value* current = &owned;
  for (const Segment& segment : node.segments) {
    Step next = read_segment(*current, segment, node, scope);
    if (!next) return next.error();
    current = *next;
  }
  if (current->is_null()) return Evaluated::of(Value());
  if (current == &owned) return Evaluated::of(std::move(owned));
  Value part = std::move(*const_cast<Value*>(current));
  return Evaluated::of(std::move(part));
}

// ---- operators ------------------------------------------------------------------------------

EvalResult boolean(bool b) {
  return Evaluated::of(Value(b));
}

// -1, 0, 1; nullopt when the pair has no order (NaN) or either side is null.
Result<std::optional<int>, EvalError> compare(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::optional<int>{};
  if (a.is_int() && b.is_int()) {
    return std::optional<int>{a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0)};
  }
  if (a.is_number() && b.is_number()) {
    const double x = a.as_number();
    const double y = b.as_number();
    if (std::isnan(x) || std::isnan(y)) return std::optional<int>{};
    return std::optional<int>{x < y ? -1 : (x > y ? 1 : 0)};
  }
  if (a.is_string() && b.is_string()) {
    const int c = a.as_string().compare(b.as_string());  // bytes, unsigned: code point order
    return std::optional<int>{c < 0 ? -1 : (c > 0 ? 1 : 0)};
  }
  return error("cannot compare " + std::string(describe_kind(a)) + " with " +
               std::string(describe_kind(b)));
}

Result<bool, EvalError> contained(const Value& needle, const Value& haystack) {
  switch (haystack.kind()) {
    case Kind::null:
      return false;
    case Kind::list:
      for (const Value& element : haystack.as_list()) {
        if (deep_equal(element, needle)) return true;
      }
      return false;
    case Kind::object:
      if (needle.is_null()) return false;
      if (!needle.is_string()) {
        return error("cannot look up " + std::string(describe_kind(needle)) +
                     " in an object: its keys are strings");
      }
      return haystack.find(needle.as_string()) != nullptr;
    case Kind::string:
      if (needle.is_null()) return false;
      if (!needle.is_string()) {
        return error("cannot look for " + std::string(describe_kind(needle)) + " in a string");
      }
      return haystack.as_string().find(needle.as_string()) != std::string::npos;
    default:
      break;
  }
  return error("`in` needs a list, an object or a string on its right, got " +
               std::string(describe_kind(haystack)));
}

std::string_view verb(Op op) {
  switch (op) {
    case Op::subtract:
      return "subtract";
    case Op::multiply:
      return "multiply";
    case Op::divide:
      return "divide";
    default:
      return "take the remainder of";
  }
}

EvalResult arithmetic_error(Op op, const Value& a, const Value& b) {
  if (op == Op::add) {
    return error("cannot add " + std::string(describe_kind(a)) + " and " +
                 std::string(describe_kind(b)));
  }
  if (op == Op::subtract) {
    return error("cannot subtract " + std::string(describe_kind(b)) + " from " +
                 std::string(describe_kind(a)));
  }
  return error("cannot " + std::string(verb(op)) + " " + std::string(describe_kind(a)) + " by " +
               std::string(describe_kind(b)));
}

EvalResult integer_arithmetic(Op op, std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  switch (op) {
    case Op::add:
      if (__builtin_add_overflow(a, b, &r)) return error("integer overflow");
      return Evaluated::of(Value(r));
    case Op::subtract:
      if (__builtin_sub_overflow(a, b, &r)) return error("integer overflow");
      return Evaluated::of(Value(r));
    case Op::multiply:
      if (__builtin_mul_overflow(a, b, &r)) return error("integer overflow");
      return Evaluated::of(Value(r));
    case Op::divide:
      if (b == 0) return error("division by zero");
      if (a == std::numeric_limits<std::int64_t>::min() && b == -1) {
        return error("integer overflow");
      }
      if (a % b == 0) return Evaluated::of(Value(a / b));
      return Evaluated::of(Value(static_cast<double>(a) / static_cast<double>(b)));
    default:
      if (b == 0) return error("division by zero (%)");
      if (b == -1) return Evaluated::of(Value(std::int64_t{0}));
      return Evaluated::of(Value(a % b));
  }
}

EvalResult double_arithmetic(Op op, double a, double b) {
  switch (op) {
    case Op::add:
      return Evaluated::of(Value(a + b));
    case Op::subtract:
      return Evaluated::of(Value(a - b));
    case Op::multiply:
      return Evaluated::of(Value(a * b));
    case Op::divide:
      if (b == 0) return error("division by zero");
      return Evaluated::of(Value(a / b));
    default:
      if (b == 0) return error("division by zero (%)");
      return Evaluated::of(Value(std::fmod(a, b)));
  }
}

EvalResult arithmetic(Op op, Evaluated left, const Evaluated& right) {
  const Value& a = left.get();
  const Value& b = right.get();
  if (a.is_int() && b.is_int()) return integer_arithmetic(op, a.as_int(), b.as_int());
  if (a.is_number() && b.is_number()) return double_arithmetic(op, a.as_number(), b.as_number());
  if (op != Op::add || a.kind() != b.kind()) return arithmetic_error(op, a, b);
  switch (a.kind()) {
    case Kind::string: {
      if (a.as_string().size() + b.as_string().size() > kMaxBuiltBytes) {
        return error("cannot add strings: the result would be larger than " +
                     std::to_string(kMaxBuiltBytes >> 20) + " MiB");
      }
      std::string out;
      out.reserve(a.as_string().size() + b.as_string().size());
      out += a.as_string();
      out += b.as_string();
      return Evaluated::of(Value(std::move(out)));
    }
    case Kind::list: {
      Value out = std::move(left).take();
      List& items = out.as_list();
      for (const Value& item : b.as_list())
        items.push_back(item);
      return Evaluated::of(std::move(out));
    }
    case Kind::object: {
      Value out = std::move(left).take();
      for (const auto& [key, value] : b.as_object())
        out[key] = value;
      return Evaluated::of(std::move(out));
    }
    default:
      break;
  }
  return arithmetic_error(op, a, b);
}

EvalResult negate(const Value& v) {
  if (v.is_int()) {
    if (v.as_int() == std::numeric_limits<std::int64_t>::min()) return error("integer overflow");
    return Evaluated::of(Value(-v.as_int()));
  }
  if (v.is_double()) return Evaluated::of(Value(-v.as_double()));
  return error("cannot negate " + std::string(describe_kind(v)));
}

EvalResult evaluate_call(const Node& node, const Scope& scope) {
  boost::container::small_vector<Evaluated, 4> args;
  args.reserve(node.children.size());
  for (const auto& child : node.children) {
    EvalResult arg = evaluate_node(*child, scope);
    if (!arg) return arg;
    args.push_back(std::move(*arg));
  }
  return node.function->impl(std::span<Evaluated>(args.data(), args.size()));
}

}  // namespace

EvalResult evaluate_node(const Node& node, const Scope& scope) {
  auto child = [&](std::size_t i) { return evaluate_node(*node.children[i], scope); };
  switch (node.op) {
    case Op::literal:
      return Evaluated::ref(node.value);
    case Op::path:
      return evaluate_path(node, scope);
    case Op::list: {
      List items;
      items.reserve(node.children.size());
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        EvalResult item = child(i);
        if (!item) return item;
        items.push_back(std::move(*item).take());
      }
      return Evaluated::of(Value(std::move(items)));
    }
    case Op::object: {
      Object members;
      members.reserve(node.children.size());
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        EvalResult value = child(i);
        if (!value) return value;
        members.emplace_back(node.keys[i], std::move(*value).take());
      }
      return Evaluated::of(Value(std::move(members)));
    }
    case Op::call:
      return evaluate_call(node, scope);
    case Op::conditional: {
      EvalResult condition = child(0);
      if (!condition) return condition;
      return child(truthy(condition->get()) ? 1 : 2);
    }
    case Op::coalesce: {
      EvalResult left = child(0);
      if (!left || !left->get().is_null()) return left;
      return child(1);
    }
    case Op::logical_and:
    case Op::logical_or: {
      EvalResult left = child(0);
      if (!left) return left;
      const bool l = truthy(left->get());
      if (node.op == Op::logical_and ? !l : l) return boolean(l);
      EvalResult right = child(1);
      if (!right) return right;
      return boolean(truthy(right->get()));
    }
    case Op::logical_not: {
      EvalResult operand = child(0);
      if (!operand) return operand;
      return boolean(!truthy(operand->get()));
    }
    default:
      break;
  }
  if (node.op == Op::negate) {
    EvalResult operand = child(0);
    if (!operand) return operand;
    return negate(operand->get());
  }
  EvalResult left = child(0);
  if (!left) return left;
  EvalResult right = child(1);
  if (!right) return right;
  const Value& a = left->get();
  const Value& b = right->get();
  switch (node.op) {
    case Op::equal:
      return boolean(deep_equal(a, b));
    case Op::not_equal:
      return boolean(!deep_equal(a, b));
    case Op::less:
    case Op::less_equal:
    case Op::greater:
    case Op::greater_equal: {
      auto order = compare(a, b);
      if (!order) return order.error();
      if (!order->has_value()) return boolean(false);
      const int c = **order;
      switch (node.op) {
        case Op::less:
          return boolean(c < 0);
        case Op::less_equal:
          return boolean(c <= 0);
        case Op::greater:
          return boolean(c > 0);
        default:
          return boolean(c >= 0);
      }
    }
    case Op::in:
    case Op::not_in: {
      auto found = contained(a, b);
      if (!found) return found.error();
      return boolean(node.op == Op::in ? *found : !*found);
    }
    default:
      break;
  }
  return arithmetic(node.op, std::move(*left), *right);
}

}  // namespace detail

Result<Expression, CompileError> Expression::compile(std::string_view text) {
  auto parsed = detail::parse(text);
  if (!parsed) return parsed.error();
  Expression e;
  e.text_ = std::string(text);
  e.root_ = std::move(parsed->root);
  e.roots_ = parsed->roots;
  e.references_ = std::move(parsed->references);
  e.changes_ = parsed->changes;
  return e;
}

EvalResult Expression::evaluate(const Scope& scope) const {
  if (!root_) return Evaluated::ref(null_value());
  return detail::evaluate_node(*root_, scope);
}

Result<bool, EvalError> Expression::test(const Scope& scope) const {
  EvalResult r = evaluate(scope);
  if (!r) return r.error();
  return truthy(r->get());
}

bool Expression::is_constant() const {
  return !root_ || root_->constant;
}

}  // namespace stashql::expr
