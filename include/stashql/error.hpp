// The two kinds of error users see: a SourceError points into a file at load time
// (`schema/app.graphql:12:3: Unknown type "Pots".`); a GraphQLError goes into a response's
// "errors" list, with locations in the request document and the path of the field.
#pragma once

#include <string>
#include <vector>

#include <stashql/ast.hpp>
#include <stashql/value.hpp>

namespace stashql {

struct SourceError {
  std::string file;
  Location loc;
  std::string message;

  // "file:line:column: message" (or "file: message" when the location is unknown).
  std::string format() const;
};

struct GraphQLError {
  std::string message;
  std::vector<Location> locations;
  List path;         // response path: field names (strings) and list indices (integers)
  Value extensions;  // null, or an object such as {"code": "NotFound"}
};

// Appends the error as a JSON object in the spec's shape (empty locations/path/extensions are
// omitted).
void write_error(std::string& out, const GraphQLError& error);

}  // namespace stashql
