// Schema::build: types, fields and directives from SDL files and their extensions, the
// built-ins, graphql-js's type map order, and every SDL and type system rule with its
// graphql-js message and file:line:column. Messages were checked against graphql-js 16.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <stashql/parser.hpp>
#include <stashql/schema.hpp>

namespace stashql {
namespace {

std::shared_ptr<const Schema> build_ok(const std::vector<SdlSource>& sources) {
  auto result = Schema::build(sources);
  if (!result.has_value()) {
    std::string all;
    for (const SourceError& e : result.error())
      all += e.format() + "\n";
    ADD_FAILURE() << all;
    return nullptr;
  }
  return *result;
}

std::shared_ptr<const Schema> build_ok(const std::string& sdl) {
  return build_ok({{"schema.graphql", sdl}});
}

std::vector<std::string> errors_of(const std::vector<SdlSource>& sources) {
  auto result = Schema::build(sources);
  std::vector<std::string> out;
  if (result.has_value()) return out;
  for (const SourceError& e : result.error())
    out.push_back(e.format());
  return out;
}

std::vector<std::string> errors_of(const std::string& sdl) {
  return errors_of({{"s.graphql", sdl}});
}

std::vector<std::string> names(const std::vector<const Type*>& types) {
  std::vector<std::string> out;
  for (const Type* t : types)
    out.push_back(t->name);
  return out;
}

using Strings = std::vector<std::string>;

// ---- building ----

TEST(SchemaBuild, TypesFieldsArgumentsAndWhereTheyWereDefined) {
  auto schema = build_ok(
      "\"The root\"\n"
      "type Query {\n"
      "  \"A post\"\n"
      "  post(id: ID!, limit: Int = 10): Post\n"
      "  posts: [Post!]!\n"
      "}\n"
      "type Post { id: ID! title: String }\n");
  ASSERT_TRUE(schema);
  const Type* query = schema->query_type();
  ASSERT_NE(query, nullptr);
  EXPECT_EQ(query->name, "Query");
  EXPECT_EQ(query->kind, TypeKind::object);
  EXPECT_EQ(query->description, "The root");
  EXPECT_EQ(query->file, "schema.graphql");
  EXPECT_EQ(query->loc, (Location{1, 1}));
  EXPECT_FALSE(query->built_in);

  const Field* post = query->field("post");
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->description, "A post");
  EXPECT_EQ(post->type.to_string(), "Post");
  EXPECT_EQ(post->type.named(), schema->type("Post"));
  EXPECT_EQ(post->loc, (Location{3, 3}));
  ASSERT_EQ(post->arguments.size(), 2U);
  EXPECT_EQ(post->argument("id")->type.to_string(), "ID!");
  ASSERT_TRUE(post->argument("limit")->default_value.has_value());
  EXPECT_EQ(print_value(*post->argument("limit")->default_value), "10");
  EXPECT_EQ(post->argument("nope"), nullptr);
  EXPECT_EQ(query->field("posts")->type.to_string(), "[Post!]!");
  EXPECT_EQ(query->field("nope"), nullptr);
  EXPECT_EQ(schema->mutation_type(), nullptr);
  EXPECT_EQ(schema->subscription_type(), nullptr);
}

TEST(SchemaBuild, MergesExtensionsOfEveryKindAcrossFiles) {
  auto schema = build_ok({
      {"a.graphql",
       "type Query { a: Int }\n"
       "interface Node { id: ID! }\n"
       "type Thing { id: ID! }\n"
       "union U = Thing\n"
       "enum E { A }\n"
       "input In { a: Int }\n"
       "scalar Date\n"
       "directive @tag on OBJECT | SCALAR\n"},
      {"b.graphql",
       "extend type Query { b: String }\n"
       "extend type Thing implements Node @tag\n"
       "type Other { x: Int }\n"
       "extend union U = Other\n"
       "extend enum E { B }\n"
       "extend input In { b: String }\n"
       "extend scalar Date @specifiedBy(url: \"https://example.com\")\n"
       "extend interface Node { name: String }\n"
       "extend type Thing { name: String }\n"
       "type Mutation { m: Int }\n"
       "extend schema { subscription: Sub }\n"
       "type Sub { s: Int }\n"},
  });
  ASSERT_TRUE(schema);
  const Type* query = schema->query_type();
  EXPECT_NE(query->field("a"), nullptr);
  EXPECT_NE(query->field("b"), nullptr);
  const Type* thing = schema->type("Thing");
  EXPECT_TRUE(thing->implements(schema->type("Node")));
  EXPECT_NE(thing->field("name"), nullptr);
  EXPECT_EQ(names(schema->type("U")->possible_types), (Strings{"Thing", "Other"}));
  ASSERT_EQ(schema->type("E")->enum_values.size(), 2U);
  EXPECT_EQ(schema->type("E")->enum_values[1].name, "B");
  EXPECT_NE(schema->type("In")->input_field("b"), nullptr);
  EXPECT_EQ(schema->type("Date")->specified_by_url, "https://example.com");
  EXPECT_NE(schema->type("Node")->field("name"), nullptr);
  EXPECT_EQ(schema->type("Other")->file, "b.graphql");
  // Without a schema definition, extensions and the conventional names pick the roots.
  EXPECT_EQ(schema->mutation_type(), schema->type("Mutation"));
  EXPECT_EQ(schema->subscription_type(), schema->type("Sub"));
}

TEST(SchemaBuild, RootTypesFromTheSchemaDefinition) {
  auto schema = build_ok(
      "\"Described\" schema { query: Root mutation: Write }\n"
      "type Root { a: Int }\n"
      "type Write { b: Int }\n"
      "type Query { c: Int }\n"
      "extend schema { subscription: Events }\n"
      "type Events { e: Int }\n");
  ASSERT_TRUE(schema);
  EXPECT_EQ(schema->query_type()->name, "Root");
  EXPECT_EQ(schema->mutation_type()->name, "Write");
  EXPECT_EQ(schema->subscription_type()->name, "Events");
  EXPECT_EQ(schema->root_type(ast::OperationType::mutation)->name, "Write");
  EXPECT_EQ(schema->description(), "Described");
}

TEST(SchemaBuild, DeprecationReasonsAndSpecifiedByUrl) {
  auto schema = build_ok(
      "type Query {\n"
      "  a: Int @deprecated\n"
      "  b(x: Int @deprecated(reason: \"use y\"), y: Int): Int @deprecated(reason: \"gone\")\n"
      "  c: E\n"
      "  d(i: In): Int\n"
      "  e: Int @deprecated(reason: null)\n"
      "}\n"
      "enum E { A @deprecated B }\n"
      "input In { f: Int @deprecated }\n"
      "scalar Url @specifiedBy(url: \"https://tools.ietf.org/html/rfc3986\")\n");
  ASSERT_TRUE(schema);
  const Type* query = schema->query_type();
  EXPECT_TRUE(query->field("a")->deprecated);
  EXPECT_EQ(query->field("a")->deprecation_reason, "No longer supported");
  EXPECT_EQ(query->field("b")->deprecation_reason, "gone");
  EXPECT_TRUE(query->field("b")->argument("x")->deprecated);
  EXPECT_EQ(query->field("b")->argument("x")->deprecation_reason, "use y");
  EXPECT_FALSE(query->field("b")->argument("y")->deprecated);
  EXPECT_FALSE(query->field("e")->deprecated);  // a null reason is no deprecation (graphql-js)
  EXPECT_TRUE(schema->type("E")->enum_value("A")->deprecated);
  EXPECT_FALSE(schema->type("E")->enum_value("B")->deprecated);
  EXPECT_TRUE(schema->type("In")->input_field("f")->deprecated);
  EXPECT_EQ(schema->type("Url")->specified_by_url, "https://tools.ietf.org/html/rfc3986");
}

TEST(SchemaBuild, TypeMapFollowsGraphqlJsOrderAndLeavesOutUnusedScalars) {
  // The order graphql-js's buildSchema gives this SDL (Object.keys(schema.getTypeMap())).
  auto schema = build_ok(
      "type Query { a: Foo b(x: Float): Boolean }\n"
      "type Foo { id: ID! bar: Bar }\n"
      "directive @d(x: In) on FIELD\n"
      "input In { s: String }\n"
      "type Bar { n: Int }\n");
  ASSERT_TRUE(schema);
  EXPECT_EQ(names(schema->types()),
            (Strings{"Query", "Boolean", "Float", "Foo", "ID", "In", "String", "Bar", "Int",
                     "__Schema", "__Type", "__TypeKind", "__Field", "__InputValue", "__EnumValue",
                     "__Directive", "__DirectiveLocation"}));

  auto small = build_ok("type Query { a: String }");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->type("Float"), nullptr);
  EXPECT_EQ(small->type("ID"), nullptr);
  EXPECT_NE(small->type("Boolean"), nullptr);  // @include and @skip use it
  ASSERT_NE(small->float_type(), nullptr);     // still there for coercion
  EXPECT_EQ(small->float_type()->name, "Float");
  EXPECT_TRUE(small->int_type()->built_in);
}

TEST(SchemaBuild, PossibleTypesOfInterfacesAndUnions) {
  auto schema = build_ok(
      "type Query { n: Node }\n"
      "interface Node { id: ID! }\n"
      "interface Named implements Node { id: ID! name: String }\n"
      "type B implements Named & Node { id: ID! name: String }\n"
      "type A implements Node { id: ID! }\n"
      "union AB = A | B\n");
  ASSERT_TRUE(schema);
  const Type* node = schema->type("Node");
  const Type* a = schema->type("A");
  const Type* b = schema->type("B");
  // Objects only, in type map order (as graphql-js's getPossibleTypes).
  EXPECT_EQ(names(node->possible_types), (Strings{"B", "A"}));
  EXPECT_TRUE(node->is_possible_type(a));
  EXPECT_FALSE(node->is_possible_type(schema->type("Named")));
  EXPECT_EQ(names(schema->type("Named")->possible_types), (Strings{"B"}));
  EXPECT_EQ(names(schema->type("AB")->possible_types), (Strings{"A", "B"}));
  EXPECT_TRUE(a->is_possible_type(a));
  EXPECT_FALSE(a->is_possible_type(b));
  EXPECT_TRUE(b->implements(schema->type("Named")));
  EXPECT_FALSE(a->implements(schema->type("Named")));
  EXPECT_TRUE(schema->type("AB")->is_abstract());
}

TEST(SchemaBuild, MetaFieldsWhereTheyApply) {
  auto schema = build_ok("type Query { a: Obj } type Obj { b: Int } union U = Obj");
  ASSERT_TRUE(schema);
  const Type* query = schema->query_type();
  const Type* obj = schema->type("Obj");
  EXPECT_EQ(schema->field(query, "__schema"), &schema->schema_field());
  EXPECT_EQ(schema->field(query, "__type"), &schema->type_field());
  EXPECT_EQ(schema->field(query, "__typename"), &schema->typename_field());
  EXPECT_EQ(schema->field(obj, "__schema"), nullptr);  // on the query root only
  EXPECT_EQ(schema->field(obj, "__typename"), &schema->typename_field());
  EXPECT_EQ(schema->field(schema->type("U"), "__typename"), &schema->typename_field());
  EXPECT_EQ(schema->field(schema->type("U"), "b"), nullptr);
  EXPECT_EQ(schema->field(obj, "b"), obj->field("b"));
  EXPECT_EQ(schema->schema_field().type.to_string(), "__Schema!");
  EXPECT_EQ(schema->type_field().type.to_string(), "__Type");
  EXPECT_EQ(schema->type_field().argument("name")->type.to_string(), "String!");
  EXPECT_EQ(schema->typename_field().type.to_string(), "String!");
}

TEST(SchemaBuild, BuiltInDirectivesAfterUserDirectives) {
  auto schema = build_ok("directive @mine(x: Int) repeatable on FIELD type Query { a: Int }");
  ASSERT_TRUE(schema);
  std::vector<std::string> directive_names;
  for (const Directive* d : schema->directives())
    directive_names.push_back(d->name);
  EXPECT_EQ(directive_names,
            (Strings{"mine", "include", "skip", "deprecated", "specifiedBy", "oneOf"}));
  const Directive* mine = schema->directive("mine");
  EXPECT_TRUE(mine->repeatable);
  EXPECT_FALSE(mine->built_in);
  EXPECT_TRUE(mine->allowed_at("FIELD"));
  EXPECT_FALSE(mine->allowed_at("QUERY"));
  const Directive* deprecated = schema->directive("deprecated");
  EXPECT_TRUE(deprecated->built_in);
  EXPECT_EQ(deprecated->locations,
            (Strings{"FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION",
                     "ENUM_VALUE", "DIRECTIVE_DEFINITION"}));
  EXPECT_EQ(print_value(*deprecated->argument("reason")->default_value), "\"No longer supported\"");
  EXPECT_EQ(schema->directive("skip")->argument("if")->type.to_string(), "Boolean!");
  EXPECT_EQ(schema->directive("specifiedBy")->argument("url")->type.to_string(), "String!");
  EXPECT_EQ(schema->directive("oneOf")->locations, (Strings{"INPUT_OBJECT"}));
}

TEST(SchemaBuild, IntrospectionTypesAsGraphqlJsDefinesThem) {
  auto schema = build_ok("type Query { a: Int }");
  ASSERT_TRUE(schema);
  auto field_names = [&](const char* type) {
    std::vector<std::string> out;
    for (const Field& f : schema->type(type)->fields)
      out.push_back(f.name);
    return out;
  };
  EXPECT_EQ(field_names("__Schema"), (Strings{"description", "types", "queryType", "mutationType",
                                              "subscriptionType", "directives"}));
  EXPECT_EQ(field_names("__Type"),
            (Strings{"kind", "name", "description", "specifiedByURL", "fields", "interfaces",
                     "possibleTypes", "enumValues", "inputFields", "ofType", "isOneOf"}));
  EXPECT_EQ(field_names("__Field"),
            (Strings{"name", "description", "args", "type", "isDeprecated", "deprecationReason"}));
  EXPECT_EQ(field_names("__InputValue"), (Strings{"name", "description", "type", "defaultValue",
                                                  "isDeprecated", "deprecationReason"}));
  EXPECT_EQ(field_names("__Directive"), (Strings{"name", "description", "isRepeatable", "locations",
                                                 "args", "isDeprecated", "deprecationReason"}));
  EXPECT_EQ(
      schema->type("__Type")->field("fields")->argument("includeDeprecated")->type.to_string(),
      "Boolean");
  EXPECT_EQ(schema->type("__TypeKind")->enum_values.size(), 8U);
  EXPECT_EQ(schema->type("__DirectiveLocation")->enum_values.size(), 20U);
  EXPECT_TRUE(schema->type("__Type")->built_in);
}

TEST(SchemaBuild, BuiltInNamesDefinedInSdlStandForTheBuiltIns) {
  auto schema = build_ok("scalar String type Query { a: String }");
  ASSERT_TRUE(schema);
  EXPECT_TRUE(schema->type("String")->built_in);
  EXPECT_EQ(schema->type("String"), schema->string_type());
}

// ---- TypeRef ----

TEST(TypeRef, WrapsUnwrapsAndPrints) {
  auto schema = build_ok("type Query { a: Int }");
  ASSERT_TRUE(schema);
  TypeRef i(schema->int_type());
  TypeRef t = i.non_null_of().list_of().non_null_of();
  EXPECT_EQ(t.to_string(), "[Int!]!");
  EXPECT_EQ(t.kind(), TypeKind::non_null);
  EXPECT_TRUE(t.is_non_null());
  EXPECT_FALSE(t.is_list());
  EXPECT_EQ(t.of_type().to_string(), "[Int!]");
  EXPECT_EQ(t.of_type().kind(), TypeKind::list);
  EXPECT_EQ(t.nullable(), t.of_type());
  EXPECT_EQ(t.of_type().nullable(), t.of_type());
  EXPECT_EQ(t.of_type().of_type().of_type(), i);
  EXPECT_EQ(i.kind(), TypeKind::scalar);
  EXPECT_FALSE(i.is_wrapped());
  EXPECT_EQ(t.named(), schema->int_type());
  EXPECT_EQ(i.list_of().list_of().to_string(), "[[Int]]");
  EXPECT_NE(i.list_of(), i.non_null_of());
  EXPECT_FALSE(TypeRef{}.valid());
  EXPECT_FALSE(TypeRef{}.list_of().valid());
}

TEST(TypeRef, NonNullOfNonNullIsInvalid) {
  auto schema = build_ok("type Query { a: Int }");
  ASSERT_TRUE(schema);
  TypeRef nn = TypeRef(schema->int_type()).non_null_of();
  EXPECT_FALSE(nn.non_null_of().valid());
  EXPECT_TRUE(nn.list_of().non_null_of().valid());
}

TEST(TypeRef, DepthIsLimited) {
  auto schema = build_ok("type Query { a: Int }");
  ASSERT_TRUE(schema);
  TypeRef t(schema->int_type());
  for (int i = 0; i < TypeRef::kMaxDepth; ++i) {
    t = i % 2 == 0 ? t.list_of() : t.non_null_of();
    ASSERT_TRUE(t.valid()) << i;
  }
  EXPECT_FALSE(t.list_of().valid());
  EXPECT_FALSE(t.non_null_of().valid());
  // Unwrapping all the way gives the named type back.
  TypeRef inner = t;
  while (inner.is_wrapped())
    inner = inner.of_type();
  EXPECT_EQ(inner, TypeRef(schema->int_type()));
}

TEST(TypeRef, ResolvesAstTypes) {
  auto schema = build_ok("type Query { a: Int }");
  ASSERT_TRUE(schema);
  auto doc = parse("query($a: [Int!]!, $b: Nope, $c: [[[[[[[[[[[[[[[[Int]]]]]]]]]]]]]]]]) { a }");
  ASSERT_TRUE(doc.has_value());
  const auto& vars = doc->operations[0].variables;
  EXPECT_EQ(resolve_type(*schema, vars[0].type).to_string(), "[Int!]!");
  EXPECT_FALSE(resolve_type(*schema, vars[1].type).valid());
  EXPECT_FALSE(resolve_type(*schema, vars[2].type).valid());  // 16 lists
}

TEST(TypeRef, SubTypes) {
  auto schema = build_ok(
      "type Query { n: Node } interface Node { id: ID }"
      " type A implements Node { id: ID } type B { id: ID } union U = A");
  ASSERT_TRUE(schema);
  TypeRef node(schema->type("Node"));
  TypeRef a(schema->type("A"));
  TypeRef b(schema->type("B"));
  TypeRef u(schema->type("U"));
  EXPECT_TRUE(is_sub_type(a, node));
  EXPECT_TRUE(is_sub_type(a.non_null_of(), node));
  EXPECT_FALSE(is_sub_type(a, node.non_null_of()));
  EXPECT_FALSE(is_sub_type(b, node));
  EXPECT_TRUE(is_sub_type(a, u));
  EXPECT_FALSE(is_sub_type(b, u));
  EXPECT_TRUE(is_sub_type(a.list_of(), node.list_of()));
  EXPECT_FALSE(is_sub_type(a.list_of(), node));
  EXPECT_FALSE(is_sub_type(a, node.list_of()));
  EXPECT_FALSE(is_sub_type(node, a));
}

// ---- errors ----

TEST(SchemaErrors, SyntaxErrorsPointIntoTheirFile) {
  EXPECT_EQ(errors_of({{"a.graphql", "type Query { a: Int }"}, {"b.graphql", "type {"}}),
            (Strings{"b.graphql:1:6: Syntax Error: Expected Name, found \"{\"."}));
}

TEST(SchemaErrors, ExecutableDefinitionsAreNotSdl) {
  EXPECT_EQ(
      errors_of("type Query { a: Int }\nquery Q { a }\n{ a }\nfragment F on Query { a }"),
      (Strings{"s.graphql:2:1: A schema file may contain only type system definitions; found "
               "operation \"Q\".",
               "s.graphql:3:1: A schema file may contain only type system definitions; found an "
               "anonymous operation.",
               "s.graphql:4:1: A schema file may contain only type system definitions; found "
               "fragment \"F\"."}));
}

struct ErrorCase {
  const char* behaviour;
  const char* sdl;
  Strings errors;
};

void expect_errors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.behaviour);
    EXPECT_EQ(errors_of(c.sdl), c.errors);
  }
}

TEST(SchemaErrors, SdlRules) {
  expect_errors({
      {"unknown type, with suggestions",
       "type Query { a: Strin b: In } input In { x: Int }",
       {"s.graphql:1:17: Unknown type \"Strin\". Did you mean \"String\" or \"In\"?"}},
      {"unknown types anywhere a type is named",
       "schema { query: Q } type Query implements N { a(x: [X!]): Int } union U = V "
       "directive @d(y: Y) on FIELD input In { z: Z }",
       {"s.graphql:1:17: Unknown type \"Q\". Did you mean \"U\"?",
        "s.graphql:1:43: Unknown type \"N\". Did you mean \"In\" or \"U\"?",
        "s.graphql:1:53: Unknown type \"X\". Did you mean \"U\"?",
        "s.graphql:1:75: Unknown type \"V\". Did you mean \"U\"?",
        "s.graphql:1:93: Unknown type \"Y\". Did you mean \"U\"?",
        "s.graphql:1:119: Unknown type \"Z\". Did you mean \"U\"?"}},
      {"duplicate type",
       "type Query { a: Int }\ntype Query { b: Int }",
       {"s.graphql:2:6: There can be only one type named \"Query\"."}},
      {"duplicate field, also across an extension",
       "type Query { a: Int a: Int }\nextend type Query { a: String }",
       {"s.graphql:1:21: Field \"Query.a\" can only be defined once.",
        "s.graphql:2:21: Field \"Query.a\" can only be defined once."}},
      {"duplicate input field",
       "type Query { a: Int } input In { x: Int x: Int }",
       {"s.graphql:1:41: Field \"In.x\" can only be defined once."}},
      {"duplicate argument definition",
       "type Query { a(x: Int, x: Int): Int }\ndirective @d(y: Int, y: Int) on FIELD",
       {"s.graphql:1:24: Argument \"Query.a(x:)\" can only be defined once.",
        "s.graphql:2:22: Argument \"@d(y:)\" can only be defined once."}},
      {"duplicate enum value",
       "type Query { a: E } enum E { A B A }",
       {"s.graphql:1:34: Enum value \"E.A\" can only be defined once."}},
      {"duplicate directive",
       "type Query { a: Int }\ndirective @d on FIELD\ndirective @d on FIELD",
       {"s.graphql:3:12: There can be only one directive named \"@d\"."}},
      {"two schema definitions",
       "type Query { a: Int }\nschema { query: Query }\nschema { query: Query }",
       {"s.graphql:3:1: Must provide only one schema definition.",
        "s.graphql:3:10: There can be only one query type in schema."}},
      {"an operation type given twice",
       "type Query { a: Int } schema { query: Query query: Query }",
       {"s.graphql:1:45: There can be only one query type in schema."}},
      {"unknown directive",
       "type Query { a: Int @foo }",
       {"s.graphql:1:21: Unknown directive \"@foo\"."}},
      {"directive in the wrong location",
       "type Query @deprecated { a: Int @specifiedBy(url: \"x\") }",
       {"s.graphql:1:12: Directive \"@deprecated\" may not be used on OBJECT.",
        "s.graphql:1:33: Directive \"@specifiedBy\" may not be used on FIELD_DEFINITION."}},
      {"non-repeatable directive twice, also across an extension",
       "directive @d on OBJECT\ntype Query @d { a: Int @deprecated @deprecated }\n"
       "extend type Query @d",
       {"s.graphql:2:36: The directive \"@deprecated\" can only be used once at this location.",
        "s.graphql:3:19: The directive \"@d\" can only be used once at this location."}},
      {"repeatable directive twice",
       "directive @d repeatable on OBJECT type Query @d @d { a: Int }",
       {}},
      {"unknown directive argument",
       "type Query { a: Int @deprecated(reasn: \"x\") }",
       {"s.graphql:1:33: Unknown argument \"reasn\" on directive \"@deprecated\". Did you mean "
        "\"reason\"?"}},
      {"duplicate directive argument",
       "type Query { a: Int } scalar S @specifiedBy(url: \"a\", url: \"b\")",
       {"s.graphql:1:55: There can be only one argument named \"url\"."}},
      {"missing required directive argument",
       "directive @d(x: Int!, y: Int! = 1) on FIELD_DEFINITION\n"
       "type Query { a: Int @d } scalar S @specifiedBy",
       {"s.graphql:2:21: Directive \"@d\" argument \"x\" of type \"Int!\" is required, but it "
        "was not provided.",
        "s.graphql:2:35: Directive \"@specifiedBy\" argument \"url\" of type \"String!\" is "
        "required, but it was not provided."}},
      {"duplicate input field in a value",
       "type Query { a(x: In = {a: 1, a: 2}): Int } input In { a: Int }",
       {"s.graphql:1:31: There can be only one input field named \"a\"."}},
      {"extension of an undefined type",
       "type Query { a: Int }\nextend type Quer { b: Int }",
       {"s.graphql:2:13: Cannot extend type \"Quer\" because it is not defined. Did you mean "
        "\"Query\"?"}},
      {"extension of a built-in scalar",
       "type Query { a: Int }\nextend scalar Int @specifiedBy(url: \"x\")",
       {"s.graphql:2:15: Cannot extend type \"Int\" because it is not defined."}},
      {"extension of another kind",
       "type Query { a: Int }\nextend input Query { b: Int }\nextend enum Query { X }",
       {"s.graphql:2:1: Cannot extend non-input object type \"Query\".",
        "s.graphql:3:1: Cannot extend non-enum type \"Query\"."}},
  });
}

TEST(SchemaErrors, TypeSystemRules) {
  expect_errors({
      {"no query type", "type Foo { a: Int }", {"s.graphql: Query root type must be provided."}},
      {"no query type in a schema definition",
       "schema { mutation: M } type M { a: Int }",
       {"s.graphql:1:1: Query root type must be provided."}},
      {"root types that are not objects",
       "schema { query: In mutation: E subscription: S } input In { a: Int } enum E { A } "
       "scalar S",
       {"s.graphql:1:17: Query root type must be Object type, it cannot be In.",
        "s.graphql:1:30: Mutation root type must be Object type if provided, it cannot be E.",
        "s.graphql:1:46: Subscription root type must be Object type if provided, it cannot be "
        "S."}},
      {"a conventional root name on a non-object",
       "input Query { a: Int }",
       {"s.graphql:1:1: Query root type must be Object type, it cannot be Query."}},
      {"reserved names",
       "type Query { __a: Int b(__x: Int): Int } type __T { a: Int } enum E { __V }\n"
       "directive @__d(__y: Int) on FIELD input In { __f: Int }",
       {"s.graphql:2:1: Name \"__d\" must not begin with \"__\", which is reserved by GraphQL "
        "introspection.",
        "s.graphql:2:16: Name \"__y\" must not begin with \"__\", which is reserved by GraphQL "
        "introspection.",
        "s.graphql:1:14: Name \"__a\" must not begin with \"__\", which is reserved by GraphQL "
        "introspection.",
        "s.graphql:1:25: Name \"__x\" must not begin with \"__\", which is reserved by GraphQL "
        "introspection.",
        "s.graphql:1:42: Name \"__T\" must not begin with \"__\", which is reserved by GraphQL "
        "introspection.",
        "s.graphql:1:71: Name \"__V\" must not begin with \"__\", which is reserved by GraphQL "
        "introspection.",
        "s.graphql:2:46: Name \"__f\" must not begin with \"__\", which is reserved by GraphQL "
        "introspection."}},
      {"types without fields, members or values",
       "type Query { a: Int } type O interface I union U enum E input In",
       {"s.graphql:1:23: Type O must define one or more fields.",
        "s.graphql:1:30: Type I must define one or more fields.",
        "s.graphql:1:42: Union type U must define one or more member types.",
        "s.graphql:1:50: Enum type E must define one or more values.",
        "s.graphql:1:57: Input Object type In must define one or more fields."}},
      {"fields of input types and arguments of output types",
       "type Query { a(x: Query, y: [Query!]): In } input In { b: Query }",
       {"s.graphql:1:40: The type of Query.a must be Output Type but got: In.",
        "s.graphql:1:19: The type of Query.a(x:) must be Input Type but got: Query.",
        "s.graphql:1:29: The type of Query.a(y:) must be Input Type but got: [Query!].",
        "s.graphql:1:59: The type of In.b must be Input Type but got: Query."}},
      {"directive arguments of output types",
       "type Query { a: Int } directive @d(x: Query) on FIELD",
       {"s.graphql:1:36: The type of @d(x:) must be Input Type but got: Query."}},
      {"required arguments and input fields cannot be deprecated",
       "type Query { a(x: Int! @deprecated, y: Int! = 1 @deprecated): Int }\n"
       "input In { f: Int! @deprecated }\ndirective @d(z: Int! @deprecated) on FIELD",
       {"s.graphql:3:22: Required argument @d(z:) cannot be deprecated.",
        "s.graphql:1:24: Required argument Query.a(x:) cannot be deprecated.",
        "s.graphql:2:20: Required input field In.f cannot be deprecated."}},
      {"implementing what is not an interface, itself, or twice",
       "type Query { a: Int } input In { a: Int }\n"
       "interface K implements K { id: ID }\n"
       "type T implements I & I & In { id: ID } interface I { id: ID }",
       {"s.graphql:2:24: Type K cannot implement itself because it would create a circular "
        "reference.",
        "s.graphql:3:23: Type T can only implement I once.",
        "s.graphql:3:27: Type T must only implement Interface types, it cannot implement In."}},
      {"interface fields and arguments must be implemented",
       "type Query { a: Int }\n"
       "interface I { id: ID! name(x: Int): String other(o: Int): Int }\n"
       "type T implements I { id: String name(x: String, y: Int!): String }",
       {"s.graphql:3:27: Interface field I.id expects type ID! but T.id is type String.",
        "s.graphql:3:42: Interface field argument I.name(x:) expects type Int but T.name(x:) "
        "is type String.",
        "s.graphql:3:50: Object field T.name includes required argument y that is missing from "
        "the Interface field I.name.",
        "s.graphql:3:1: Interface field I.other expected but T does not provide it."}},
      {"missing interface argument",
       "type Query { a: Int } interface I { f(x: Int): Int } type T implements I { f: Int }",
       {"s.graphql:1:76: Interface field argument I.f(x:) expected but T.f does not provide it."}},
      {"covariant field types are allowed",
       "type Query { a: Int } interface I { f: I g: [I] } "
       "type T implements I { f: T! g: [T!]! }",
       {}},
      {"transitive interfaces must be listed",
       "type Query { a: Int } interface J { id: ID } interface I implements J { id: ID }\n"
       "type T implements I { id: ID }",
       {"s.graphql:2:19: Type T must implement J because it is implemented by I."}},
      {"interface cycles",
       "type Query { a: Int }\ninterface L implements M { id: ID }\ninterface M implements L { id: "
       "ID }",
       {"s.graphql:2:24: Type L cannot implement M because it would create a circular reference.",
        "s.graphql:3:24: Type M cannot implement L because it would create a circular reference."}},
      {"union members must be objects, once each",
       "type Query { a: Int } union U = Query | In | Query input In { a: Int }",
       {"s.graphql:1:41: Union type U can only include Object types, it cannot include In.",
        "s.graphql:1:46: Union type U can only include type Query once."}},
      {"non-null input cycles",
       "type Query { a: Int }\ninput A { b: B! }\ninput B { a: A! c: B }\ninput S { s: S! }",
       {"s.graphql:2:11: Cannot reference Input Object \"A\" within itself through a series of "
        "non-null fields: \"b.a\".",
        "s.graphql:4:11: Cannot reference Input Object \"S\" within itself through a series of "
        "non-null fields: \"s\"."}},
      {"oneOf input fields are nullable and have no default",
       "type Query { a: Int } input O @oneOf { a: Int! b: Int = 1 c: String }",
       {"s.graphql:1:43: OneOf input field O.a must be nullable.",
        "s.graphql:1:48: OneOf input field O.b cannot have a default value."}},
      {"nullable and list input cycles are fine",
       "type Query { a: Int } input A { b: B } input B { a: [A!]! }",
       {}},
  });
}

TEST(SchemaErrors, ValuesInSdl) {
  expect_errors({
      {"default values must fit their type",
       "type Query { a(x: Int = \"one\", y: [Int] = [1, 2.5], z: E = B): Int }\n"
       "enum E { A } input In { i: Int! = null j: In2 = {k: 1} }\ninput In2 { j: Int }\n"
       "directive @d(s: String = 1) on FIELD",
       {"s.graphql:1:25: Argument \"Query.a(x:)\" has invalid default value \"one\".",
        "s.graphql:1:43: Argument \"Query.a(y:)\" has invalid default value [1, 2.5].",
        "s.graphql:1:60: Argument \"Query.a(z:)\" has invalid default value B.",
        "s.graphql:2:35: Input field \"In.i\" has invalid default value null.",
        "s.graphql:2:49: Input field \"In.j\" has invalid default value {k: 1}.",
        "s.graphql:4:26: Argument \"@d(s:)\" has invalid default value 1."}},
      {"valid default values",
       "type Query { a(x: Int = 1, y: [Int] = 1, f: Float = 2, i: ID = 3, s: String = \"s\","
       " e: E = A, n: In = {j: null}, nn: Int = null, c: C = {any: [thing]}): Int }\n"
       "enum E { A } input In { i: Int! = 1 j: Int } scalar C",
       {}},
      {"directive arguments must fit their type",
       "directive @d(n: Int) on FIELD_DEFINITION\n"
       "type Query { a: Int @d(n: \"x\") b: Int @deprecated(reason: 5) }",
       {"s.graphql:2:27: Argument \"n\" has invalid value \"x\".",
        "s.graphql:2:59: Argument \"reason\" has invalid value 5."}},
      {"a oneOf default value gives exactly one field, not null",
       "type Query { a(x: O = {a: 1, b: \"s\"}, y: O = {a: null}, z: O = {b: \"ok\"}): Int }\n"
       "input O @oneOf { a: Int b: String }",
       {"s.graphql:1:23: Argument \"Query.a(x:)\" has invalid default value {a: 1, b: \"s\"}.",
        "s.graphql:1:46: Argument \"Query.a(y:)\" has invalid default value {a: null}."}},
      {"default values that need themselves have no value",
       "type Query { f(a: A = {}): Int }\ninput A { x: A = {} y: A = {} n: Int }",
       {"s.graphql:1:23: Argument \"Query.f(a:)\" has invalid default value {}.",
        "s.graphql:2:18: Input field \"A.x\" has invalid default value {}.",
        "s.graphql:2:28: Input field \"A.y\" has invalid default value {}."}},
      {"types nested too deeply",
       "type Query { a: [[[[[[[[[[[[[[[[Int]]]]]]]]]]]]]]]] }",
       {"s.graphql:1:17: The type [[[[[[[[[[[[[[[[Int]]]]]]]]]]]]]]]] has more than 15 list and "
        "non-null wrappers."}},
  });
}

TEST(SchemaErrors, ErrorsPointIntoTheFileOfTheOffendingExtension) {
  EXPECT_EQ(errors_of({{"a.graphql", "type Query { a: Int }\ninterface I { id: ID name: String }"},
                       {"b.graphql",
                        "type T { id: ID }\n\nextend type T implements I\n"
                        "extend type T { name: Int }\nextend type Query { __bad: Int }"}}),
            (Strings{"b.graphql:5:21: Name \"__bad\" must not begin with \"__\", which is "
                     "reserved by GraphQL introspection.",
                     "b.graphql:4:23: Interface field I.name expects type String but T.name is "
                     "type Int."}));
}

}  // namespace
}  // namespace stashql
