// Finding the field of a `Type.field` name (see field_name.hpp).
#include "pipeline/field_name.hpp"

#include <vector>

#include "graphql/did_you_mean.hpp"
#include "pipeline/config.hpp"

namespace stashql::pipeline {

NamedField find_named_field(const Schema& schema, std::string_view name) {
  using config::in_quotes;
  NamedField out;
  const std::size_t dot = name.find('.');
  if (dot == std::string_view::npos || name.find('.', dot + 1) != std::string_view::npos) {
    out.error = "must be \"Type.field\", not " + in_quotes(name);
    return out;
  }
  const std::string_view type_name = name.substr(0, dot);
  const std::string_view field_name = name.substr(dot + 1);
  out.type = schema.type(type_name);
  if (out.type == nullptr || out.type->built_in) {
    std::vector<std::string_view> options;
    for (const Type* t : schema.types()) {
      if (t->kind == TypeKind::object && !t->built_in) options.push_back(t->name);
    }
    out.type = nullptr;
    out.error = "the schema has no type " + in_quotes(type_name) + "." +
                did_you_mean(suggestion_list(type_name, options));
    return out;
  }
  if (out.type->kind != TypeKind::object) {
    out.error =
        std::string(type_name) + " is not an object type; pipelines resolve fields of object types";
    return out;
  }
  out.field = out.type->field(field_name);
  if (out.field == nullptr) {
    std::vector<std::string_view> options;
    for (const Field& f : out.type->fields)
      options.push_back(f.name);
    out.error = "type " + std::string(type_name) + " has no field " + in_quotes(field_name) + "." +
                did_you_mean(suggestion_list(field_name, options));
  }
  return out;
}

}  // namespace stashql::pipeline
