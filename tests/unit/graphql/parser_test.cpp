// The GraphQL parser: every executable and SDL definition kind with the locations graphql-js
// gives its nodes, value literals and their printing, the syntax errors with graphql-js 16's
// messages and line:column, and the token and nesting limits that bound hostile documents.
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <stashql/parser.hpp>

namespace stashql {
namespace {

using namespace std::string_view_literals;
using ast::Selection;
using ast::TypeDefinition;
using ast::ValueNode;

ast::Document parse_ok(std::string_view source) {
  auto result = parse(source);
  EXPECT_TRUE(result.has_value()) << source << "\n" << (result ? "" : result.error().message);
  return result ? std::move(*result) : ast::Document{};
}

SyntaxError parse_error(std::string_view source, ParseLimits limits = {}) {
  auto result = parse(source, limits);
  EXPECT_FALSE(result.has_value()) << source;
  return result ? SyntaxError{} : result.error();
}

// `[Int!]!` and friends, as written.
std::string type_string(const ast::Type& type) {
  switch (type.kind) {
    case ast::Type::Kind::named:
      return type.name;
    case ast::Type::Kind::list:
      return "[" + type_string(*type.of) + "]";
    case ast::Type::Kind::non_null:
      return type_string(*type.of) + "!";
  }
  return "?";
}

ValueNode value_ok(std::string_view source) {
  auto result = parse_value(source);
  EXPECT_TRUE(result.has_value()) << source << "\n" << (result ? "" : result.error().message);
  return result ? std::move(*result) : ValueNode{};
}

// ---- executable documents ----

TEST(Parser, ParsesShorthandQuery) {
  const ast::Document doc = parse_ok("{ hello }");
  ASSERT_EQ(doc.operations.size(), 1u);
  const ast::OperationDefinition& op = doc.operations[0];
  EXPECT_EQ(op.operation, ast::OperationType::query);
  EXPECT_FALSE(op.name.has_value());
  EXPECT_EQ(op.loc, (Location{1, 1}));
  ASSERT_EQ(op.selection_set.size(), 1u);
  EXPECT_EQ(op.selection_set[0].name.value, "hello");
  EXPECT_EQ(op.selection_set[0].loc, (Location{1, 3}));
}

TEST(Parser, ParsesEachOperationType) {
  const ast::Document doc = parse_ok("query Q { a } mutation M { b } subscription S { c }");
  ASSERT_EQ(doc.operations.size(), 3u);
  EXPECT_EQ(doc.operations[0].operation, ast::OperationType::query);
  EXPECT_EQ(doc.operations[1].operation, ast::OperationType::mutation);
  EXPECT_EQ(doc.operations[2].operation, ast::OperationType::subscription);
  EXPECT_EQ(doc.operations[1].name->value, "M");
  EXPECT_EQ(doc.operations[1].name->loc, (Location{1, 24}));
  EXPECT_EQ(doc.operations[2].loc, (Location{1, 32}));
}

TEST(Parser, ParsesVariableDefinitions) {
  const ast::Document doc = parse_ok(
      "query Q($id: ID!, $list: [[String]!] = [[\"a\"]] @dir(x: 1), $o: In = {a: null}) { a }");
  const auto& vars = doc.operations.at(0).variables;
  ASSERT_EQ(vars.size(), 3u);
  EXPECT_EQ(vars[0].name.value, "id");
  EXPECT_EQ(vars[0].loc, (Location{1, 9}));
  EXPECT_EQ(vars[0].name.loc, (Location{1, 10}));
  EXPECT_EQ(type_string(vars[0].type), "ID!");
  EXPECT_FALSE(vars[0].default_value.has_value());
  EXPECT_EQ(type_string(vars[1].type), "[[String]!]");
  ASSERT_TRUE(vars[1].default_value.has_value());
  EXPECT_EQ(print_value(*vars[1].default_value), "[[\"a\"]]");
  ASSERT_EQ(vars[1].directives.size(), 1u);
  EXPECT_EQ(vars[1].directives[0].name.value, "dir");
  EXPECT_EQ(print_value(*vars[2].default_value), "{a: null}");
}

TEST(Parser, ParsesFieldsWithAliasesArgumentsAndDirectives) {
  const ast::Document doc =
      parse_ok("{ alias: field(a: 1, b: $v) @include(if: $show) @skip(if: false) { sub } }");
  const Selection& field = doc.operations.at(0).selection_set.at(0);
  EXPECT_EQ(field.kind, Selection::Kind::field);
  ASSERT_TRUE(field.alias.has_value());
  EXPECT_EQ(field.alias->value, "alias");
  EXPECT_EQ(field.alias->loc, (Location{1, 3}));
  EXPECT_EQ(field.name.value, "field");
  EXPECT_EQ(field.name.loc, (Location{1, 10}));
  EXPECT_EQ(field.loc, (Location{1, 3}));
  EXPECT_EQ(field.response_key(), "alias");
  ASSERT_EQ(field.arguments.size(), 2u);
  EXPECT_EQ(field.arguments[0].name.value, "a");
  EXPECT_EQ(field.arguments[1].value.kind, ValueNode::Kind::variable);
  EXPECT_EQ(field.arguments[1].value.text, "v");
  EXPECT_EQ(field.arguments[1].value.loc, (Location{1, 25}));
  ASSERT_EQ(field.directives.size(), 2u);
  EXPECT_EQ(field.directives[0].loc, (Location{1, 29}));
  EXPECT_EQ(field.directives[1].name.value, "skip");
  ASSERT_EQ(field.selection_set.size(), 1u);
  EXPECT_EQ(field.selection_set_loc, (Location{1, 66}));
}

TEST(Parser, LeafFieldHasNoSelectionSetLocation) {
  const ast::Document doc = parse_ok("{ a }");
  EXPECT_EQ(doc.operations.at(0).selection_set.at(0).selection_set_loc, (Location{}));
}

TEST(Parser, ParsesFragmentSpreadsAndInlineFragments) {
  const ast::Document doc =
      parse_ok("{ ...F @d ... on T { a } ... @include(if: true) { b } ... { c } }");
  const auto& sels = doc.operations.at(0).selection_set;
  ASSERT_EQ(sels.size(), 4u);
  EXPECT_EQ(sels[0].kind, Selection::Kind::fragment_spread);
  EXPECT_EQ(sels[0].name.value, "F");
  EXPECT_EQ(sels[0].loc, (Location{1, 3}));
  EXPECT_EQ(sels[0].directives.size(), 1u);
  EXPECT_EQ(sels[1].kind, Selection::Kind::inline_fragment);
  ASSERT_TRUE(sels[1].type_condition.has_value());
  EXPECT_EQ(sels[1].type_condition->value, "T");
  EXPECT_EQ(sels[1].type_condition->loc, (Location{1, 18}));
  EXPECT_EQ(sels[1].selection_set_loc, (Location{1, 20}));
  EXPECT_EQ(sels[2].kind, Selection::Kind::inline_fragment);
  EXPECT_FALSE(sels[2].type_condition.has_value());
  EXPECT_EQ(sels[2].directives.size(), 1u);
  EXPECT_EQ(sels[3].selection_set.at(0).name.value, "c");
}

TEST(Parser, SpreadOfFragmentNamedLikeAKeyword) {
  // Only `on` is special after "..."; other keywords are fragment names.
  const ast::Document doc = parse_ok("{ ...query ...fragment }");
  EXPECT_EQ(doc.operations.at(0).selection_set.at(1).name.value, "fragment");
}

TEST(Parser, ParsesFragmentDefinitions) {
  const ast::Document doc = parse_ok("query { ...F }\nfragment F on User @d { id ...G }");
  ASSERT_EQ(doc.fragments.size(), 1u);
  const ast::FragmentDefinition& f = doc.fragments[0];
  EXPECT_EQ(f.name.value, "F");
  EXPECT_EQ(f.loc, (Location{2, 1}));
  EXPECT_EQ(f.type_condition.value, "User");
  EXPECT_EQ(f.type_condition.loc, (Location{2, 15}));
  EXPECT_EQ(f.directives.size(), 1u);
  EXPECT_EQ(f.selection_set.size(), 2u);
  EXPECT_TRUE(f.variables.empty());
}

TEST(Parser, FindsFragmentsByName) {
  const ast::Document doc = parse_ok("fragment A on T { a } fragment B on T { b }");
  ASSERT_NE(doc.fragment("B"), nullptr);
  EXPECT_EQ(doc.fragment("B")->selection_set.at(0).name.value, "b");
  EXPECT_EQ(doc.fragment("C"), nullptr);
}

TEST(Parser, RejectsFragmentVariables) {
  const SyntaxError e = parse_error("fragment F($a: Int) on T { a }");
  EXPECT_EQ(e.message, "Syntax Error: Expected \"on\", found \"(\".");
  EXPECT_EQ(e.loc, (Location{1, 11}));
}

TEST(Parser, AcceptsDescriptionsOnOperationsAndVariablesAsGraphqlJs16Does) {
  const ast::Document doc =
      parse_ok("\"\"\"Op\"\"\" query Q(\"var\" $a: Int) { a } \"frag\" fragment F on T { a }");
  EXPECT_EQ(doc.operations.at(0).loc, (Location{1, 1}));
  EXPECT_EQ(doc.operations.at(0).variables.at(0).loc,
            (Location{1, 18}));  // at its description, as graphql-js
  EXPECT_EQ(doc.fragments.at(0).loc, (Location{1, 39}));
}

TEST(Parser, KeepsDefinitionsOfEachKindInSourceOrder) {
  const ast::Document doc =
      parse_ok("query A { a } type T { a: Int } query B { b } type U { b: Int }");
  ASSERT_EQ(doc.operations.size(), 2u);
  EXPECT_EQ(doc.operations[1].name->value, "B");
  ASSERT_EQ(doc.types.size(), 2u);
  EXPECT_EQ(doc.types[1].name.value, "U");
}

TEST(Parser, AcceptsKeywordsAsNames) {
  const ast::Document doc =
      parse_ok("query query { fragment: on(type: true, null: null) { query mutation } }");
  const Selection& f = doc.operations.at(0).selection_set.at(0);
  EXPECT_EQ(f.alias->value, "fragment");
  EXPECT_EQ(f.name.value, "on");
  EXPECT_EQ(f.arguments.at(1).name.value, "null");
}

// ---- values ----

TEST(Parser, ParsesEveryValueKind) {
  const ast::Document doc = parse_ok(
      "{ f(i: -12, f: 1.5e3, s: \"x\\ty\", b: \"\"\"  block\"\"\", t: true, n: null, e: RED, "
      "l: [1, [2]], o: {a: 1, b: {c: $v}}, v: $v) }");
  const auto& args = doc.operations.at(0).selection_set.at(0).arguments;
  ASSERT_EQ(args.size(), 10u);
  EXPECT_EQ(args[0].value.kind, ValueNode::Kind::integer);
  EXPECT_EQ(args[0].value.text, "-12");
  EXPECT_EQ(args[1].value.kind, ValueNode::Kind::floating);
  EXPECT_EQ(args[1].value.text, "1.5e3");
  EXPECT_EQ(args[2].value.kind, ValueNode::Kind::string);
  EXPECT_EQ(args[2].value.text, "x\ty");
  EXPECT_FALSE(args[2].value.block);
  EXPECT_TRUE(args[3].value.block);
  EXPECT_EQ(args[3].value.text, "  block");
  EXPECT_EQ(args[4].value.kind, ValueNode::Kind::boolean);
  EXPECT_TRUE(args[4].value.boolean);
  EXPECT_EQ(args[5].value.kind, ValueNode::Kind::null);
  EXPECT_EQ(args[6].value.kind, ValueNode::Kind::enumeration);
  EXPECT_EQ(args[6].value.text, "RED");
  EXPECT_EQ(args[7].value.kind, ValueNode::Kind::list);
  EXPECT_EQ(args[7].value.list.at(1).list.at(0).text, "2");
  EXPECT_EQ(args[8].value.kind, ValueNode::Kind::object);
  EXPECT_EQ(args[8].value.fields.at(1).value.fields.at(0).value.kind, ValueNode::Kind::variable);
  EXPECT_EQ(args[8].value.fields.at(1).name.loc.column, 101u);
  EXPECT_EQ(args[9].value.kind, ValueNode::Kind::variable);
}

TEST(Parser, ValueLocationsPointAtTheirFirstToken) {
  const ast::Document doc = parse_ok("{ f(a: [1, {b: \"c\"}]) }");
  const ValueNode& list = doc.operations.at(0).selection_set.at(0).arguments.at(0).value;
  EXPECT_EQ(list.loc, (Location{1, 8}));
  EXPECT_EQ(list.list.at(0).loc, (Location{1, 9}));
  EXPECT_EQ(list.list.at(1).loc, (Location{1, 12}));
  EXPECT_EQ(list.list.at(1).fields.at(0).value.loc, (Location{1, 16}));
}

TEST(Parser, ParsesEmptyListsAndObjects) {
  const ast::Document doc = parse_ok("{ f(a: [], b: {}) }");
  const auto& args = doc.operations.at(0).selection_set.at(0).arguments;
  EXPECT_TRUE(args[0].value.list.empty());
  EXPECT_EQ(args[0].value.kind, ValueNode::Kind::list);
  EXPECT_TRUE(args[1].value.fields.empty());
  EXPECT_EQ(args[1].value.kind, ValueNode::Kind::object);
}

TEST(Parser, ParsesTypeReferences) {
  const ast::Document doc = parse_ok("query ($a: Int, $b: [Int], $c: [Int!]!, $d: [[Int]!]) { a }");
  const auto& vars = doc.operations.at(0).variables;
  EXPECT_EQ(type_string(vars[0].type), "Int");
  EXPECT_EQ(type_string(vars[1].type), "[Int]");
  EXPECT_EQ(type_string(vars[2].type), "[Int!]!");
  EXPECT_EQ(type_string(vars[3].type), "[[Int]!]");
  EXPECT_EQ(vars[2].type.loc, (Location{1, 32}));
  EXPECT_EQ(vars[2].type.of->loc, (Location{1, 32}));
  EXPECT_EQ(vars[2].type.of->of->loc, (Location{1, 33}));
}

TEST(ParseValue, ParsesConstantLiterals) {
  const ValueNode v = value_ok("{a: [1, \"two\", THREE], b: null}");
  EXPECT_EQ(v.kind, ValueNode::Kind::object);
  EXPECT_EQ(v.fields.at(0).value.list.at(2).text, "THREE");
  EXPECT_EQ(v.loc, (Location{1, 1}));
}

TEST(ParseValue, RejectsVariables) {
  auto r = parse_value("[1, $x]");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "Syntax Error: Unexpected variable \"$x\" in constant value.");
  EXPECT_EQ(r.error().loc, (Location{1, 5}));
}

TEST(ParseValue, RejectsTrailingTokens) {
  auto r = parse_value("1 2");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "Syntax Error: Expected <EOF>, found Int \"2\".");
  EXPECT_EQ(r.error().loc, (Location{1, 3}));
}

TEST(ParseValue, RejectsEmptyInput) {
  auto r = parse_value("  ");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "Syntax Error: Unexpected <EOF>.");
}

// ---- printing values ----

std::string reprint(std::string_view source) {
  return print_value(value_ok(source));
}

ValueNode block_string(std::string text) {
  ValueNode v;
  v.kind = ValueNode::Kind::string;
  v.block = true;
  v.text = std::move(text);
  return v;
}

TEST(PrintValue, PrintsListsAndObjectsAsGraphqlJs) {
  EXPECT_EQ(reprint("{ a : 1 b:[ 1 2 ]  }"), "{a: 1, b: [1, 2]}");
  EXPECT_EQ(reprint("{a: {b: [{c: \"d\"}]}}"), "{a: {b: [{c: \"d\"}]}}");
  EXPECT_EQ(reprint("[]"), "[]");
  EXPECT_EQ(reprint("{}"), "{}");
  EXPECT_EQ(reprint("[true, false, null]"), "[true, false, null]");
  EXPECT_EQ(reprint("ENUM"), "ENUM");
  EXPECT_EQ(reprint("-1.5e10"), "-1.5e10");
}

TEST(PrintValue, PrintsVariables) {
  const ast::Document doc = parse_ok("{ f(a: [$x]) }");
  EXPECT_EQ(print_value(doc.operations.at(0).selection_set.at(0).arguments.at(0).value), "[$x]");
}

TEST(PrintValue, EscapesStringsAsGraphqlJs) {
  EXPECT_EQ(reprint(R"("a\u0001b\u007f\u0085\u00a0\n\t\"\\/é😀\b\f\r")"),
            "\"a\\u0001b\\u007F\\u0085\xC2\xA0\\n\\t\\\"\\\\/é😀\\b\\f\\r\"");
}

TEST(PrintValue, PrintsBlockStringsAsGraphqlJs) {
  EXPECT_EQ(reprint("\"\"\"a\"\"\""), "\"\"\"a\"\"\"");
  EXPECT_EQ(reprint("\"\"\"  a\n    b\"\"\""), "\"\"\"\n  a\nb\n\"\"\"");
  EXPECT_EQ(reprint("\"\"\"a\n b\"\"\""), "\"\"\"\na\nb\n\"\"\"");
  EXPECT_EQ(reprint("\"\"\" a \"\"\""), "\"\"\" a \"\"\"");
  EXPECT_EQ(reprint("\"\"\"a \"quote\" \"\"\""), "\"\"\"a \"quote\" \"\"\"");
  EXPECT_EQ(reprint("\"\"\"contains \\\"\"\" triple\"\"\""),
            "\"\"\"contains \\\"\"\" triple\"\"\"");
  EXPECT_EQ(reprint("\"\"\"first\n  second\n\n  third\"\"\""),
            "\"\"\"\nfirst\nsecond\n\nthird\n\"\"\"");
  EXPECT_EQ(reprint("\"\"\"\"\"\""), "\"\"\"\"\"\"");
  EXPECT_EQ(reprint("\"\"\"\ttab\"\"\""), "\"\"\"\ttab\"\"\"");
}

TEST(PrintValue, BlockStringEdgeCasesMatchPrintBlockString) {
  EXPECT_EQ(print_value(block_string("ends with slash\\")), "\"\"\"\nends with slash\\\n\"\"\"");
  EXPECT_EQ(print_value(block_string("ends with quote\"")), "\"\"\"\nends with quote\"\n\"\"\"");
  EXPECT_EQ(print_value(block_string("a\r\nb")), "\"\"\"\na\r\nb\n\"\"\"");
  EXPECT_EQ(print_value(block_string(" lead")), "\"\"\" lead\"\"\"");
  EXPECT_EQ(print_value(block_string("ends with \"\"\"")), "\"\"\"\nends with \\\"\"\"\n\"\"\"");
  // Longer than 70 UTF-16 code units goes on its own line; é counts one, 😀 two.
  EXPECT_EQ(print_value(block_string(std::string(70, 'x'))),
            "\"\"\"" + std::string(70, 'x') + "\"\"\"");
  std::string e71;
  for (int i = 0; i < 71; ++i)
    e71 += "é";
  EXPECT_EQ(print_value(block_string(e71)), "\"\"\"\n" + e71 + "\n\"\"\"");
  std::string smile36;
  for (int i = 0; i < 36; ++i)
    smile36 += "😀";
  EXPECT_EQ(print_value(block_string(smile36)), "\"\"\"\n" + smile36 + "\n\"\"\"");
}

// ---- SDL ----

TEST(Parser, ParsesSchemaDefinition) {
  const ast::Document doc =
      parse_ok("\"The schema\" schema @d { query: Q mutation: M subscription: S }");
  ASSERT_EQ(doc.schemas.size(), 1u);
  const ast::SchemaDefinition& s = doc.schemas[0];
  EXPECT_FALSE(s.extension);
  EXPECT_EQ(s.description, "The schema");
  EXPECT_EQ(s.loc, (Location{1, 1}));
  EXPECT_EQ(s.directives.size(), 1u);
  ASSERT_EQ(s.operation_types.size(), 3u);
  EXPECT_EQ(s.operation_types[1].operation, ast::OperationType::mutation);
  EXPECT_EQ(s.operation_types[1].type.value, "M");
  EXPECT_EQ(s.operation_types[1].loc, (Location{1, 35}));
}

TEST(Parser, ParsesScalarDefinition) {
  const ast::Document doc = parse_ok("scalar Date @specifiedBy(url: \"https://x\")");
  const TypeDefinition& t = doc.types.at(0);
  EXPECT_EQ(t.kind, TypeDefinition::Kind::scalar);
  EXPECT_EQ(t.name.value, "Date");
  EXPECT_EQ(t.directives.at(0).arguments.at(0).value.text, "https://x");
}

TEST(Parser, ParsesObjectTypeWithFieldsAndArguments) {
  const ast::Document doc = parse_ok(R"(
"""
A person.
"""
type Person implements Node & Named @key(fields: "id") {
  "The id." id: ID!
  friends(first: Int = 10 @deprecated, "cursor" after: String): [Person!]! @cost(weight: 2)
}
)");
  const TypeDefinition& t = doc.types.at(0);
  EXPECT_EQ(t.kind, TypeDefinition::Kind::object);
  EXPECT_EQ(t.description, "A person.");
  EXPECT_EQ(t.loc, (Location{2, 1}));
  EXPECT_EQ(t.name.loc, (Location{5, 6}));
  ASSERT_EQ(t.interfaces.size(), 2u);
  EXPECT_EQ(t.interfaces[1].value, "Named");
  EXPECT_EQ(t.interfaces[1].loc, (Location{5, 31}));
  ASSERT_EQ(t.fields.size(), 2u);
  EXPECT_EQ(t.fields[0].description, "The id.");
  EXPECT_EQ(t.fields[0].loc, (Location{6, 3}));
  EXPECT_EQ(type_string(t.fields[0].type), "ID!");
  const ast::FieldDefinition& friends = t.fields[1];
  EXPECT_EQ(friends.loc, (Location{7, 3}));
  ASSERT_EQ(friends.arguments.size(), 2u);
  EXPECT_EQ(print_value(*friends.arguments[0].default_value), "10");
  EXPECT_EQ(friends.arguments[0].directives.at(0).name.value, "deprecated");
  EXPECT_EQ(friends.arguments[1].description, "cursor");
  EXPECT_EQ(friends.arguments[1].loc, (Location{7, 40}));
  EXPECT_EQ(type_string(friends.type), "[Person!]!");
  EXPECT_EQ(friends.directives.at(0).name.value, "cost");
}

TEST(Parser, AcceptsLeadingAmpersandInImplements) {
  const ast::Document doc = parse_ok("type A implements & B & C { a: Int }");
  ASSERT_EQ(doc.types.at(0).interfaces.size(), 2u);
  EXPECT_EQ(doc.types.at(0).interfaces[0].value, "B");
}

TEST(Parser, ParsesInterfacesImplementingInterfaces) {
  const ast::Document doc = parse_ok("interface Resource implements Node & Entity { id: ID! }");
  const TypeDefinition& t = doc.types.at(0);
  EXPECT_EQ(t.kind, TypeDefinition::Kind::interface);
  ASSERT_EQ(t.interfaces.size(), 2u);
  EXPECT_EQ(t.interfaces[1].value, "Entity");
}

TEST(Parser, ParsesTypesWithoutFields) {
  const ast::Document doc = parse_ok("type Empty interface I union U enum E input In");
  ASSERT_EQ(doc.types.size(), 5u);
  EXPECT_TRUE(doc.types[0].fields.empty());
  EXPECT_EQ(doc.types[4].kind, TypeDefinition::Kind::input_object);
}

TEST(Parser, ParsesUnionMembers) {
  const ast::Document doc = parse_ok("union A @d = B | C\nunion D = | E | F");
  ASSERT_EQ(doc.types.size(), 2u);
  EXPECT_EQ(doc.types[0].kind, TypeDefinition::Kind::union_type);
  ASSERT_EQ(doc.types[0].members.size(), 2u);
  EXPECT_EQ(doc.types[0].members[1].value, "C");
  EXPECT_EQ(doc.types[0].members[1].loc, (Location{1, 18}));
  EXPECT_EQ(doc.types[1].members.size(), 2u);
}

TEST(Parser, ParsesEnumValues) {
  const ast::Document doc = parse_ok("enum Color { RED \"green\" GREEN @deprecated BLUE }");
  const TypeDefinition& t = doc.types.at(0);
  EXPECT_EQ(t.kind, TypeDefinition::Kind::enumeration);
  ASSERT_EQ(t.values.size(), 3u);
  EXPECT_EQ(t.values[1].description, "green");
  EXPECT_EQ(t.values[1].loc, (Location{1, 18}));
  EXPECT_EQ(t.values[1].name.loc, (Location{1, 26}));
  EXPECT_EQ(t.values[1].directives.size(), 1u);
}

TEST(Parser, RejectsReservedEnumValueNames) {
  const SyntaxError e = parse_error("enum E { A false }");
  EXPECT_EQ(e.message,
            "Syntax Error: Name \"false\" is reserved and cannot be used for an enum value.");
  EXPECT_EQ(e.loc, (Location{1, 12}));
}

TEST(Parser, ParsesInputObjects) {
  const ast::Document doc =
      parse_ok("input Point { x: Float! = 0 y: Float @d \"z\" z: [Float] = [] }");
  const TypeDefinition& t = doc.types.at(0);
  EXPECT_EQ(t.kind, TypeDefinition::Kind::input_object);
  ASSERT_EQ(t.input_fields.size(), 3u);
  EXPECT_EQ(print_value(*t.input_fields[0].default_value), "0");
  EXPECT_EQ(t.input_fields[1].directives.size(), 1u);
  EXPECT_EQ(t.input_fields[2].description, "z");
  EXPECT_EQ(t.input_fields[2].loc, (Location{1, 41}));
}

TEST(Parser, ParsesDirectiveDefinitions) {
  const ast::Document doc = parse_ok(
      "\"Cache.\" directive @cache(ttl: Int = 60) repeatable on FIELD_DEFINITION | OBJECT\n"
      "directive @tag on | QUERY | DIRECTIVE_DEFINITION");
  ASSERT_EQ(doc.directives.size(), 2u);
  const ast::DirectiveDefinition& d = doc.directives[0];
  EXPECT_EQ(d.description, "Cache.");
  EXPECT_EQ(d.loc, (Location{1, 1}));
  EXPECT_EQ(d.name.value, "cache");
  EXPECT_EQ(d.name.loc, (Location{1, 21}));
  EXPECT_TRUE(d.repeatable);
  ASSERT_EQ(d.arguments.size(), 1u);
  EXPECT_EQ(print_value(*d.arguments[0].default_value), "60");
  ASSERT_EQ(d.locations.size(), 2u);
  EXPECT_EQ(d.locations[0].value, "FIELD_DEFINITION");
  EXPECT_EQ(d.locations[1].loc, (Location{1, 75}));
  EXPECT_FALSE(doc.directives[1].repeatable);
  EXPECT_EQ(doc.directives[1].locations.size(), 2u);
}

TEST(Parser, RejectsUnknownDirectiveLocation) {
  const SyntaxError e = parse_error("directive @d on FIELD | NOWHERE");
  EXPECT_EQ(e.message, "Syntax Error: Unexpected Name \"NOWHERE\".");
  EXPECT_EQ(e.loc, (Location{1, 25}));
}

TEST(Parser, ParsesEveryKindOfExtension) {
  const ast::Document doc = parse_ok(R"(extend schema @d { subscription: S }
extend scalar Date @d
extend type T implements I @d { b: Int }
extend interface I implements J { c: Int }
extend union U = V
extend enum E { F }
extend input In { g: Int })");
  ASSERT_EQ(doc.schemas.size(), 1u);
  EXPECT_TRUE(doc.schemas[0].extension);
  EXPECT_EQ(doc.schemas[0].operation_types.at(0).operation, ast::OperationType::subscription);
  ASSERT_EQ(doc.types.size(), 6u);
  for (const TypeDefinition& t : doc.types)
    EXPECT_TRUE(t.extension) << t.name.value;
  EXPECT_EQ(doc.types[0].kind, TypeDefinition::Kind::scalar);
  EXPECT_EQ(doc.types[1].kind, TypeDefinition::Kind::object);
  EXPECT_EQ(doc.types[1].loc, (Location{3, 1}));
  EXPECT_EQ(doc.types[1].interfaces.at(0).value, "I");
  EXPECT_EQ(doc.types[2].kind, TypeDefinition::Kind::interface);
  EXPECT_EQ(doc.types[3].members.at(0).value, "V");
  EXPECT_EQ(doc.types[4].values.at(0).name.value, "F");
  EXPECT_EQ(doc.types[5].input_fields.at(0).name.value, "g");
}

TEST(Parser, ExtensionsNeedSomething) {
  EXPECT_EQ(parse_error("extend type T").message, "Syntax Error: Unexpected <EOF>.");
  EXPECT_EQ(parse_error("extend schema query").message, "Syntax Error: Unexpected Name \"query\".");
  EXPECT_EQ(parse_error("extend enum E {}").message, "Syntax Error: Expected Name, found \"}\".");
}

TEST(Parser, ParsesMixedExecutableAndSdlDocument) {
  const ast::Document doc = parse_ok("type Query { a: Int }\n{ a }\ndirective @d on FIELD");
  EXPECT_EQ(doc.types.size(), 1u);
  EXPECT_EQ(doc.operations.size(), 1u);
  EXPECT_EQ(doc.operations[0].loc, (Location{2, 1}));
  EXPECT_EQ(doc.directives.size(), 1u);
}

TEST(Parser, CountsColumnsInUtf16CodeUnits) {
  const SyntaxError e = parse_error("{ a(x: \"\xC3\xA9\xF0\x9F\x98\x80\") b(y: $) }");
  EXPECT_EQ(e.message, "Syntax Error: Expected Name, found \")\".");
  EXPECT_EQ(e.loc, (Location{1, 21}));
}

// ---- syntax errors, each checked against graphql-js 16.15 ----

struct ErrorCase {
  std::string_view source;
  std::string_view message;
  std::uint32_t line;
  std::uint32_t column;
};

void PrintTo(const ErrorCase& c, std::ostream* os) {
  *os << ::testing::PrintToString(std::string(c.source));
}

class SyntaxErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(SyntaxErrors, MatchGraphqlJs) {
  const ErrorCase& c = GetParam();
  auto result = parse(c.source);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message, c.message);
  EXPECT_EQ(result.error().loc, (Location{c.line, c.column}));
}

const ErrorCase kErrorCases[] = {
    {"fragment F($a: Int) on T { a }"sv, "Syntax Error: Expected \"on\", found \"(\".", 1, 11},
    {"fragment on on T { a }"sv, "Syntax Error: Unexpected Name \"on\".", 1, 10},
    {"fragment \"on\" on T { a }"sv, "Syntax Error: Unexpected String \"on\".", 1, 10},
    {"{"sv, "Syntax Error: Expected Name, found <EOF>.", 1, 2},
    {"}"sv, "Syntax Error: Unexpected \"}\".", 1, 1},
    {""sv, "Syntax Error: Unexpected <EOF>.", 1, 1},
    {"   "sv, "Syntax Error: Unexpected <EOF>.", 1, 4},
    {"# only comment"sv, "Syntax Error: Unexpected <EOF>.", 1, 15},
    {"query"sv, "Syntax Error: Expected \"{\", found <EOF>.", 1, 6},
    {"query Q"sv, "Syntax Error: Expected \"{\", found <EOF>.", 1, 8},
    {"query Q {"sv, "Syntax Error: Expected Name, found <EOF>.", 1, 10},
    {"query Q { a("sv, "Syntax Error: Expected Name, found <EOF>.", 1, 13},
    {"query Q { a() }"sv, "Syntax Error: Expected Name, found \")\".", 1, 13},
    {"{ a(b: ) }"sv, "Syntax Error: Unexpected \")\".", 1, 8},
    {"{ a(b: $) }"sv, "Syntax Error: Expected Name, found \")\".", 1, 9},
    {"query ($a: Int = $b) { a }"sv, "Syntax Error: Unexpected variable \"$b\" in constant value.",
     1, 18},
    {"query ($a: Int = $) { a }"sv, "Syntax Error: Unexpected \"$\".", 1, 18},
    {"foo { a }"sv, "Syntax Error: Unexpected Name \"foo\".", 1, 1},
    {"\"d\" { a }"sv,
     "Syntax Error: Unexpected description, descriptions are not supported on shorthand queries.",
     1, 1},
    {"\"d\" foo"sv,
     "Syntax Error: Unexpected description, only GraphQL definitions support descriptions.", 1, 1},
    {"\"d\" extend type A @a"sv,
     "Syntax Error: Unexpected description, only GraphQL definitions support descriptions.", 1, 1},
    {"schema {}"sv, "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {"schema { foo: Q }"sv, "Syntax Error: Unexpected Name \"foo\".", 1, 10},
    {"extend schema"sv, "Syntax Error: Unexpected <EOF>.", 1, 14},
    {"extend foo"sv, "Syntax Error: Unexpected Name \"foo\".", 1, 8},
    {"extend \"x\""sv, "Syntax Error: Unexpected String \"x\".", 1, 8},
    {"extend directive @a on FIELD"sv, "Syntax Error: Unexpected Name \"directive\".", 1, 8},
    {"extend scalar S"sv, "Syntax Error: Unexpected <EOF>.", 1, 16},
    {"type A implements B C"sv, "Syntax Error: Unexpected Name \"C\".", 1, 21},
    {"type A implements"sv, "Syntax Error: Expected Name, found <EOF>.", 1, 18},
    {"type A { }"sv, "Syntax Error: Expected Name, found \"}\".", 1, 10},
    {"type A { f }"sv, "Syntax Error: Expected \":\", found \"}\".", 1, 12},
    {"type A { f: }"sv, "Syntax Error: Expected Name, found \"}\".", 1, 13},
    {"type A { f(): Int }"sv, "Syntax Error: Expected Name, found \")\".", 1, 12},
    {"extend type A"sv, "Syntax Error: Unexpected <EOF>.", 1, 14},
    {"extend interface I"sv, "Syntax Error: Unexpected <EOF>.", 1, 19},
    {"union U ="sv, "Syntax Error: Expected Name, found <EOF>.", 1, 10},
    {"extend union U"sv, "Syntax Error: Unexpected <EOF>.", 1, 15},
    {"enum E { true }"sv,
     "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.", 1, 10},
    {"enum E { null }"sv,
     "Syntax Error: Name \"null\" is reserved and cannot be used for an enum value.", 1, 10},
    {"enum E { \"true\" }"sv, "Syntax Error: Expected Name, found \"}\".", 1, 17},
    {"enum E {}"sv, "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {"extend enum E"sv, "Syntax Error: Unexpected <EOF>.", 1, 14},
    {"input I { a(x: Int): Int }"sv, "Syntax Error: Expected \":\", found \"(\".", 1, 12},
    {"extend input I"sv, "Syntax Error: Unexpected <EOF>.", 1, 15},
    {"directive @d on FOO"sv, "Syntax Error: Unexpected Name \"FOO\".", 1, 17},
    {"directive @d"sv, "Syntax Error: Expected \"on\", found <EOF>.", 1, 13},
    {"directive d on FIELD"sv, "Syntax Error: Expected \"@\", found Name \"d\".", 1, 11},
    {"directive @d repeatable FIELD"sv, "Syntax Error: Expected \"on\", found Name \"FIELD\".", 1,
     25},
    {"type A { f(a: Int = $x): Int }"sv,
     "Syntax Error: Unexpected variable \"$x\" in constant value.", 1, 21},
    {"{ a(x: 1.) }"sv, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
    {"{ a(x: -a) }"sv, "Syntax Error: Invalid number, expected digit but got: \"a\".", 1, 9},
    {"{ a(x: 00) }"sv, "Syntax Error: Invalid number, unexpected digit after 0: \"0\".", 1, 9},
    {"{ a(x: 0x1) }"sv, "Syntax Error: Invalid number, expected digit but got: \"x\".", 1, 9},
    {"{ a(x: 1e) }"sv, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
    {"{ a(x: 1e+) }"sv, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 11},
    {"{ a(x: 1a) }"sv, "Syntax Error: Invalid number, expected digit but got: \"a\".", 1, 9},
    {"{ a(x: 1.2.3) }"sv, "Syntax Error: Invalid number, expected digit but got: \".\".", 1, 11},
    {"{ a(x: -) }"sv, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 9},
    {"{ a(x: 123"sv, "Syntax Error: Expected Name, found <EOF>.", 1, 11},
    {"{ a(x: 1e1e1) }"sv, "Syntax Error: Invalid number, expected digit but got: \"e\".", 1, 11},
    {"{ a(x: \"abc) }"sv, "Syntax Error: Unterminated string.", 1, 15},
    {"{ a(x: \"abc\n\") }"sv, "Syntax Error: Unterminated string.", 1, 12},
    {"{ a(x: \"\\x\") }"sv, "Syntax Error: Invalid character escape sequence: \"\\x\".", 1, 9},
    {"{ a(x: \"\\u12\") }"sv, "Syntax Error: Invalid Unicode escape sequence: \"\\u12\")\".", 1, 9},
    {"{ a(x: \"\\uXYZW\") }"sv, "Syntax Error: Invalid Unicode escape sequence: \"\\uXYZW\".", 1,
     9},
    {"{ a(x: \"\\u{}\") }"sv, "Syntax Error: Invalid Unicode escape sequence: \"\\u{}\".", 1, 9},
    {"{ a(x: \"\\u{110000}\") }"sv,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\".", 1, 9},
    {"{ a(x: \"\\u{12345678}\") }"sv,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{12345678}\".", 1, 9},
    {"{ a(x: \"\\u{123456789}\") }"sv,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{123456789\".", 1, 9},
    {"{ a(x: \"\\u{FFFFFFFFF}\") }"sv,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{FFFFFFFF\".", 1, 9},
    {"{ a(x: \"\\u{1F600\") }"sv, "Syntax Error: Invalid Unicode escape sequence: \"\\u{1F600\"\".",
     1, 9},
    {"{ a(x: \"\\uD83D\\u0041\") }"sv,
     "Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\".", 1, 9},
    {"{ a(x: \"\\uD83D\") }"sv, "Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\".", 1,
     9},
    {"{ a(x: \"\\uDC00\\uD83D\") }"sv,
     "Syntax Error: Invalid Unicode escape sequence: \"\\uDC00\".", 1, 9},
    {"{ a(x: \"\\u"sv, "Syntax Error: Invalid Unicode escape sequence: \"\\u\".", 1, 9},
    {"{ a(x: \"\\"sv, "Syntax Error: Invalid character escape sequence: \"\\\".", 1, 9},
    {"{ a(x: \"\\\xC3"
     "\xA9"
     "\") }"sv,
     "Syntax Error: Invalid character escape sequence: \"\\\xC3"
     "\xA9"
     "\".",
     1, 9},
    {"{ a(x: \"\\u{\xC3"
     "\xA9"
     "}\") }"sv,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{\xC3"
     "\xA9"
     "\".",
     1, 9},
    {"{ a(x: \"\"\"abc) }"sv, "Syntax Error: Unterminated string.", 1, 17},
    {"'a'"sv,
     "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote "
     "(\")?",
     1, 1},
    {"{ a(x: 'b') }"sv,
     "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote "
     "(\")?",
     1, 8},
    {"."sv, "Syntax Error: Unexpected character: \".\".", 1, 1},
    {".."sv, "Syntax Error: Unexpected character: \".\".", 1, 1},
    {"{ ..a }"sv, "Syntax Error: Unexpected character: \".\".", 1, 3},
    {"{ a ... }"sv, "Syntax Error: Expected \"{\", found \"}\".", 1, 9},
    {"{ ... }"sv, "Syntax Error: Expected \"{\", found \"}\".", 1, 7},
    {"{ ... on }"sv, "Syntax Error: Expected Name, found \"}\".", 1, 10},
    {"{ ... on T }"sv, "Syntax Error: Expected \"{\", found \"}\".", 1, 12},
    {"{ ...on }"sv, "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {"\xC3"
     "\xA9"
     ""sv,
     "Syntax Error: Unexpected character: U+00E9.", 1, 1},
    {"{ \xC3"
     "\xA9"
     " }"sv,
     "Syntax Error: Unexpected character: U+00E9.", 1, 3},
    {"\xF0"
     "\x9F"
     "\x98"
     "\x80"
     ""sv,
     "Syntax Error: Unexpected character: U+1F600.", 1, 1},
    {"{ a(x: \"\xF0"
     "\x9F"
     "\x98"
     "\x80"
     "\xC3"
     "\xA9"
     "\") b(y: $) }"sv,
     "Syntax Error: Expected Name, found \")\".", 1, 21},
    {"\x07"
     ""sv,
     "Syntax Error: Unexpected character: U+0007.", 1, 1},
    {"{ \x00"
     " }"sv,
     "Syntax Error: Unexpected character: U+0000.", 1, 3},
    {"\"\x07"
     "\""sv,
     "Syntax Error: Unexpected <EOF>.", 1, 4},
    {"\xEF"
     "\xBF"
     "\xBD"
     ""sv,
     "Syntax Error: Unexpected character: U+FFFD.", 1, 1},
    {"{ a }\r\n{ b }\r{ c }\n{ d(x: \"y\") e(z: @) }"sv, "Syntax Error: Unexpected \"@\".", 4, 18},
    {"\"\"\"\n  a\n  b\n\"\"\"\nquery { a( }"sv, "Syntax Error: Expected Name, found \"}\".", 5,
     12},
    {"{ a(x: \"\"\"\n   x\n  \"\"\" b: @) }"sv, "Syntax Error: Unexpected \"@\".", 3, 10},
    {"# c\n# \xF0"
     "\x9F"
     "\x98"
     "\x80"
     " d\n   {a(x:@)}"sv,
     "Syntax Error: Unexpected \"@\".", 3, 9},
    {"{ a(x: {b}) }"sv, "Syntax Error: Expected \":\", found \"}\".", 1, 10},
    {"{ a(x: {1: 2}) }"sv, "Syntax Error: Expected Name, found Int \"1\".", 1, 9},
    {"{ a(x: [1 2 3 }"sv, "Syntax Error: Unexpected \"}\".", 1, 15},
    {"{ a @ }"sv, "Syntax Error: Expected Name, found \"}\".", 1, 7},
    {"{ a @d( }"sv, "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {"{ a: }"sv, "Syntax Error: Expected Name, found \"}\".", 1, 6},
    {"{ a: b: c }"sv, "Syntax Error: Expected Name, found \":\".", 1, 7},
    {"query Q($a) { a }"sv, "Syntax Error: Expected \":\", found \")\".", 1, 11},
    {"query Q($a: ) { a }"sv, "Syntax Error: Expected Name, found \")\".", 1, 13},
    {"query Q($a: [Int) { a }"sv, "Syntax Error: Expected \"]\", found \")\".", 1, 17},
    {"query Q($a: Int!!) { a }"sv, "Syntax Error: Expected \"$\", found \"!\".", 1, 17},
    {"query Q(a: Int) { a }"sv, "Syntax Error: Expected \"$\", found Name \"a\".", 1, 9},
    {"query Q($a: Int @d(x: $y)) { a }"sv,
     "Syntax Error: Unexpected variable \"$y\" in constant value.", 1, 23},
    {"query Q() { a }"sv, "Syntax Error: Expected \"$\", found \")\".", 1, 9},
    {"query Q { a } garbage"sv, "Syntax Error: Unexpected Name \"garbage\".", 1, 15},
    {"\"\" \"\""sv, "Syntax Error: Unexpected String \"\".", 1, 4},
    {"scalar X @d(a: 1) @d(a: 2"sv, "Syntax Error: Expected Name, found <EOF>.", 1, 26},
};

INSTANTIATE_TEST_SUITE_P(GraphqlJs, SyntaxErrors, ::testing::ValuesIn(kErrorCases));

// ---- limits ----

TEST(ParseLimits, RefusesDocumentsWithTooManyTokens) {
  const SyntaxError e = parse_error("{ a(x: 1) }", ParseLimits{.max_tokens = 3});
  EXPECT_EQ(e.message, "Syntax Error: Document contains more that 3 tokens. Parsing aborted.");
  EXPECT_EQ(e.loc, (Location{1, 5}));
}

TEST(ParseLimits, AcceptsDocumentsAtTheTokenLimit) {
  // Six tokens: { a ( x : 1 ) } is eight; <EOF> and comments do not count.
  EXPECT_TRUE(parse("{ a(x: 1) } # comment", ParseLimits{.max_tokens = 8}).has_value());
  EXPECT_FALSE(parse("{ a(x: 1) }", ParseLimits{.max_tokens = 7}).has_value());
}

std::string nested(std::string_view open, std::string_view middle, std::string_view close,
                   std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i)
    s += open;
  s += middle;
  for (std::size_t i = 0; i < n; ++i)
    s += close;
  return s;
}

TEST(ParseLimits, BoundsSelectionSetNesting) {
  const ParseLimits limits{.max_depth = 5};
  EXPECT_TRUE(parse(nested("{ a ", "b", "}", 5), limits).has_value());
  const SyntaxError e = parse_error(nested("{ a ", "b", "}", 6), limits);
  EXPECT_EQ(e.message, "Syntax Error: Document nesting exceeds 5 levels.");
  EXPECT_EQ(e.loc, (Location{1, 21}));
}

TEST(ParseLimits, BoundsListAndObjectValueNesting) {
  const ParseLimits limits{.max_depth = 4};
  // The selection set is one level; the values get the rest.
  EXPECT_TRUE(parse("{ f(a: " + nested("[", "1", "]", 3) + ") }", limits).has_value());
  EXPECT_FALSE(parse("{ f(a: " + nested("[", "1", "]", 4) + ") }", limits).has_value());
  EXPECT_FALSE(parse("{ f(a: " + nested("{a: ", "1", "}", 4) + ") }", limits).has_value());
  EXPECT_TRUE(parse_value(nested("[", "1", "]", 4), limits).has_value());
  EXPECT_FALSE(parse_value(nested("{a: [", "1", "]}", 3), limits).has_value());
}

TEST(ParseLimits, BoundsListTypeNesting) {
  const ParseLimits limits{.max_depth = 3};
  EXPECT_TRUE(parse("type T { f: " + nested("[", "Int", "]!", 3) + " }", limits).has_value());
  const SyntaxError e = parse_error("type T { f: " + nested("[", "Int", "]", 4) + " }", limits);
  EXPECT_EQ(e.message, "Syntax Error: Document nesting exceeds 3 levels.");
}

TEST(ParseLimits, HostileNestingFailsCleanlyEvenWithAHugeLimit) {
  // The caller's limit is capped internally, so the recursion never nears the stack's end.
  const ParseLimits limits{.max_tokens = 10'000'000, .max_depth = 100'000'000};
  const std::size_t n = 200'000;
  for (const std::string& source :
       {"{ f(x: " + nested("[", "", "", n), "{ f(x: " + nested("{a:", "", "", n),
        nested("{ a ", "", "", n), "query ($v: " + nested("[", "", "", n)}) {
    auto r = parse(source, limits);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "Syntax Error: Document nesting exceeds 1024 levels.");
  }
  EXPECT_FALSE(parse_value(nested("[", "", "", n), limits).has_value());
}

TEST(ParseLimits, DefaultLimitsAcceptOrdinaryDeepQueries) {
  EXPECT_TRUE(parse(nested("{ a ", "b", "}", 100)).has_value());
  EXPECT_FALSE(parse(nested("{ a ", "b", "}", 129)).has_value());
}

// ---- robustness ----

TEST(Parser, NeverCrashesOnRandomBytes) {
  std::mt19937 rng(12345);
  const std::string alphabet =
      "{}()[]:$@!=|&.\"\\ \n\r\t,#aZ_09-+eE\xC3\xA9\xF0\x9F\x98\x80\xFF\xED\x00";
  for (int i = 0; i < 3000; ++i) {
    std::string source;
    const std::size_t n = rng() % 64;
    for (std::size_t k = 0; k < n; ++k) {
      source += (i % 2 == 0) ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() & 0xFF);
    }
    auto r = parse(source);
    if (!r) {
      EXPECT_EQ(r.error().message.rfind("Syntax Error: ", 0), 0u);
      EXPECT_GE(r.error().loc.line, 1u);
      EXPECT_GE(r.error().loc.column, 1u);
    }
    (void)parse_value(source);
  }
}

TEST(Parser, ParsesTheIntrospectionQuery) {
  std::string source;
  {
    FILE* f = std::fopen(STASHQL_TEST_DATA "/fuzz/corpus/parser/introspection.graphql", "rb");
    ASSERT_NE(f, nullptr);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
      source.append(buf, n);
    std::fclose(f);
  }
  const ast::Document doc = parse_ok(source);
  ASSERT_EQ(doc.operations.size(), 1u);
  EXPECT_EQ(doc.operations[0].name->value, "IntrospectionQuery");
  EXPECT_EQ(doc.fragments.size(), 3u);
  ASSERT_NE(doc.fragment("TypeRef"), nullptr);
}

}  // namespace
}  // namespace stashql
