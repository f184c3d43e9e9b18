// Formatting of load-time and response errors.
#include <stashql/error.hpp>
#include <stashql/json.hpp>

namespace stashql {

std::string SourceError::format() const {
  std::string out = file;
  if (loc.line != 0) {
    out += ':';
    out += std::to_string(loc.line);
    out += ':';
    out += std::to_string(loc.column);
  }
  out += ": ";
  out += message;
  return out;
}

void write_error(std::string& out, const GraphQLError& error) {
  out += "{\"message\":";
  write_json_string(out, error.message);
  if (!error.locations.empty()) {
    out += ",\"locations\":[";
    bool first = true;
    for (const Location& loc : error.locations) {
      if (!first) out += ',';
      first = false;
      out += "{\"line\":";
      out += std::to_string(loc.line);
      out += ",\"column\":";
      out += std::to_string(loc.column);
      out += '}';
    }
    out += ']';
  }
  if (!error.path.empty()) {
    out += ",\"path\":";
    write_json(out, Value(error.path));
  }
  if (error.extensions.is_object() && !error.extensions.as_object().empty()) {
    out += ",\"extensions\":";
    write_json(out, error.extensions);
  }
  out += '}';
}

}  // namespace stashql
