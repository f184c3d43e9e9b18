// Templates (`"user:{{ identity.username }}"`) and value templates (a step argument whose
// strings may be templates). The scanner finds each `{{ … }}` by skipping the expression's
// string literals and nested braces, so `{{ {a: {b: 1}} }}` is one expression. Anything
// constant is rendered once, at compile time, and later renders as a reference to it.
#include <string>
#include <utility>

#include <stashql/expression.hpp>

#include "pipeline/expression_node.hpp"

namespace stashql::expr {
namespace {

bool is_blank(std::string_view s) {
  for (const char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

// The offset of the `}}` that closes an expression starting at `from`, or npos. Quoted strings
// are skipped whole; a `}` closing an object literal is not the template's end.
std::size_t find_close(std::string_view text, std::size_t from) {
  std::size_t depth = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      for (++i; i < text.size() && text[i] != c; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (i >= text.size()) return std::string_view::npos;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth == 0 && i + 1 < text.size() && text[i + 1] == '}') return i;
      if (depth > 0) --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Result<Template, CompileError> Template::compile(std::string_view text) {
  Template t;
  t.text_ = std::string(text);
  std::string literal;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "\\{{") == 0) {
      literal += "{{";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "{{") != 0) {
      literal += text[i++];
      continue;
    }
    const std::size_t start = i + 2;
    const std::size_t close = find_close(text, start);
    if (close == std::string_view::npos) {
      return CompileError{"unterminated {{: expected }} to close it", i};
    }
    const std::string_view source = text.substr(start, close - start);
    if (is_blank(source)) return CompileError{"empty {{ }}: expected an expression inside", i};
    auto expression = Expression::compile(source);
    if (!expression) {
      return CompileError{expression.error().message, start + expression.error().offset};
    }
    t.parts_.push_back(Part{std::move(literal), std::move(*expression), start});
    literal.clear();
    i = close + 2;
  }
  if (t.parts_.empty()) {
    t.constant_ = Value(std::move(literal));
    return t;
  }
  const bool surrounded_by_blanks = is_blank(literal) && is_blank(t.parts_.front().literal);
  t.single_ = t.parts_.size() == 1 && surrounded_by_blanks;
  if (!literal.empty()) t.parts_.push_back(Part{std::move(literal), std::nullopt, text.size()});
  if (t.is_constant()) {
    // Rendered once; a constant that fails (`{{ 1 / 0 }}`) is left to fail at each render.
    EvalResult folded = t.render(Scope{});
    if (folded) {
      t.constant_ = std::move(*folded).take();
      t.parts_.clear();
      t.single_ = false;
    }
  }
  return t;
}

EvalResult Template::render(const Scope& scope) const {
  if (parts_.empty()) return Evaluated::ref(constant_);
  if (single_) return parts_.front().expr->evaluate(scope);
  std::string out;
  for (const Part& part : parts_) {
    out += part.literal;
    if (!part.expr) continue;
    EvalResult v = part.expr->evaluate(scope);
    if (!v) return v;
    append_as_text(out, v->get());
    if (out.size() > detail::kMaxBuiltBytes) {
      return EvalError{"the template's text would be larger than " +
                       std::to_string(detail::kMaxBuiltBytes >> 20) + " MiB"};
    }
  }
  return Evaluated::of(Value(std::move(out)));
}

RootSet Template::roots() const {
  RootSet roots = 0;
  for (const Part& part : parts_) {
    if (part.expr) roots |= part.expr->roots();
  }
  return roots;
}

std::vector<Reference> Template::references() const {
  std::vector<Reference> out;
  for (const Part& part : parts_) {
    if (!part.expr) continue;
    for (const Reference& r : part.expr->references()) {
      out.push_back(Reference{r.root, r.first_key, r.offset + part.offset});
    }
  }
  return out;
}

bool Template::changes() const {
  for (const Part& part : parts_) {
    if (part.expr && part.expr->changes()) return true;
  }
  return false;
}

bool Template::is_constant() const {
  for (const Part& part : parts_) {
    if (part.expr && !part.expr->is_constant()) return false;
  }
  return true;
}

// ---- ValueTemplate --------------------------------------------------------------------------

ValueTemplate ValueTemplate::constant(Value v) {
  ValueTemplate t;
  t.constant_ = std::move(v);
  return t;
}

ValueTemplate ValueTemplate::of(Template tmpl) {
  ValueTemplate t;
  if (tmpl.is_constant()) {
    EvalResult rendered = tmpl.render(Scope{});
    if (rendered) {
      t.constant_ = std::move(*rendered).take();
      t.template_ = std::make_shared<const Template>(std::move(tmpl));
      return t;
    }
  }
  t.kind_ = Kind::string;
  t.roots_ = tmpl.roots();
  t.template_ = std::make_shared<const Template>(std::move(tmpl));
  return t;
}

ValueTemplate ValueTemplate::list(std::vector<ValueTemplate> items) {
  ValueTemplate t;
  bool constant = true;
  for (const ValueTemplate& item : items) {
    constant = constant && item.is_constant();
    t.roots_ |= item.roots_;
  }
  if (constant) {
    List values;
    values.reserve(items.size());
    for (const ValueTemplate& item : items)
      values.push_back(item.constant_);
    t.constant_ = Value(std::move(values));
  } else {
    t.kind_ = Kind::list;
  }
  // Kept even when folded, so that for_each_template still sees every template.
  t.children_.reserve(items.size());
  for (ValueTemplate& item : items)
    t.children_.emplace_back(std::string(), std::move(item));
  return t;
}

ValueTemplate ValueTemplate::object(std::vector<std::pair<std::string, ValueTemplate>> members) {
  ValueTemplate t;
  bool constant = true;
  for (const auto& member : members) {
    constant = constant && member.second.is_constant();
    t.roots_ |= member.second.roots_;
  }
  if (constant) {
    Object values;
    values.reserve(members.size());
    for (const auto& [key, member] : members)
      values.emplace_back(key, member.constant_);
    t.constant_ = Value(std::move(values));
  } else {
    t.kind_ = Kind::object;
  }
  t.children_ = std::move(members);
  return t;
}

EvalResult ValueTemplate::render(const Scope& scope) const {
  switch (kind_) {
    case Kind::constant:
      return Evaluated::ref(constant_);
    case Kind::string:
      return template_->render(scope);
    case Kind::list: {
      List items;
      items.reserve(children_.size());
      for (const auto& child : children_) {
        EvalResult item = child.second.render(scope);
        if (!item) return item;
        items.push_back(std::move(*item).take());
      }
      return Evaluated::of(Value(std::move(items)));
    }
    case Kind::object: {
      Object members;
      members.reserve(children_.size());
      for (const auto& [key, child] : children_) {
        EvalResult value = child.render(scope);
        if (!value) return value;
        members.emplace_back(key, std::move(*value).take());
      }
      return Evaluated::of(Value(std::move(members)));
    }
  }
  return Evaluated::ref(null_value());
}

std::optional<std::vector<std::string>> ValueTemplate::keys() const {
  std::vector<std::string> out;
  if (kind_ == Kind::object) {
    for (const auto& child : children_)
      out.push_back(child.first);
    return out;
  }
  if (kind_ == Kind::constant && constant_.is_object()) {
    for (const auto& member : constant_.as_object())
      out.push_back(member.first);
    return out;
  }
  return std::nullopt;
}

void ValueTemplate::for_each_template(const std::function<void(const Template&)>& fn) const {
  if (template_) fn(*template_);
  for (const auto& child : children_)
    child.second.for_each_template(fn);
}

}  // namespace stashql::expr
