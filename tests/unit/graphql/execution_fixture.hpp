// A schema, resolvers and a runner shared by the execution tests: documents are parsed and
// executed directly (no validation), with a root value and variables given as JSON, so each
// test reads as query + data -> the exact response graphql-js 16 gives for them.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <stashql/execution.hpp>
#include <stashql/json.hpp>
#include <stashql/parser.hpp>
#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>

namespace stashql::testing {

inline constexpr std::string_view kExecutionSchema = R"(
type Query {
  hello: String
  int: Int
  float: Float
  bool: Boolean
  id: ID
  str: String
  nonNullString: String!
  color: Color
  colors: [Color]
  list: [Int]
  nonNullItems: [Int!]
  nonNullList: [Int]!
  nested: [[Int!]]
  obj: Obj
  objs: [Obj]
  nonNullObj: Obj!
  pet: Pet
  pets: [Pet]
  search: [SearchResult]
  json: JSON
  echo(arg: String, int: Int, float: Float, id: ID, list: [Int], input: Input, color: Color,
       req: Int!, def: Int = 42, flag: Boolean): String
  echoNonNull(req: Int!): String!
}
scalar JSON
enum Color { RED GREEN BLUE }
type Obj { a: String b: Int! c: Obj d: [Obj!] e: String }
interface Pet { name: String }
type Dog implements Pet { name: String barks: Boolean }
type Cat implements Pet { name: String meows: Boolean }
union SearchResult = Dog | Cat | Obj
input Input { x: Int! y: String = "dflt" z: [Int] nested: Input c: Color }
type Mutation { first: Int second: Int third: Int! }
)";

// Answers with its coerced arguments as JSON text, as graphql-js's `(args) =>
// JSON.stringify(args)`.
class EchoResolver : public FieldResolver {
 public:
  Resolved resolve(const ResolveInfo& info) const override {
    return Resolved::of(Value(to_json(info.args)));
  }
};

inline std::shared_ptr<const Schema> build_schema(std::string_view sdl) {
  auto built = Schema::build({SdlSource{"test.graphql", std::string(sdl)}});
  if (!built) {
    for (const SourceError& e : built.error())
      ADD_FAILURE() << e.format();
    return nullptr;
  }
  return *built;
}

struct ExecutionFixture {
  std::shared_ptr<const Schema> schema = build_schema(kExecutionSchema);
  Resolvers resolvers;

  ExecutionFixture() {
    auto echo = std::make_shared<EchoResolver>();
    resolvers.set(*schema->query_type()->field("echo"), echo);
    resolvers.set(*schema->query_type()->field("echoNonNull"), echo);
  }

  // Executes `query` against `root_json` with `variables_json` (nullptr: none) and returns the
  // response text.
  std::string run(std::string_view query, std::string_view root_json = "{}",
                  const char* variables_json = nullptr, std::string_view operation_name = {},
                  const Resolvers* with = nullptr, RequestContext* context = nullptr) const {
    auto document = parse(query);
    if (!document) {
      ADD_FAILURE() << "syntax error: " << document.error().message;
      return {};
    }
    auto operation = select_operation(*document, operation_name);
    if (!operation) {
      ADD_FAILURE() << operation.error().message;
      return {};
    }
    auto root = parse_json(root_json);
    if (!root) {
      ADD_FAILURE() << "bad root JSON: " << root.error().message;
      return {};
    }
    Value variables;
    if (variables_json != nullptr) {
      auto parsed = parse_json(variables_json);
      if (!parsed) {
        ADD_FAILURE() << "bad variables JSON: " << parsed.error().message;
        return {};
      }
      variables = std::move(*parsed);
    }
    ExecutionRequest request;
    request.schema = schema.get();
    request.document = &*document;
    request.operation = *operation;
    request.variables = variables_json != nullptr ? &variables : nullptr;
    request.root_value = &*root;
    request.resolvers = with != nullptr ? with : &resolvers;
    request.context = context;
    std::string out;
    execute_blocking(request, out);
    return out;
  }
};

inline const ExecutionFixture& fixture() {
  static const ExecutionFixture kFixture;
  return kFixture;
}

}  // namespace stashql::testing
