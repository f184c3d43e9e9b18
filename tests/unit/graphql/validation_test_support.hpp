// Shared by the validation tests: the test schema (validation_schema.graphql, built once)
// and validation errors as comparable strings, "message @ line:column line:column".
#pragma once

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include <stashql/parser.hpp>
#include <stashql/schema.hpp>
#include <stashql/validation.hpp>

namespace stashql::validation_test {

inline std::shared_ptr<const Schema> build_schema(const std::string& sdl) {
  auto schema = Schema::build({SdlSource{"test.graphql", sdl}});
  if (!schema) {
    std::string problems;
    for (const SourceError& error : schema.error())
      problems += error.format() + "\n";
    ADD_FAILURE() << "test schema does not build:\n" << problems;
    return nullptr;
  }
  return *schema;
}

inline const Schema& test_schema() {
  static const std::shared_ptr<const Schema> schema = [] {
    std::ifstream file(std::string(STASHQL_TEST_DATA) + "/unit/graphql/validation_schema.graphql");
    std::stringstream text;
    text << file.rdbuf();
    return build_schema(text.str());
  }();
  return *schema;
}

inline std::string format_error(const GraphQLError& error) {
  std::string out = error.message;
  if (!error.locations.empty()) out += " @";
  for (const Location& loc : error.locations) {
    out += " " + std::to_string(loc.line) + ":" + std::to_string(loc.column);
  }
  return out;
}

inline std::vector<std::string> errors_with(const Schema& schema, std::string_view query,
                                            ValidationLimits limits = {}) {
  auto document = parse(query);
  if (!document) {
    ADD_FAILURE() << "query does not parse: " << document.error().message;
    return {"<syntax error>"};
  }
  std::vector<std::string> out;
  for (const GraphQLError& error : validate(schema, *document, limits)) {
    out.push_back(format_error(error));
  }
  return out;
}

// The errors of `query` against the test schema.
inline std::vector<std::string> errors(std::string_view query, ValidationLimits limits = {}) {
  return errors_with(test_schema(), query, limits);
}

using Errors = std::vector<std::string>;

}  // namespace stashql::validation_test
