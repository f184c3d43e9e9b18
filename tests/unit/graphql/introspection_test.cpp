// Introspection: first the resolvers, called as the executor calls them (__schema and __type,
// the list fields of __Type, args of __Field and __Directive, and the plain properties the
// executor reads from the values they return); then graphql-js's full introspection query
// through the Engine, answered exactly as graphql-js 16 answers it.
#include <algorithm>
#include <deque>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <stashql/engine.hpp>
#include <stashql/json.hpp>
#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>

namespace stashql {
namespace {

const char* kSdl = R"(
"The root"
type Query {
  post(id: ID!, limit: Int = 10 @deprecated(reason: "paging"), order: Order = {}): Post
  posts: [Post!]!
  old: Int @deprecated(reason: "gone")
  search: [Result]
}
interface Node { id: ID! }
type Post implements Node {
  "Its id"
  id: ID!
  kind: Kind
  when: Date
}
type Page implements Node { id: ID! }
union Result = Post | Page
enum Kind { A "the B" B @deprecated }
input Order { by: Kind = A first: Int @deprecated }
input Pick @oneOf { a: Int b: String }
scalar Date @specifiedBy(url: "https://example.com/date")
directive @tag(name: String! = "x" @deprecated) repeatable on FIELD | QUERY
)";

class IntrospectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = Schema::build({{"s.graphql", kSdl}});
    ASSERT_TRUE(built.has_value()) << built.error()[0].format();
    schema_ = *built;
    install_introspection(resolvers_, schema_);
  }

  // Resolves `parent_type.field_name` on `source` as the executor would.
  const Value& get(const Type& parent_type, const Field& field, const Value& source,
                   Value args = Object{}) {
    ast::Selection selection;
    selection.name.value = field.name;
    const Value variables = Object{};
    PathSegment path{nullptr, field.name, -1};
    ResolveInfo info{*schema_, parent_type, field, selection, source,
                     args,     variables,   path,  nullptr};
    const FieldResolver* resolver = resolvers_.find(field);
    if (resolver == nullptr) {
      const Value* property = source.find(field.name);
      return property != nullptr ? *property : null_value();
    }
    results_.push_back(resolver->resolve(info));
    EXPECT_FALSE(results_.back().failed);
    return results_.back().value();
  }

  // A field of an introspection type, by name.
  const Value& get(const char* type_name, const char* field_name, const Value& source,
                   Value args = Object{}) {
    const Type* type = schema_->type(type_name);
    const Field* field = type->field(field_name);
    EXPECT_NE(field, nullptr) << type_name << "." << field_name;
    return get(*type, *field, source, std::move(args));
  }

  const Value& schema_value() {
    return get(*schema_->query_type(), schema_->schema_field(), root_);
  }

  const Value& type_named(const std::string& name) {
    Value args = Object{};
    args["name"] = name;
    return get(*schema_->query_type(), schema_->type_field(), root_, std::move(args));
  }

  static Value include_deprecated(bool include) {
    Value args = Object{};
    args["includeDeprecated"] = include;
    return args;
  }

  static std::vector<std::string> names(const Value& list) {
    std::vector<std::string> out;
    for (const Value& item : list.as_list())
      out.push_back(item.find("name")->as_string());
    return out;
  }

  std::shared_ptr<const Schema> schema_;
  Resolvers resolvers_;
  Value root_ = Object{};
  std::deque<Resolved> results_;  // keeps owned results alive for the test
};

using Strings = std::vector<std::string>;

TEST_F(IntrospectionTest, ResolversOnlyWhereAPropertyReadIsNotEnough) {
  EXPECT_NE(resolvers_.find(schema_->schema_field()), nullptr);
  EXPECT_NE(resolvers_.find(schema_->type_field()), nullptr);
  const Type* type = schema_->type("__Type");
  for (const char* name : {"fields", "interfaces", "possibleTypes", "enumValues", "inputFields"}) {
    EXPECT_NE(resolvers_.find(*type->field(name)), nullptr) << name;
  }
  for (const char* name : {"kind", "name", "description", "specifiedByURL", "ofType", "isOneOf"}) {
    EXPECT_EQ(resolvers_.find(*type->field(name)), nullptr) << name;
  }
  EXPECT_NE(resolvers_.find(*schema_->type("__Field")->field("args")), nullptr);
  EXPECT_NE(resolvers_.find(*schema_->type("__Directive")->field("args")), nullptr);
  EXPECT_FALSE(resolvers_.any_async());
}

TEST_F(IntrospectionTest, TheHiddenHandleIsNotAField) {
  const Value& post = type_named("Post");
  EXPECT_NE(post.find("__ref"), nullptr);
  for (const char* type : {"__Type", "__Field", "__Directive"}) {
    EXPECT_EQ(schema_->type(type)->field("__ref"), nullptr) << type;
  }
}

TEST_F(IntrospectionTest, SchemaObject) {
  const Value& schema = schema_value();
  EXPECT_TRUE(get("__Schema", "description", schema).is_null());
  EXPECT_EQ(*get("__Schema", "queryType", schema).find("name"), Value("Query"));
  EXPECT_TRUE(get("__Schema", "mutationType", schema).is_null());
  EXPECT_TRUE(get("__Schema", "subscriptionType", schema).is_null());
  EXPECT_EQ(names(get("__Schema", "types", schema)),
            (Strings{"Query",       "ID",          "Int",
                     "Node",        "Post",        "Page",
                     "Result",      "Kind",        "Order",
                     "Pick",        "String",      "Date",
                     "Boolean",     "__Schema",    "__Type",
                     "__TypeKind",  "__Field",     "__InputValue",
                     "__EnumValue", "__Directive", "__DirectiveLocation"}));
  EXPECT_EQ(names(get("__Schema", "directives", schema)),
            (Strings{"tag", "include", "skip", "deprecated", "specifiedBy", "oneOf"}));
  // Built once: every request gets the same value.
  EXPECT_EQ(&schema_value(), &schema);
}

TEST_F(IntrospectionTest, TypeByName) {
  const Value& post = type_named("Post");
  EXPECT_EQ(get("__Type", "kind", post), Value("OBJECT"));
  EXPECT_EQ(get("__Type", "name", post), Value("Post"));
  EXPECT_TRUE(get("__Type", "description", post).is_null());
  EXPECT_TRUE(get("__Type", "ofType", post).is_null());
  EXPECT_TRUE(get("__Type", "isOneOf", post).is_null());
  EXPECT_EQ(get("__Type", "description", type_named("Query")), Value("The root"));
  EXPECT_TRUE(type_named("Nope").is_null());
  EXPECT_TRUE(type_named("Float").is_null());  // not used: not in the schema (as graphql-js)
  EXPECT_EQ(get("__Type", "kind", type_named("__Type")), Value("OBJECT"));
  EXPECT_EQ(&type_named("Post"), &post);
}

TEST_F(IntrospectionTest, FieldsWithAndWithoutDeprecated) {
  const Value& query = type_named("Query");
  EXPECT_EQ(names(get("__Type", "fields", query)), (Strings{"post", "posts", "search"}));
  EXPECT_EQ(names(get("__Type", "fields", query, include_deprecated(true))),
            (Strings{"post", "posts", "old", "search"}));
  const Value& old = get("__Type", "fields", query, include_deprecated(true)).as_list()[2];
  EXPECT_EQ(get("__Field", "isDeprecated", old), Value(true));
  EXPECT_EQ(get("__Field", "deprecationReason", old), Value("gone"));
  const Value& posts = get("__Type", "fields", query).as_list()[1];
  EXPECT_EQ(get("__Field", "isDeprecated", posts), Value(false));
  EXPECT_TRUE(get("__Field", "deprecationReason", posts).is_null());
  EXPECT_TRUE(get("__Field", "description", posts).is_null());
  EXPECT_EQ(get("__Field", "description", get("__Type", "fields", type_named("Post")).as_list()[0]),
            Value("Its id"));
}

TEST_F(IntrospectionTest, WrappedTypesThroughOfType) {
  const Value& posts = get("__Type", "fields", type_named("Query")).as_list()[1];
  const Value& t0 = get("__Field", "type", posts);  // [Post!]!
  EXPECT_EQ(get("__Type", "kind", t0), Value("NON_NULL"));
  EXPECT_TRUE(get("__Type", "name", t0).is_null());
  EXPECT_TRUE(get("__Type", "fields", t0).is_null());
  EXPECT_TRUE(get("__Type", "interfaces", t0).is_null());
  const Value& t1 = get("__Type", "ofType", t0);
  EXPECT_EQ(get("__Type", "kind", t1), Value("LIST"));
  const Value& t2 = get("__Type", "ofType", t1);
  EXPECT_EQ(get("__Type", "kind", t2), Value("NON_NULL"));
  const Value& t3 = get("__Type", "ofType", t2);
  EXPECT_EQ(get("__Type", "kind", t3), Value("OBJECT"));
  EXPECT_EQ(get("__Type", "name", t3), Value("Post"));
  // The named type at the bottom is a full __Type: its lists resolve.
  EXPECT_EQ(names(get("__Type", "fields", t3)), (Strings{"id", "kind", "when"}));
  EXPECT_TRUE(get("__Type", "ofType", t3).is_null());
}

TEST_F(IntrospectionTest, ArgumentsWithPrintedDefaults) {
  const Value& post = get("__Type", "fields", type_named("Query")).as_list()[0];
  EXPECT_EQ(names(get("__Field", "args", post)), (Strings{"id", "order"}));
  const Value& args = get("__Field", "args", post, include_deprecated(true));
  EXPECT_EQ(names(args), (Strings{"id", "limit", "order"}));
  EXPECT_TRUE(get("__InputValue", "defaultValue", args.as_list()[0]).is_null());
  EXPECT_EQ(get("__InputValue", "defaultValue", args.as_list()[1]), Value("10"));
  EXPECT_EQ(get("__InputValue", "isDeprecated", args.as_list()[1]), Value(true));
  EXPECT_EQ(get("__InputValue", "deprecationReason", args.as_list()[1]), Value("paging"));
  // Canonical form: the input object's own defaults are filled in, as graphql-js prints them.
  EXPECT_EQ(get("__InputValue", "defaultValue", args.as_list()[2]), Value("{by: A}"));
  const Value& id_type = get("__InputValue", "type", args.as_list()[0]);
  EXPECT_EQ(get("__Type", "kind", id_type), Value("NON_NULL"));
  EXPECT_EQ(get("__Type", "name", get("__Type", "ofType", id_type)), Value("ID"));
}

TEST_F(IntrospectionTest, EnumValuesInputFieldsInterfacesAndPossibleTypes) {
  const Value& kind = type_named("Kind");
  EXPECT_EQ(get("__Type", "kind", kind), Value("ENUM"));
  EXPECT_EQ(names(get("__Type", "enumValues", kind)), (Strings{"A"}));
  const Value& all = get("__Type", "enumValues", kind, include_deprecated(true));
  EXPECT_EQ(names(all), (Strings{"A", "B"}));
  EXPECT_EQ(get("__EnumValue", "description", all.as_list()[1]), Value("the B"));
  EXPECT_EQ(get("__EnumValue", "isDeprecated", all.as_list()[1]), Value(true));
  EXPECT_EQ(get("__EnumValue", "deprecationReason", all.as_list()[1]),
            Value("No longer supported"));
  EXPECT_TRUE(get("__Type", "fields", kind).is_null());
  EXPECT_TRUE(get("__Type", "inputFields", kind).is_null());

  const Value& order = type_named("Order");
  EXPECT_EQ(names(get("__Type", "inputFields", order)), (Strings{"by"}));
  const Value& fields = get("__Type", "inputFields", order, include_deprecated(true));
  EXPECT_EQ(names(fields), (Strings{"by", "first"}));
  EXPECT_EQ(get("__InputValue", "defaultValue", fields.as_list()[0]), Value("A"));
  EXPECT_EQ(get("__Type", "isOneOf", order), Value(false));
  EXPECT_EQ(get("__Type", "isOneOf", type_named("Pick")), Value(true));

  EXPECT_EQ(names(get("__Type", "interfaces", type_named("Post"))), (Strings{"Node"}));
  EXPECT_TRUE(get("__Type", "possibleTypes", type_named("Post")).is_null());
  EXPECT_EQ(names(get("__Type", "possibleTypes", type_named("Node"))), (Strings{"Post", "Page"}));
  EXPECT_EQ(names(get("__Type", "possibleTypes", type_named("Result"))), (Strings{"Post", "Page"}));
  EXPECT_TRUE(get("__Type", "interfaces", type_named("Result")).is_null());

  const Value& date = type_named("Date");
  EXPECT_EQ(get("__Type", "kind", date), Value("SCALAR"));
  EXPECT_EQ(get("__Type", "specifiedByURL", date), Value("https://example.com/date"));
  EXPECT_TRUE(get("__Type", "specifiedByURL", type_named("Int")).is_null());
  EXPECT_NE(get("__Type", "description", type_named("Int")), Value{});
}

TEST_F(IntrospectionTest, Directives) {
  const Value& tag = get("__Schema", "directives", schema_value()).as_list()[0];
  EXPECT_EQ(get("__Directive", "name", tag), Value("tag"));
  EXPECT_TRUE(get("__Directive", "description", tag).is_null());
  EXPECT_EQ(get("__Directive", "isRepeatable", tag), Value(true));
  EXPECT_EQ(get("__Directive", "locations", tag), Value(List{Value("FIELD"), Value("QUERY")}));
  EXPECT_EQ(get("__Directive", "isDeprecated", tag), Value(false));
  EXPECT_TRUE(get("__Directive", "deprecationReason", tag).is_null());
  EXPECT_EQ(names(get("__Directive", "args", tag)), Strings{});
  const Value& args = get("__Directive", "args", tag, include_deprecated(true));
  EXPECT_EQ(names(args), (Strings{"name"}));
  EXPECT_EQ(get("__InputValue", "defaultValue", args.as_list()[0]), Value("\"x\""));

  const Value& deprecated = get("__Schema", "directives", schema_value()).as_list()[3];
  EXPECT_EQ(get("__Directive", "name", deprecated), Value("deprecated"));
  const Value& reason = get("__Directive", "args", deprecated).as_list()[0];
  EXPECT_EQ(get("__InputValue", "defaultValue", reason), Value("\"No longer supported\""));
  EXPECT_NE(get("__InputValue", "description", reason), Value{});
}

// ---- the full introspection query through the Engine ----

std::string read_test_file(const std::string& relative) {
  std::ifstream in(std::string(STASHQL_TEST_DATA) + "/unit/graphql/" + relative);
  EXPECT_TRUE(in.good()) << relative;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The path to the first place where two values differ, or "" when they are equal.
std::string first_difference(const Value& a, const Value& b, const std::string& path) {
  if (a.is_object() && b.is_object()) {
    const Object& x = a.as_object();
    const Object& y = b.as_object();
    for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
      if (x[i].first != y[i].first) return path + ": key " + x[i].first + " vs " + y[i].first;
      std::string d = first_difference(x[i].second, y[i].second, path + "." + x[i].first);
      if (!d.empty()) return d;
    }
    return x.size() == y.size() ? "" : path + ": member count";
  }
  if (a.is_list() && b.is_list()) {
    const List& x = a.as_list();
    const List& y = b.as_list();
    for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
      std::string d = first_difference(x[i], y[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    return x.size() == y.size() ? "" : path + ": length";
  }
  return a == b ? "" : path + ": " + to_json(a) + " vs " + to_json(b);
}

TEST(IntrospectionQuery, FullQueryAnswersAsGraphqlJs) {
  // introspection_expected.json is graphql-js's answer (make_introspection_expected.mjs).
  auto built = Schema::build({{"sample.graphql", read_test_file("schema_printer/sample.graphql")}});
  ASSERT_TRUE(built.has_value()) << built.error()[0].format();
  auto resolvers = std::make_shared<Resolvers>();
  install_introspection(*resolvers, *built);
  auto config = std::make_shared<EngineConfig>();
  config->schema = *built;
  config->resolvers = resolvers;
  Engine engine(config);

  const std::string query = read_test_file("introspection_query.graphql");
  std::string out;
  engine.run(GraphQLRequest{query, "", nullptr}, nullptr, out);
  auto actual = parse_json(out);
  ASSERT_TRUE(actual.has_value()) << out.substr(0, 500);
  auto expected = parse_json(read_test_file("introspection_expected.json"));
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(first_difference(*actual, *expected, "$"), "");

  // Asked again, the answer is the same (the prebuilt values are not consumed).
  std::string again;
  engine.run(GraphQLRequest{query, "", nullptr}, nullptr, again);
  EXPECT_EQ(again, out);
}

TEST(IntrospectionQuery, HiddenHandleCannotBeSelected) {
  auto built = Schema::build({{"s.graphql", "type Query { a: Int }"}});
  ASSERT_TRUE(built.has_value());
  auto resolvers = std::make_shared<Resolvers>();
  install_introspection(*resolvers, *built);
  auto config = std::make_shared<EngineConfig>();
  config->schema = *built;
  config->resolvers = resolvers;
  Engine engine(config);
  std::string out;
  engine.run(GraphQLRequest{"{ __type(name: \"Query\") { __ref } }", "", nullptr}, nullptr, out);
  EXPECT_NE(out.find("Cannot query field \\\"__ref\\\" on type \\\"__Type\\\"."), std::string::npos)
      << out;
  EXPECT_EQ(out.find("\"data\""), std::string::npos) << out;
}

}  // namespace
}  // namespace stashql
