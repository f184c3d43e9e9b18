// What the CLI prints for people: indented JSON, and the introspection query it runs.
#include <ostream>

#include <stashql/json.hpp>

#include "cli/commands.hpp"

namespace stashql::cli {
namespace {

void indent(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void write_value(std::string& out, const Value& v, int depth) {
  if (v.is_list() && !v.as_list().empty()) {
    out += '[';
    bool first = true;
    for (const Value& item : v.as_list()) {
      if (!first) out += ',';
      first = false;
      indent(out, depth + 1);
      write_value(out, item, depth + 1);
    }
    indent(out, depth);
    out += ']';
  } else if (v.is_object() && !v.as_object().empty()) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : v.as_object()) {
      if (!first) out += ',';
      first = false;
      indent(out, depth + 1);
      write_json_string(out, key);
      out += ": ";
      write_value(out, member, depth + 1);
    }
    indent(out, depth);
    out += '}';
  } else {
    write_json(out, v);
  }
}

}  // namespace

void write_pretty_json(std::string& out, const Value& v) {
  write_value(out, v, 0);
}

// Prints a response as indented JSON; 1 when it has errors.
int print_response(const std::string& response, std::ostream& out) {
  auto parsed = parse_json(response);
  if (!parsed.has_value()) {  // not expected: print it as it is
    out << response << "\n";
    return kResponseErrors;
  }
  std::string text;
  write_pretty_json(text, *parsed);
  out << text << "\n";
  return parsed->find("errors") != nullptr ? kResponseErrors : kOk;
}

constexpr std::string_view kIntrospectionQuery = R"graphql(query IntrospectionQuery {
  __schema {
    description
    queryType { name kind }
    mutationType { name kind }
    subscriptionType { name kind }
    types { ...FullType }
    directives {
      name
      description
      isRepeatable
      locations
      args(includeDeprecated: true) { ...InputValue }
    }
  }
}

fragment FullType on __Type {
  kind
  name
  description
  specifiedByURL
  fields(includeDeprecated: true) {
    name
    description
    args(includeDeprecated: true) { ...InputValue }
    type { ...TypeRef }
    isDeprecated
    deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) {
    name
    description
    isDeprecated
    deprecationReason
  }
  possibleTypes { ...TypeRef }
}

fragment InputValue on __InputValue {
  name
  description
  type { ...TypeRef }
  defaultValue
  isDeprecated
  deprecationReason
}

fragment TypeRef on __Type {
  kind
  name
  ofType {
    kind
    name
    ofType {
      kind
      name
      ofType {
        kind
        name
        ofType {
          kind
          name
          ofType {
            kind
            name
            ofType {
              kind
              name
              ofType {
                kind
                name
                ofType { kind name }
              }
            }
          }
        }
      }
    }
  }
}
)graphql";

std::string_view introspection_query() {
  return kIntrospectionQuery;
}

}  // namespace stashql::cli
