// The checks of `stashql check` about values: what a pipeline can end with, as far as its YAML
// tells (a `set` or `return` value written as a mapping or a list, a `result:`, a function's
// declared result kind), against its field's type (type-mismatch), and fields that no pipeline
// resolves and that no parent value carries (field-without-data). Anything a template
// computes is unknown, and unknown never warns: these checks stay quiet rather than guess.
#include <algorithm>
#include <string_view>

#include "pipeline/lint_walk.hpp"

namespace stashql::pipeline::lint {
namespace {

constexpr int kMaxDepth = 32;  // calls between functions; the loader rejects cycles anyway

// `"{{ expr }}"` alone keeps the expression's type, which the YAML does not tell.
bool single_expression(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return false;
  text = text.substr(begin, end - begin + 1);
  return text.size() >= 4 && text.substr(0, 2) == "{{" && text.substr(text.size() - 2) == "}}" &&
         text.find("{{", 2) == std::string_view::npos;
}

// A value as written in YAML (a step's argument).
Produced written(const Value& v) {
  Produced p;
  switch (v.kind()) {
    case Kind::null:
      p.shape = Shape::null;
      break;
    case Kind::boolean:
      p.shape = Shape::boolean;
      break;
    case Kind::integer:
      p.shape = Shape::integer;
      break;
    case Kind::number:
      p.shape = Shape::number;
      break;
    case Kind::string:
      p.shape = single_expression(v.as_string()) ? Shape::unknown : Shape::string;
      break;
    case Kind::list:
      p.shape = Shape::list;
      break;
    case Kind::object:
      p.shape = Shape::object;
      p.keys_known = true;
      for (const auto& [key, member] : v.as_object())
        p.keys.push_back(key);
      break;
  }
  return p;
}

// A compiled `result:`. A mapping tells its keys; a constant its value. Otherwise only a list
// has several templates in it: one template alone may be a string or a list of one.
Produced written(const expr::ValueTemplate& value) {
  if (std::optional<std::vector<std::string>> keys = value.keys()) {
    Produced p;
    p.shape = Shape::object;
    p.keys_known = true;
    p.keys = std::move(*keys);
    return p;
  }
  if (value.is_constant()) {
    auto rendered = value.render(expr::Scope{});
    if (rendered) return written(**rendered);
    return Produced{};
  }
  std::size_t templates = 0;
  value.for_each_template([&](const expr::Template&) { ++templates; });
  Produced p;
  p.shape = templates >= 2 ? Shape::list : Shape::unknown;
  return p;
}

Shape shape_of(ResultKind kind) {
  switch (kind) {
    case ResultKind::object:
      return Shape::object;
    case ResultKind::list:
      return Shape::list;
    case ResultKind::string:
      return Shape::string;
    case ResultKind::integer:
      return Shape::integer;
    case ResultKind::boolean:
      return Shape::boolean;
    case ResultKind::any:
      break;
  }
  return Shape::unknown;
}

std::vector<Produced> final_values(const StepList& list, int depth);

// The result of one step that runs to its end (not `return` or `fail`).
std::vector<Produced> step_values(const StepList& list, const Step& step, int depth) {
  auto placed = [&](Produced p) {
    p.list = &list;
    p.location = step.location;
    p.what = step_name(step);
    return p;
  };
  if (const Function* f = called_function(step)) {
    std::vector<Produced> out;
    for (Produced& p : final_values(f->body, depth + 1))
      out.push_back(placed(std::move(p)));
    return out;
  }
  if (step.use == "set") {
    if (const Value* v = step.arguments.find("value")) return {placed(written(*v))};
  }
  Produced p;
  p.shape = shape_of(step.result);
  return {placed(std::move(p))};
}

// What prev.result can be after the first `n` steps of `list`.
std::vector<Produced> values_after(const StepList& list, std::size_t n, int depth) {
  if (n == 0) {  // whatever the caller had: unknown
    Produced p;
    p.list = &list;
    return {p};
  }
  const Step& step = list.steps[n - 1];
  if (never_runs(step)) return values_after(list, n - 1, depth);
  std::vector<Produced> out;
  if (step.use != "return" && step.use != "fail") out = step_values(list, step, depth);
  if (step.condition) {  // skipped, prev.result stays
    std::vector<Produced> before = values_after(list, n - 1, depth);
    out.insert(out.end(), before.begin(), before.end());
  }
  return out;
}

std::vector<Produced> final_values(const StepList& list, int depth) {
  if (depth > kMaxDepth) return {Produced{}};
  std::vector<Produced> out;
  bool ended = false;
  for (std::size_t i = 0; i < list.steps.size() && !ended; ++i) {
    const Step& step = list.steps[i];
    if (step.use == "return" && !never_runs(step)) {
      if (const Value* v = step.arguments.find("value")) {
        Produced p = written(*v);
        p.list = &list;
        p.location = step.location;
        p.what = step_name(step);
        out.push_back(std::move(p));
      } else {
        std::vector<Produced> prev = values_after(list, i, depth);
        out.insert(out.end(), prev.begin(), prev.end());
      }
    }
    ended = always_ends(step);
  }
  if (ended) return out;
  if (list.result) {
    Produced p = written(*list.result);
    p.list = &list;
    p.location = list.result_location;
    p.what = "result:";
    out.push_back(std::move(p));
  } else {
    std::vector<Produced> last = values_after(list, list.steps.size(), depth);
    out.insert(out.end(), last.begin(), last.end());
  }
  return out;
}

// What a field of `type` needs, in words, when a value of `shape` cannot be one; empty when it
// can (or may: null and unknown always can).
std::string mismatch(TypeRef type, Shape shape) {
  if (shape == Shape::unknown || shape == Shape::null) return {};
  type = type.nullable();
  if (type.is_list()) return shape == Shape::list ? "" : "a list";
  const Type* named = type.named();
  if (named->is_composite()) return shape == Shape::object ? "" : "an object";
  const bool structured = shape == Shape::list || shape == Shape::object;
  if (named->kind == TypeKind::enumeration) return structured ? "one of its values" : "";
  // A custom scalar may be anything (a JSON scalar holds objects); built-ins hold no structure.
  if (named->built_in) return structured ? "a single " + named->name : "";
  return {};
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

std::string_view describe(Shape shape) {
  switch (shape) {
    case Shape::unknown:
      return "a value";
    case Shape::null:
      return "null";
    case Shape::object:
      return "an object";
    case Shape::list:
      return "a list";
    case Shape::string:
      return "a string";
    case Shape::integer:
      return "an integer";
    case Shape::number:
      return "a number";
    case Shape::boolean:
      return "a boolean";
  }
  return "a value";
}

std::vector<Produced> final_values(const StepList& list) {
  return final_values(list, 0);
}

// field-without-data, root fields: with no pipeline, the root value is their parent.
void Linter::check_root_fields() {
  const Value* root_value = app_.engine->root_value.get();
  for (const auto op : {ast::OperationType::query, ast::OperationType::mutation,
                        ast::OperationType::subscription}) {
    const Type* root = schema_.root_type(op);
    if (root == nullptr) continue;
    const std::string keyword(ast::operation_keyword(op));
    const Value* parent = root_value != nullptr ? root_value->find(keyword) : nullptr;
    for (const Field& field : root->fields) {
      if (resolvers_.find(field) != nullptr) continue;
      if (parent != nullptr && parent->find(field.name) != nullptr) continue;
      const std::string name = root->name + "." + field.name;
      warn("field-without-data", root->file, field.loc,
           name + " has no pipeline, and " +
               (root_value == nullptr
                    ? std::string("the app has no root_value")
                    : "the root value has no \"" + keyword + "\": {\"" + field.name + "\": …}") +
               ", so it is always null: add a pipeline (`resolver: " + name + "`)" +
               (root_value == nullptr ? "" : " or the property to the root value"));
    }
  }
}

// field-without-data, other object types: a field with no pipeline reads its parent's property.
// When every field that returns this type has a pipeline whose values are all written as
// mappings, the properties are known: a field none of them has is always null.
void Linter::check_object_fields() {
  std::vector<const Type*> roots = {schema_.query_type(), schema_.mutation_type(),
                                    schema_.subscription_type()};
  for (const Type* type : schema_.types()) {
    if (type->built_in || type->kind != TypeKind::object) continue;
    if (std::find(roots.begin(), roots.end(), type) != roots.end()) continue;
    bool known = true;
    std::vector<Produced> objects;
    std::vector<std::string> producers;
    for (const Type* parent : schema_.types()) {
      if (!known) break;
      if (parent->built_in || parent->kind != TypeKind::object) continue;
      for (const Field& field : parent->fields) {
        const Type* named = field.type.named();
        if (named != type) {
          // Through an interface or a union: which objects are this type is not known.
          if (named->is_abstract() && named->is_possible_type(type)) known = false;
          continue;
        }
        const auto* pipeline = dynamic_cast<const Pipeline*>(resolvers_.find(field));
        if (pipeline == nullptr || has_list(field.type)) {
          known = false;
          continue;
        }
        producers.push_back(parent->name + "." + field.name);
        for (Produced& p : final_values(pipeline->steps())) {
          if (p.shape == Shape::null) continue;
          if (p.shape != Shape::object || !p.keys_known) known = false;
          objects.push_back(std::move(p));
        }
      }
    }
    if (!known || objects.empty()) continue;
    for (const Field& field : type->fields) {
      if (resolvers_.find(field) != nullptr) continue;
      const bool carried = std::any_of(objects.begin(), objects.end(), [&](const Produced& p) {
        return std::find(p.keys.begin(), p.keys.end(), field.name) != p.keys.end();
      });
      if (carried) continue;
      const std::string name = type->name + "." + field.name;
      warn("field-without-data", type->file, field.loc,
           name + " has no pipeline, and the objects that " + joined(producers) +
               " return have no \"" + field.name +
               "\", so it is always null: add a pipeline (`resolver: " + name +
               "`) or the key to what they return");
    }
  }
}

// type-mismatch: what a pipeline can end with, against its field's type.
void Linter::check_result_types() {
  for (const PipelineEntry& entry : pipelines_) {
    for (const Produced& p : final_values(entry.pipeline->steps())) {
      const std::string needed = mismatch(entry.field->type, p.shape);
      if (needed.empty() || p.list == nullptr) continue;
      warn("type-mismatch", *p.list, p.location,
           p.what + " gives " + std::string(describe(p.shape)) + ", but " + entry.name + " is a " +
               entry.field->type.to_string() + ", which needs " + needed +
               ": the field fails whenever the value is not null");
    }
  }
}

}  // namespace stashql::pipeline::lint
