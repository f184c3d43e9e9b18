// Input coercion as graphql-js 16 does it: request variables (every coercion error, its
// message, location and path, and the error limit) and field arguments (literals, variables,
// defaults, and the errors that null a field). The expected responses are graphql-js's own.
#include "graphql/coercion.hpp"

#include <string>

#include <gtest/gtest.h>

#include <stashql/execution.hpp>
#include <stashql/json.hpp>
#include <stashql/parser.hpp>

#include "graphql/js_values.hpp"
#include "unit/graphql/execution_fixture.hpp"

namespace stashql {
namespace {

std::string run(std::string_view query, std::string_view root = "{}",
                const char* variables = nullptr, std::string_view operation = {}) {
  return testing::fixture().run(query, root, variables, operation);
}

TEST(VariableCoercion, MissingRequiredVariableIsARequestError) {
  EXPECT_EQ(run(R"j(query Q($x: Int!) { int })j", R"j({})j", R"j({})j"),
            R"j({"errors":[{"message":"Variable \"$x\" of required type \"Int!\" was )j"
            R"j(not provided.","locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, NullForNonNullVariable) {
  EXPECT_EQ(run(R"j(query Q($x: Int!) { int })j", R"j({})j", R"j({"x": null})j"),
            R"j({"errors":[{"message":"Variable \"$x\" of non-null type \"Int!\" must )j"
            R"j(not be null.","locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, IntVariableRejectsString) {
  EXPECT_EQ(run(R"j(query Q($x: Int) { echo(req: 1, int: $x) })j", R"j({})j", R"j({"x": "1"})j"),
            R"j({"errors":[{"message":"Variable \"$x\" got invalid value \"1\"; Int )j"
            R"j(cannot represent non-integer value: \"1\"","locations":[{"line":1,)j"
            R"j("column":9}]}]})j");
}

TEST(VariableCoercion, IntVariableRejectsFraction) {
  EXPECT_EQ(run(R"j(query Q($x: Int) { echo(req: 1, int: $x) })j", R"j({})j", R"j({"x": 1.5})j"),
            R"j({"errors":[{"message":"Variable \"$x\" got invalid value 1.5; Int cannot )j"
            R"j(represent non-integer value: 1.5","locations":[{"line":1,)j"
            R"j("column":9}]}]})j");
}

TEST(VariableCoercion, IntVariableRejectsOutOfRange) {
  EXPECT_EQ(
      run(R"j(query Q($x: Int) { echo(req: 1, int: $x) })j", R"j({})j", R"j({"x": 3000000000})j"),
      R"j({"errors":[{"message":"Variable \"$x\" got invalid value 3000000000; )j"
      R"j(Int cannot represent non 32-bit signed integer value: 3000000000",)j"
      R"j("locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, IntVariableAcceptsIntegralFloat) {
  EXPECT_EQ(run(R"j(query Q($x: Int) { echo(req: 1, int: $x) })j", R"j({})j", R"j({"x": 4.0})j"),
            R"j({"data":{"echo":"{\"int\":4,\"req\":1,\"def\":42}"}})j");
}

TEST(VariableCoercion, FloatVariableRejectsString) {
  EXPECT_EQ(
      run(R"j(query Q($x: Float) { echo(req: 1, float: $x) })j", R"j({})j", R"j({"x": "1.5"})j"),
      R"j({"errors":[{"message":"Variable \"$x\" got invalid value \"1.5\"; Float )j"
      R"j(cannot represent non numeric value: \"1.5\"","locations":[{"line":1,)j"
      R"j("column":9}]}]})j");
}

TEST(VariableCoercion, FloatVariableAcceptsInteger) {
  EXPECT_EQ(run(R"j(query Q($x: Float) { echo(req: 1, float: $x) })j", R"j({})j", R"j({"x": 2})j"),
            R"j({"data":{"echo":"{\"float\":2,\"req\":1,\"def\":42}"}})j");
}

TEST(VariableCoercion, StringVariableRejectsNumber) {
  EXPECT_EQ(run(R"j(query Q($x: String) { echo(req: 1, arg: $x) })j", R"j({})j", R"j({"x": 1})j"),
            R"j({"errors":[{"message":"Variable \"$x\" got invalid value 1; String cannot )j"
            R"j(represent a non string value: 1","locations":[{"line":1,)j"
            R"j("column":9}]}]})j");
}

TEST(VariableCoercion, BooleanVariableRejectsNumber) {
  EXPECT_EQ(run(R"j(query Q($x: Boolean) { echo(req: 1, flag: $x) })j", R"j({})j", R"j({"x": 1})j"),
            R"j({"errors":[{"message":"Variable \"$x\" got invalid value 1; Boolean )j"
            R"j(cannot represent a non boolean value: 1","locations":[{"line":1,)j"
            R"j("column":9}]}]})j");
}

TEST(VariableCoercion, IdVariableAcceptsIntegerAsString) {
  EXPECT_EQ(run(R"j(query Q($x: ID) { echo(req: 1, id: $x) })j", R"j({})j", R"j({"x": 17})j"),
            R"j({"data":{"echo":"{\"id\":\"17\",\"req\":1,\"def\":42}"}})j");
}

TEST(VariableCoercion, IdVariableRejectsFraction) {
  EXPECT_EQ(run(R"j(query Q($x: ID) { echo(req: 1, id: $x) })j", R"j({})j", R"j({"x": 1.5})j"),
            R"j({"errors":[{"message":"Variable \"$x\" got invalid value 1.5; ID cannot )j"
            R"j(represent value: 1.5","locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, IdVariableRejectsBoolean) {
  EXPECT_EQ(run(R"j(query Q($x: ID) { echo(req: 1, id: $x) })j", R"j({})j", R"j({"x": true})j"),
            R"j({"errors":[{"message":"Variable \"$x\" got invalid value true; ID cannot )j"
            R"j(represent value: true","locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, EnumVariableRejectsUnknownValue) {
  EXPECT_EQ(
      run(R"j(query Q($x: Color) { echo(req: 1, color: $x) })j", R"j({})j", R"j({"x": "PURPLE"})j"),
      R"j({"errors":[{"message":"Variable \"$x\" got invalid value \"PURPLE\"; )j"
      R"j(Value \"PURPLE\" does not exist in \"Color\" enum.",)j"
      R"j("locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, EnumVariableSuggestsCloseValue) {
  EXPECT_EQ(
      run(R"j(query Q($x: Color) { echo(req: 1, color: $x) })j", R"j({})j", R"j({"x": "Red"})j"),
      R"j({"errors":[{"message":"Variable \"$x\" got invalid value \"Red\"; Value )j"
      R"j(\"Red\" does not exist in \"Color\" enum. Did you mean the enum value )j"
      R"j(\"RED\"?","locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, EnumVariableRejectsNonString) {
  EXPECT_EQ(run(R"j(query Q($x: Color) { echo(req: 1, color: $x) })j", R"j({})j", R"j({"x": 1})j"),
            R"j({"errors":[{"message":"Variable \"$x\" got invalid value 1; Enum \"Color\" )j"
            R"j(cannot represent non-string value: 1.","locations":[{"line":1,)j"
            R"j("column":9}]}]})j");
}

TEST(VariableCoercion, InputObjectMissingRequiredField) {
  EXPECT_EQ(run(R"j(query Q($i: Input) { echo(req: 1, input: $i) })j", R"j({})j",
                R"j({"i": {"y": "a"}})j"),
            R"j({"errors":[{"message":"Variable \"$i\" got invalid value { y: \"a\" )j"
            R"j(}; Field \"x\" of required type \"Int!\" was not provided.",)j"
            R"j("locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, InputObjectUnknownFieldWithSuggestion) {
  EXPECT_EQ(run(R"j(query Q($i: Input) { echo(req: 1, input: $i) })j", R"j({})j",
                R"j({"i": {"x": 1, "xx": 2}})j"),
            R"j({"errors":[{"message":"Variable \"$i\" got invalid value { x: 1,)j"
            R"j( xx: 2 }; Field \"xx\" is not defined by type \"Input\". Did you mean )j"
            R"j(\"x\"?","locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, InputObjectMustBeAnObject) {
  EXPECT_EQ(
      run(R"j(query Q($i: Input) { echo(req: 1, input: $i) })j", R"j({})j", R"j({"i": "abc"})j"),
      R"j({"errors":[{"message":"Variable \"$i\" got invalid value \"abc\"; Expected )j"
      R"j(type \"Input\" to be an object.","locations":[{"line":1,)j"
      R"j("column":9}]}]})j");
}

TEST(VariableCoercion, NestedErrorNamesItsPath) {
  EXPECT_EQ(run(R"j(query Q($i: Input) { echo(req: 1, input: $i) })j", R"j({})j",
                R"j({"i": {"x": 1, "nested": {"x": 2, "z": [1, "two"]}}})j"),
            R"j({"errors":[{"message":"Variable \"$i\" got invalid value \"two\" at )j"
            R"j(\"i.nested.z[1]\"; Int cannot represent non-integer value: \"two\"",)j"
            R"j("locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, InputObjectDefaultsApply) {
  EXPECT_EQ(run(R"j(query Q($i: Input) { echo(req: 1, input: $i) })j", R"j({})j",
                R"j({"i": {"x": 1, "nested": {"x": 2}}})j"),
            R"j({"data":{"echo":"{\"input\":{\"x\":1,\"y\":\"dflt\",)j"
            R"j(\"nested\":{\"x\":2,\"y\":\"dflt\"}},\"req\":1,\"def\":42}"}})j");
}

TEST(VariableCoercion, SingleValueCoercesToList) {
  EXPECT_EQ(run(R"j(query Q($l: [Int]) { echo(req: 1, list: $l) })j", R"j({})j", R"j({"l": 5})j"),
            R"j({"data":{"echo":"{\"list\":[5],\"req\":1,\"def\":42}"}})j");
}

TEST(VariableCoercion, NullItemInNonNullListItems) {
  EXPECT_EQ(run(R"j(query Q($l: [Int!]) { int })j", R"j({})j", R"j({"l": [1, null]})j"),
            R"j({"errors":[{"message":"Variable \"$l\" got invalid value null at \"l[1]\"; )j"
            R"j(Expected non-nullable type \"Int!\" not to be null.",)j"
            R"j("locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, DefaultUsedWhenMissing) {
  EXPECT_EQ(run(R"j(query Q($x: Int = 7) { echo(req: 1, int: $x) })j", R"j({})j", R"j({})j"),
            R"j({"data":{"echo":"{\"int\":7,\"req\":1,\"def\":42}"}})j");
}

TEST(VariableCoercion, ExplicitNullOverridesDefault) {
  EXPECT_EQ(
      run(R"j(query Q($x: Int = 7) { echo(req: 1, int: $x) })j", R"j({})j", R"j({"x": null})j"),
      R"j({"data":{"echo":"{\"int\":null,\"req\":1,\"def\":42}"}})j");
}

TEST(VariableCoercion, ErrorsForSeveralVariablesInOrder) {
  EXPECT_EQ(run(R"j(query Q($a: Int, $b: String!, $c: Color) { int })j", R"j({})j",
                R"j({"a": "x", "c": "NOPE"})j"),
            R"j({"errors":[{"message":"Variable \"$a\" got invalid value \"x\"; Int )j"
            R"j(cannot represent non-integer value: \"x\"","locations":[{"line":1,)j"
            R"j("column":9}]},{"message":"Variable \"$b\" of required type \"String!\" )j"
            R"j(was not provided.","locations":[{"line":1,"column":18}]},)j"
            R"j({"message":"Variable \"$c\" got invalid value \"NOPE\"; Value \"NOPE\" )j"
            R"j(does not exist in \"Color\" enum.","locations":[{"line":1,)j"
            R"j("column":31}]}]})j");
}

TEST(VariableCoercion, CustomScalarVariablePassesThrough) {
  EXPECT_EQ(
      run(R"j(query Q($j: JSON) { echo(req: 1, arg: $j) })j", R"j({})j", R"j({"j": "text"})j"),
      R"j({"data":{"echo":"{\"arg\":\"text\",\"req\":1,\"def\":42}"}})j");
}

TEST(VariableCoercion, InspectShortensLongListsAndDeepObjects) {
  EXPECT_EQ(
      run(R"j(query Q($x: Int) { int })j", R"j({})j", R"j({"x": [1,2,3,4,5,6,7,8,9,10,11,12]})j"),
      R"j({"errors":[{"message":"Variable \"$x\" got invalid value [1,)j"
      R"j( 2, 3, 4, 5, 6, 7, 8, 9, 10, ... 2 more items]; Int cannot represent )j"
      R"j(non-integer value: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10,)j"
      R"j( ... 2 more items]","locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, InspectShowsNestedObjects) {
  EXPECT_EQ(run(R"j(query Q($x: Int) { int })j", R"j({})j",
                R"j({"x": {"a": {"b": {"c": 1}}, "d": [[[1]]], "e": []}})j"),
            R"j({"errors":[{"message":"Variable \"$x\" got invalid value { a: { b: [Object] )j"
            R"j(}, d: [[Array]], e: [] }; Int cannot represent non-integer value: { )j"
            R"j(a: { b: [Object] }, d: [[Array]], e: [] }","locations":[{"line":1,)j"
            R"j("column":9}]}]})j");
}

TEST(VariableCoercion, InspectOrdersIndexKeysFirst) {
  EXPECT_EQ(run(R"j(query Q($x: String) { int })j", R"j({})j",
                R"j({"x": {"b": 1, "2": true, "1": null}})j"),
            R"j({"errors":[{"message":"Variable \"$x\" got invalid value { 1: null,)j"
            R"j( 2: true, b: 1 }; String cannot represent a non string value: { 1: null,)j"
            R"j( 2: true, b: 1 }","locations":[{"line":1,"column":9}]}]})j");
}

TEST(VariableCoercion, EnumInsideInputObjectVariable) {
  EXPECT_EQ(run(R"j(query Q($i: Input) { echo(req: 1, input: $i) })j", R"j({})j",
                R"j({"i": {"x": 1, "c": "GREEN"}})j"),
            R"j({"data":{"echo":"{\"input\":{\"x\":1,\"y\":\"dflt\",)j"
            R"j(\"c\":\"GREEN\"},\"req\":1,\"def\":42}"}})j");
}

TEST(VariableCoercion, NonInputVariableTypeIsRejected) {
  EXPECT_EQ(run(R"j(query Q($o: Obj) { int })j", R"j({})j", R"j({"o": {}})j"),
            R"j({"errors":[{"message":"Variable \"$o\" expected value of type \"Obj\" )j"
            R"j(which cannot be used as an input type.","locations":[{"line":1,)j"
            R"j("column":13}]}]})j");
}

TEST(VariableCoercion, UnknownVariableTypeIsRejected) {
  EXPECT_EQ(run(R"j(query Q($o: [Nope!]) { int })j", R"j({})j", R"j({"o": {}})j"),
            R"j({"errors":[{"message":"Variable \"$o\" expected value of type \"[Nope!]\" )j"
            R"j(which cannot be used as an input type.","locations":[{"line":1,)j"
            R"j("column":13}]}]})j");
}

TEST(Arguments, LiteralsAndDefaults) {
  EXPECT_EQ(run(R"j({ echo(req: 1) })j"), R"j({"data":{"echo":"{\"req\":1,\"def\":42}"}})j");
}

TEST(Arguments, AllLiteralKinds) {
  EXPECT_EQ(run(R"j({ echo(req: 2, arg: "s", int: -3, float: 1.25, id: 42,)j"
                R"j( list: [1, 2], color: BLUE, flag: false, def: null) })j"),
            R"j({"data":{"echo":"{\"arg\":\"s\",\"int\":-3,\"float\":1.25,)j"
            R"j(\"id\":\"42\",\"list\":[1,2],\"color\":\"BLUE\",\"req\":2,)j"
            R"j(\"def\":null,\"flag\":false}"}})j");
}

TEST(Arguments, MissingRequiredArgument) {
  EXPECT_EQ(run(R"j({ echo })j"),
            R"j({"errors":[{"message":"Argument \"req\" of required type \"Int!\" was )j"
            R"j(not provided.","locations":[{"line":1,"column":3}],)j"
            R"j("path":["echo"]}],"data":{"echo":null}})j");
}

TEST(Arguments, RequiredArgumentFromMissingVariable) {
  EXPECT_EQ(run(R"j(query Q($v: Int) { echo(req: $v) })j", R"j({})j", R"j({})j"),
            R"j({"errors":[{"message":"Argument \"req\" of required type \"Int!\" was )j"
            R"j(provided the variable \"$v\" which was not provided a runtime value.",)j"
            R"j("locations":[{"line":1,"column":30}],"path":["echo"]}],)j"
            R"j("data":{"echo":null}})j");
}

TEST(Arguments, NullLiteralForNonNullArgument) {
  EXPECT_EQ(run(R"j({ echo(req: null) })j"),
            R"j({"errors":[{"message":"Argument \"req\" of non-null type \"Int!\" must )j"
            R"j(not be null.","locations":[{"line":1,"column":13}],)j"
            R"j("path":["echo"]}],"data":{"echo":null}})j");
}

TEST(Arguments, NullVariableForNonNullArgument) {
  EXPECT_EQ(run(R"j(query Q($v: Int) { echo(req: $v) })j", R"j({})j", R"j({"v": null})j"),
            R"j({"errors":[{"message":"Argument \"req\" of non-null type \"Int!\" must )j"
            R"j(not be null.","locations":[{"line":1,"column":30}],)j"
            R"j("path":["echo"]}],"data":{"echo":null}})j");
}

TEST(Arguments, InvalidLiteralArgument) {
  EXPECT_EQ(run(R"j({ echo(req: "x") })j"),
            R"j({"errors":[{"message":"Argument \"req\" has invalid value \"x\".",)j"
            R"j("locations":[{"line":1,"column":13}],"path":["echo"]}],)j"
            R"j("data":{"echo":null}})j");
}

TEST(Arguments, InvalidNestedLiteralArgument) {
  EXPECT_EQ(run(R"j({ echo(req: 1, input: {x: 1, z: [1, "a"]}) })j"),
            R"j({"errors":[{"message":"Argument \"input\" has invalid value {x: 1,)j"
            R"j( z: [1, \"a\"]}.","locations":[{"line":1,"column":23}],)j"
            R"j("path":["echo"]}],"data":{"echo":null}})j");
}

TEST(Arguments, MissingVariableFallsBackToDefault) {
  EXPECT_EQ(run(R"j(query Q($v: Int) { echo(req: 1, def: $v) })j", R"j({})j", R"j({})j"),
            R"j({"data":{"echo":"{\"req\":1,\"def\":42}"}})j");
}

TEST(Arguments, MissingVariableInListIsNull) {
  EXPECT_EQ(run(R"j(query Q($v: Int) { echo(req: 1, list: [1, $v]) })j", R"j({})j", R"j({})j"),
            R"j({"data":{"echo":"{\"list\":[1,null],\"req\":1,\"def\":42}"}})j");
}

TEST(Arguments, MissingVariableInInputObjectUsesFieldDefault) {
  EXPECT_EQ(
      run(R"j(query Q($v: String) { echo(req: 1, input: {x: 1, y: $v}) })j", R"j({})j", R"j({})j"),
      R"j({"data":{"echo":"{\"input\":{\"x\":1,\"y\":\"dflt\"},)j"
      R"j(\"req\":1,\"def\":42}"}})j");
}

TEST(Arguments, InputObjectLiteralGetsDefaults) {
  EXPECT_EQ(run(R"j({ echo(req: 1, input: {x: 1, nested: {x: 2, y: "n"}}) })j"),
            R"j({"data":{"echo":"{\"input\":{\"x\":1,\"y\":\"dflt\",)j"
            R"j(\"nested\":{\"x\":2,\"y\":\"n\"}},\"req\":1,\"def\":42}"}})j");
}

TEST(Arguments, SingleLiteralCoercesToList) {
  EXPECT_EQ(run(R"j({ echo(req: 1, list: 3) })j"),
            R"j({"data":{"echo":"{\"list\":[3],\"req\":1,\"def\":42}"}})j");
}

TEST(Arguments, VariablesInsideLiterals) {
  EXPECT_EQ(run(R"j(query Q($a: Int!, $s: String) { echo(req: $a, list: [$a,)j"
                R"j( 9], input: {x: $a, y: $s}) })j",
                R"j({})j", R"j({"a": 5, "s": "v"})j"),
            R"j({"data":{"echo":"{\"list\":[5,9],\"input\":{\"x\":5,)j"
            R"j(\"y\":\"v\"},\"req\":5,\"def\":42}"}})j");
}

TEST(Arguments, ArgumentErrorOnNonNullFieldNullsParent) {
  EXPECT_EQ(run(R"j({ echoNonNull(req: null) hello })j", R"j({"hello": "hi"})j"),
            R"j({"errors":[{"message":"Argument \"req\" of non-null type \"Int!\" must )j"
            R"j(not be null.","locations":[{"line":1,"column":20}],)j"
            R"j("path":["echoNonNull"]}],"data":null})j");
}

TEST(Arguments, MissingArgumentIsAFieldError) {
  EXPECT_EQ(run(R"j({ objs { a } echo })j", R"j({"objs": [{"a": "x"}]})j"),
            R"j({"errors":[{"message":"Argument \"req\" of required type \"Int!\" was )j"
            R"j(not provided.","locations":[{"line":1,"column":14}],)j"
            R"j("path":["echo"]}],"data":{"objs":[{"a":"x"}],"echo":null}})j");
}

// A variable whose default does not coerce (validation rejects the document; executed anyway)
// is defined but holds nothing: graphql-js then treats it as provided, yet null.
TEST(Arguments, VariableWithAnInvalidDefaultIsAnInvalidValue) {
  EXPECT_EQ(run("query Q($v: Color = PURPLE) { echo(req: 1, arg: $v) }", "{}", "{}"),
            R"({"errors":[{"message":"Argument \"arg\" has invalid value $v.",)"
            R"("locations":[{"line":1,"column":49}],"path":["echo"]}],"data":{"echo":null}})");
  EXPECT_EQ(run("query Q($v: Color = PURPLE) { echo(req: $v) }", "{}", "{}"),
            R"({"errors":[{"message":"Argument \"req\" of non-null type \"Int!\" must not be )"
            R"(null.","locations":[{"line":1,"column":41}],"path":["echo"]}],)"
            R"("data":{"echo":null}})");
}

TEST(VariableCoercion, ErrorLimitStopsAfterFiftyErrors) {
  std::string variables = R"({"l": [)";
  for (int i = 0; i < 60; ++i)
    variables += (i > 0 ? ",\"s" : "\"s") + std::to_string(i) + "\"";
  variables += "]}";
  auto response = parse_json(run("query Q($l: [Int]) { int }", "{}", variables.c_str()));
  ASSERT_TRUE(response.has_value());
  const Value* errors = response->find("errors");
  ASSERT_NE(errors, nullptr);
  ASSERT_EQ(errors->as_list().size(), 51u);
  EXPECT_EQ(errors->as_list()[49].find("message")->as_string(),
            "Variable \"$l\" got invalid value \"s49\" at \"l[49]\"; Int cannot represent "
            "non-integer value: \"s49\"");
  EXPECT_EQ(to_json(errors->as_list()[50]),
            R"({"message":"Too many errors processing variables, error limit reached. )"
            R"(Execution aborted."})");
  EXPECT_EQ(response->find("data"), nullptr);
}

TEST(VariableCoercion, VariablesThatAreNotAnObjectAreARequestError) {
  auto schema = testing::fixture().schema;
  auto document = parse("query Q($x: Int) { int }");
  ASSERT_TRUE(document.has_value());
  Value variables = List{Value(1)};
  auto coerced = coerce_variables(*schema, document->operations[0], &variables);
  ASSERT_FALSE(coerced.has_value());
  ASSERT_EQ(coerced.error().size(), 1u);
  EXPECT_EQ(coerced.error()[0].message,
            "Variables must be provided as an Object where each property is a variable value. "
            "Perhaps look to see if an unparsed JSON string was provided.");
}

TEST(VariableCoercion, CoercedValuesHaveTheirTypesShape) {
  auto schema = testing::fixture().schema;
  auto document = parse(
      "query Q($f: Float, $i: Int, $id: ID, $l: [Int], $in: Input, $absent: Int, $d: Int = 3) "
      "{ int }");
  ASSERT_TRUE(document.has_value());
  auto variables = parse_json(R"({"f": 2, "i": 4.0, "id": 7, "l": 1, "in": {"x": 1}})");
  ASSERT_TRUE(variables.has_value());
  auto coerced = coerce_variables(*schema, document->operations[0], &*variables);
  ASSERT_TRUE(coerced.has_value());
  EXPECT_TRUE(coerced->find("f")->is_double());  // a Float is a double, even from 2
  EXPECT_TRUE(coerced->find("i")->is_int());     // an Int is an integer, even from 4.0
  EXPECT_EQ(to_json(*coerced), R"({"f":2,"i":4,"id":"7","l":[1],"in":{"x":1,"y":"dflt"},"d":3})");
  EXPECT_EQ(coerced->find("absent"), nullptr);  // not provided, no default: absent, not null
}

TEST(JavaScriptFormatting, InspectMatchesGraphqlJs) {
  auto v = parse_json(R"({"s": "a\"b", "n": -0.5, "big": 1e21, "t": true, "z": null})");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(detail::inspect(*v), R"({ s: "a\"b", n: -0.5, big: 1e+21, t: true, z: null })");
  EXPECT_EQ(detail::inspect(Value(Object{})), "{}");
  EXPECT_EQ(detail::inspect(Value(List{})), "[]");
  // Integers beyond 2^53 print as the JavaScript number they would be.
  EXPECT_EQ(detail::js_number(Value(std::int64_t{9007199254740993})), "9007199254740992");
}

TEST(JavaScriptFormatting, NumberOfStringFollowsJavaScript) {
  using detail::js_string_to_number;
  EXPECT_EQ(js_string_to_number("  12\n"), 12.0);
  EXPECT_EQ(js_string_to_number("0x1F"), 31.0);
  EXPECT_EQ(js_string_to_number("0b101"), 5.0);
  EXPECT_EQ(js_string_to_number("0o17"), 15.0);
  EXPECT_EQ(js_string_to_number(".5"), 0.5);
  EXPECT_EQ(js_string_to_number("5."), 5.0);
  EXPECT_EQ(js_string_to_number("-1e3"), -1000.0);
  EXPECT_EQ(js_string_to_number("   "), 0.0);
  EXPECT_EQ(js_string_to_number("-Infinity"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(js_string_to_number("\xC2\xA0"
                                "7"),
            7.0);  // U+00A0 is white space
  EXPECT_FALSE(js_string_to_number("1_000").has_value());
  EXPECT_FALSE(js_string_to_number("-0x10").has_value());
  EXPECT_FALSE(js_string_to_number("1e").has_value());
  EXPECT_FALSE(js_string_to_number("inf").has_value());
  EXPECT_FALSE(js_string_to_number(".").has_value());
  EXPECT_FALSE(js_string_to_number("12abc").has_value());
}

}  // namespace
}  // namespace stashql
