// `Type.field`: how pipeline files (`resolver:`) and `stashql run` name the field a pipeline
// resolves. One lookup, with one wording of what is wrong and graphql-js's "Did you mean …?",
// so an operator's typo reads the same in a file and on the command line.
#pragma once

#include <string>
#include <string_view>

#include <stashql/schema.hpp>

namespace stashql::pipeline {

struct NamedField {
  const Type* type = nullptr;
  const Field* field = nullptr;  // nullptr: `error` says why
  // `must be "Type.field", not "x"`; `the schema has no type "X". Did you mean "Y"?`;
  // `X is not an object type; …`; `type X has no field "y". Did you mean "z"?`
  std::string error;
};

NamedField find_named_field(const Schema& schema, std::string_view name);

}  // namespace stashql::pipeline
