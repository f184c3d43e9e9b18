// Expressions and templates: the small language of pipeline files, compiled once at load time
// and evaluated per request against the context roots (args, source, identity, headers, info,
// stash, prev, item). An expression is what `if:` and `where:` hold (`stash.user == null`); a
// template is a string with `{{ expr }}` in it: `"{{ expr }}"` alone keeps the value's type,
// inside a longer string it interpolates. A ValueTemplate is a YAML value (mapping, list,
// scalar) whose strings may be templates. Evaluation never throws: a path into a scalar or a
// type mismatch is an EvalError. Reading a path copies nothing: the result refers into the
// scope.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <stashql/result.hpp>
#include <stashql/value.hpp>

namespace stashql::expr {

// The context roots, in the order of Scope::roots.
enum class Root : std::uint8_t { args, source, identity, headers, info, stash, prev, item };
inline constexpr std::size_t kRootCount = 8;

// "args", "source", … ; the spelling of a root in expressions.
std::string_view root_name(Root root);

// A set of roots, as bits (1 << Root).
using RootSet = std::uint8_t;
constexpr RootSet root_bit(Root r) {
  return static_cast<RootSet>(1U << static_cast<unsigned>(r));
}

// What an expression reads: one value per root; nullptr reads as null. `prev` is the previous
// step's result itself: the expression `prev.result.x` reads roots[prev].x (there is nothing
// else under `prev`).
struct Scope {
  std::array<const Value*, kRootCount> roots{};

  const Value* get(Root r) const { return roots[static_cast<std::size_t>(r)]; }
  void set(Root r, const Value* v) { roots[static_cast<std::size_t>(r)] = v; }
};

// A compile error; `offset` is the byte offset in the source text where it was found.
struct CompileError {
  std::string message;
  std::size_t offset = 0;
};

// A run-time error (a path into a string, `<` between a string and a number, a bad argument
// to a function). The message names the part of the expression, in the author's words.
struct EvalError {
  std::string message;
};

// The value of an expression: a reference into the scope (or into the compiled expression's
// constants) when it only read a path or a literal, or a value it computed.
class Evaluated {
 public:
  Evaluated() = default;
  static Evaluated ref(const Value& v) {
    Evaluated e;
    e.ref_ = &v;
    return e;
  }
  static Evaluated of(Value v) {
    Evaluated e;
    e.owned_ = std::move(v);
    return e;
  }

  const Value& get() const { return ref_ != nullptr ? *ref_ : owned_; }
  const Value* operator->() const { return &get(); }
  const Value& operator*() const { return get(); }
  bool is_ref() const { return ref_ != nullptr; }
  // The value, owned: moved out when computed, copied when it refers into the scope.
  Value take() && { return ref_ != nullptr ? Value(*ref_) : std::move(owned_); }

 private:
  const Value* ref_ = nullptr;
  Value owned_;
};

using EvalResult = Result<Evaluated, EvalError>;

// Where a path that starts at a root goes first: `args.input.title` → {args, "input", offset}.
// The loader checks these at load time (`args.x` where the field has no argument x).
struct Reference {
  Root root;
  std::string first_key;  // empty when the root is used whole or indexed by an expression
  std::size_t offset;     // byte offset of the root's name in the source text
};

namespace detail {
struct Node;
}

// JavaScript's truthiness: false, null, 0, NaN and "" are false; everything else is true
// (empty lists and objects too). `if:`, `where:`, `and`, `or`, `not` and `?:` use it.
bool truthy(const Value& v);

// How messages name a value's kind: "null", "a boolean", "an integer", "a number", "a string",
// "a list", "an object". Unit functions word their errors with it too.
std::string_view describe_kind(const Value& v);

// How a value reads inside a longer string: strings as they are, numbers and booleans as in
// JSON, null as the empty string, lists and objects as compact JSON.
void append_as_text(std::string& out, const Value& v);

class Expression {
 public:
  // Compiles an expression (no braces): `stash.used > stash.user.maxPosts`. Errors: syntax,
  // an unknown root or function, a function called with the wrong number of arguments,
  // `prev.` followed by anything but `result`.
  static Result<Expression, CompileError> compile(std::string_view text);

  EvalResult evaluate(const Scope& scope) const;
  // evaluate() then truthy().
  Result<bool, EvalError> test(const Scope& scope) const;

  const std::string& text() const { return text_; }
  // The roots it reads, and where each path starting at a root goes first.
  RootSet roots() const { return roots_; }
  const std::vector<Reference>& references() const { return references_; }
  // True when it reads no root and calls no function whose value changes (uuid, now).
  bool is_constant() const;
  // True when it calls a function whose value changes from one call to the next (uuid, now).
  bool changes() const { return changes_; }

 private:
  std::string text_;
  std::shared_ptr<const detail::Node> root_;
  RootSet roots_ = 0;
  bool changes_ = false;
  std::vector<Reference> references_;
};

// A string that may hold `{{ expr }}` parts. Braces inside an expression's string literals or
// object literals do not end it; `\{{` is a literal `{{`.
class Template {
 public:
  static Result<Template, CompileError> compile(std::string_view text);

  // A single `{{ expr }}` (surrounding spaces allowed): the expression's value with its type.
  // Otherwise a string: the literal parts and each expression's append_as_text. With no
  // `{{` at all, the string itself (a reference: nothing is copied).
  EvalResult render(const Scope& scope) const;

  const std::string& text() const { return text_; }
  RootSet roots() const;
  std::vector<Reference> references() const;  // offsets are into text()
  bool is_constant() const;
  bool changes() const;  // one of its expressions does (Expression::changes)

 private:
  struct Part {
    std::string literal;             // text before the expression (`\{{` already unescaped)
    std::optional<Expression> expr;  // none for a trailing literal
    std::size_t offset = 0;          // of the expression's text in text_
  };
  std::string text_;
  // The rendered value when parts_ is empty: the text itself when there is no expression, or
  // the value of constant expressions, rendered once at compile time.
  Value constant_;
  std::vector<Part> parts_;
  bool single_ = false;  // exactly one expression and nothing else but blanks
};

// A value whose strings may be templates: a step's argument such as
// `value: { postId: "{{ uuid() }}", title: "{{ args.input.title }}" }`. Parts with no
// template are kept as constants; a wholly constant value renders as a reference to it.
class ValueTemplate {
 public:
  ValueTemplate() = default;  // the constant null
  static ValueTemplate constant(Value v);
  static ValueTemplate of(Template t);  // a string: constant when it has no `{{`
  static ValueTemplate list(std::vector<ValueTemplate> items);
  static ValueTemplate object(std::vector<std::pair<std::string, ValueTemplate>> members);

  EvalResult render(const Scope& scope) const;

  bool is_constant() const { return kind_ == Kind::constant; }
  RootSet roots() const { return roots_; }
  // The keys of a value written as a mapping, in order, for checks at load time (header
  // names, query parameters); nullopt for anything else (a template may still render an
  // object).
  std::optional<std::vector<std::string>> keys() const;
  // Every reference of every template inside, with the template it belongs to.
  void for_each_template(const std::function<void(const Template&)>& fn) const;

 private:
  enum class Kind : std::uint8_t { constant, string, list, object };
  Kind kind_ = Kind::constant;
  Value constant_;
  std::shared_ptr<const Template> template_;
  // Keys are empty for a list. Kept when the tree folds, so for_each_template sees every part.
  std::vector<std::pair<std::string, ValueTemplate>> children_;
  RootSet roots_ = 0;
};

}  // namespace stashql::expr
