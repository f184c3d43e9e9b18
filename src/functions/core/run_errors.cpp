// The wording of the core functions' run-time errors.
#include "functions/core/run_errors.hpp"

#include <string>
#include <utility>

namespace stashql::functions {

std::string_view kind_phrase(const Value& v) {
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

pipeline::StepOutcome key_error(std::string_view key, std::string_view message) {
  std::string text(key);
  text += ": ";
  text += message;
  return pipeline::StepOutcome::error(std::move(text));
}

}  // namespace stashql::functions
