// Execution as graphql-js 16 does it, for synchronous resolvers and static data: field
// collection (fragments, @skip/@include, merging), abstract types resolved by `__typename`,
// leaf serialization, list completion, null propagation with exact error paths, locations and
// order, and operations. The expected responses are graphql-js's own.
#include <string>

#include <gtest/gtest.h>

#include <stashql/execution.hpp>
#include <stashql/json.hpp>
#include <stashql/parser.hpp>

#include "unit/graphql/execution_fixture.hpp"

namespace stashql {
namespace {

std::string run(std::string_view query, std::string_view root = "{}",
                const char* variables = nullptr, std::string_view operation = {}) {
  return testing::fixture().run(query, root, variables, operation);
}

TEST(Fragments, NamedFragment) {
  EXPECT_EQ(run(R"j({ ...F } fragment F on Query { hello })j", R"j({"hello": "hi"})j"),
            R"j({"data":{"hello":"hi"}})j");
}

TEST(Fragments, InlineFragmentWithoutTypeCondition) {
  EXPECT_EQ(run(R"j({ ... { hello } int })j", R"j({"hello": "hi", "int": 1})j"),
            R"j({"data":{"hello":"hi","int":1}})j");
}

TEST(Fragments, FieldsMergeByResponseKey) {
  EXPECT_EQ(run(R"j({ obj { a } obj { e a } })j", R"j({"obj": {"a": "A", "e": "E"}})j"),
            R"j({"data":{"obj":{"a":"A","e":"E"}}})j");
}

TEST(Fragments, AliasesKeepSelectionOrder) {
  EXPECT_EQ(run(R"j({ x: hello hello y: hello x: hello })j", R"j({"hello": "hi"})j"),
            R"j({"data":{"x":"hi","hello":"hi","y":"hi"}})j");
}

TEST(Fragments, SkipAndInclude) {
  EXPECT_EQ(run(R"j({ a: hello @skip(if: true) b: hello @skip(if: false) c: hello @include(if: )j"
                R"j(false) d: hello @include(if: true) e: hello @skip(if: false) @include(if: )j"
                R"j(false) })j",
                R"j({"hello": "hi"})j"),
            R"j({"data":{"b":"hi","d":"hi"}})j");
}

TEST(Fragments, SkipAndIncludeFromVariables) {
  EXPECT_EQ(run(R"j(query Q($t: Boolean!, $f: Boolean!) { a: hello @skip(if: $t) b: hello )j"
                R"j(@include(if: $t) c: hello @include(if: $f) })j",
                R"j({"hello": "hi"})j", R"j({"t": true, "f": false})j"),
            R"j({"data":{"b":"hi"}})j");
}

TEST(Fragments, DirectivesOnFragments) {
  EXPECT_EQ(run(R"j({ ...F @skip(if: true) ... @include(if: false) { int } ... @include(if: )j"
                R"j(true) { bool } } fragment F on Query { hello })j",
                R"j({"hello": "hi", "int": 1, "bool": true})j"),
            R"j({"data":{"bool":true}})j");
}

TEST(Fragments, SkippedOccurrenceDoesNotHideAnother) {
  EXPECT_EQ(run(R"j({ hello @skip(if: true) hello })j", R"j({"hello": "hi"})j"),
            R"j({"data":{"hello":"hi"}})j");
}

TEST(Fragments, FragmentSpreadTwiceCollectsOnce) {
  EXPECT_EQ(run(R"j({ ...F ...F obj { ...G ...G } } fragment F on Query { hello } fragment )j"
                R"j(G on Obj { a })j",
                R"j({"hello": "hi", "obj": {"a": "A"}})j"),
            R"j({"data":{"hello":"hi","obj":{"a":"A"}}})j");
}

TEST(Fragments, SkippedSpreadDoesNotMarkFragmentVisited) {
  EXPECT_EQ(run(R"j({ ...F @skip(if: true) ...F } fragment F on Query { hello })j",
                R"j({"hello": "hi"})j"),
            R"j({"data":{"hello":"hi"}})j");
}

TEST(Fragments, NullSkipVariableIsAnErrorAtTheRoot) {
  EXPECT_EQ(run(R"j(query Q($s: Boolean = true) { hello @skip(if: $s) })j", R"j({"hello": "hi"})j",
                R"j({"s": null})j"),
            R"j({"errors":[{"message":"Argument \"if\" of non-null type \"Boolean!\" )j"
            R"j(must not be null.","locations":[{"line":1,"column":47}]}],)j"
            R"j("data":null})j");
}

TEST(Fragments, NullSkipVariableBelowTheRootIsAFieldError) {
  EXPECT_EQ(run(R"j(query Q($s: Boolean = true) { int obj { a @skip(if: $s) } })j",
                R"j({"int": 1, "obj": {"a": "A"}})j", R"j({"s": null})j"),
            R"j({"errors":[{"message":"Argument \"if\" of non-null type \"Boolean!\" )j"
            R"j(must not be null.","locations":[{"line":1,"column":53}],)j"
            R"j("path":["obj"]}],"data":{"int":1,"obj":null}})j");
}

TEST(Fragments, TypenameEverywhere) {
  EXPECT_EQ(run(R"j({ __typename obj { __typename t: __typename } pets { __typename } })j",
                R"j({"obj": {}, "pets": [{"__typename": "Dog"}, {"__typename": "Cat"}]})j"),
            R"j({"data":{"__typename":"Query","obj":{"__typename":"Obj",)j"
            R"j("t":"Obj"},"pets":[{"__typename":"Dog"},{"__typename":"Cat"}]}})j");
}

TEST(AbstractTypes, InterfaceResolvedFromTypename) {
  EXPECT_EQ(run(R"j({ pet { name ... on Dog { barks } ... on Cat { meows } } })j",
                R"j({"pet": {"__typename": "Dog", "name": "Rex", "barks": true,)j"
                R"j( "meows": false}})j"),
            R"j({"data":{"pet":{"name":"Rex","barks":true}}})j");
}

TEST(AbstractTypes, UnionResolvedFromTypename) {
  EXPECT_EQ(run(R"j({ search { __typename ... on Cat { name meows } ... on Obj { a } } })j",
                R"j({"search": [{"__typename": "Cat", "name": "Tom", "meows": true},)j"
                R"j( {"__typename": "Obj", "a": "A"}, {"__typename": "Dog",)j"
                R"j( "name": "Rex"}]})j"),
            R"j({"data":{"search":[{"__typename":"Cat","name":"Tom",)j"
            R"j("meows":true},{"__typename":"Obj","a":"A"},{"__typename":"Dog"}]}})j");
}

TEST(AbstractTypes, FragmentOnInterfaceInsideUnion) {
  EXPECT_EQ(run(R"j({ search { ... on Pet { name } } })j",
                R"j({"search": [{"__typename": "Cat", "name": "Tom"}, {"__typename": "Obj",)j"
                R"j( "a": "A"}]})j"),
            R"j({"data":{"search":[{"name":"Tom"},{}]}})j");
}

TEST(AbstractTypes, MissingTypenameIsAnError) {
  EXPECT_EQ(run(R"j({ pet { name } })j", R"j({"pet": {"name": "Rex"}})j"),
            R"j({"errors":[{"message":"Abstract type \"Pet\" must resolve to an Object )j"
            R"j(type at runtime for field \"Query.pet\". Either the \"Pet\" type should )j"
            R"j(provide a \"resolveType\" function or each possible type should provide )j"
            R"j(an \"isTypeOf\" function.","locations":[{"line":1,)j"
            R"j("column":3}],"path":["pet"]}],"data":{"pet":null}})j");
}

TEST(AbstractTypes, NonStringTypenameIsAnError) {
  EXPECT_EQ(run(R"j({ pet { name } })j", R"j({"pet": {"__typename": 3}})j"),
            R"j({"errors":[{"message":"Abstract type \"Pet\" must resolve to an Object )j"
            R"j(type at runtime for field \"Query.pet\". Either the \"Pet\" type should )j"
            R"j(provide a \"resolveType\" function or each possible type should provide )j"
            R"j(an \"isTypeOf\" function.","locations":[{"line":1,)j"
            R"j("column":3}],"path":["pet"]}],"data":{"pet":null}})j");
}

TEST(AbstractTypes, ScalarForAbstractTypeIsAnError) {
  EXPECT_EQ(run(R"j({ pets { name } })j", R"j({"pets": ["Dog"]})j"),
            R"j({"errors":[{"message":"Abstract type \"Pet\" must resolve to an Object )j"
            R"j(type at runtime for field \"Query.pets\". Either the \"Pet\" type should )j"
            R"j(provide a \"resolveType\" function or each possible type should provide )j"
            R"j(an \"isTypeOf\" function.","locations":[{"line":1,)j"
            R"j("column":3}],"path":["pets",0]}],"data":{"pets":[null]}})j");
}

TEST(AbstractTypes, UnknownTypename) {
  EXPECT_EQ(run(R"j({ pet { name } })j", R"j({"pet": {"__typename": "Rock"}})j"),
            R"j({"errors":[{"message":"Abstract type \"Pet\" was resolved to a type )j"
            R"j(\"Rock\" that does not exist inside the schema.","locations":[{"line":1,)j"
            R"j("column":3}],"path":["pet"]}],"data":{"pet":null}})j");
}

TEST(AbstractTypes, TypenameOfNonObjectType) {
  EXPECT_EQ(run(R"j({ pet { name } })j", R"j({"pet": {"__typename": "Color"}})j"),
            R"j({"errors":[{"message":"Abstract type \"Pet\" was resolved to a non-object )j"
            R"j(type \"Color\".","locations":[{"line":1,"column":3}],)j"
            R"j("path":["pet"]}],"data":{"pet":null}})j");
}

TEST(AbstractTypes, TypenameOfAbstractType) {
  EXPECT_EQ(run(R"j({ pet { name } })j", R"j({"pet": {"__typename": "Pet"}})j"),
            R"j({"errors":[{"message":"Abstract type \"Pet\" was resolved to a non-object )j"
            R"j(type \"Pet\".","locations":[{"line":1,"column":3}],)j"
            R"j("path":["pet"]}],"data":{"pet":null}})j");
}

TEST(AbstractTypes, TypenameOfImpossibleType) {
  EXPECT_EQ(run(R"j({ pet { name } })j", R"j({"pet": {"__typename": "Obj"}})j"),
            R"j({"errors":[{"message":"Runtime Object type \"Obj\" is not a possible )j"
            R"j(type for \"Pet\".","locations":[{"line":1,"column":3}],)j"
            R"j("path":["pet"]}],"data":{"pet":null}})j");
}

TEST(AbstractTypes, FragmentOnOtherObjectTypeIsIgnored) {
  EXPECT_EQ(run(R"j({ obj { ... on Dog { name } a } })j", R"j({"obj": {"a": "A", "name": "n"}})j"),
            R"j({"data":{"obj":{"a":"A"}}})j");
}

TEST(LeafSerialization, IntCoercions) {
  EXPECT_EQ(run(R"j({ a: int b: int c: int d: int e: int })j", R"j({"int": true})j"),
            R"j({"data":{"a":1,"b":1,"c":1,"d":1,"e":1}})j");
}

TEST(LeafSerialization, IntFromNumericString) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": " 12 "})j"), R"j({"data":{"int":12}})j");
}

TEST(LeafSerialization, IntFromHexString) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": "0x1F"})j"), R"j({"data":{"int":31}})j");
}

TEST(LeafSerialization, IntFromIntegralFloat) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": 3.0})j"), R"j({"data":{"int":3}})j");
}

TEST(LeafSerialization, IntRejectsFraction) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": 1.5})j"),
            R"j({"errors":[{"message":"Int cannot represent non-integer value: 1.5",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["int"]}],)j"
            R"j("data":{"int":null}})j");
}

TEST(LeafSerialization, IntRejectsOutOfRange) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": 3000000000})j"),
            R"j({"errors":[{"message":"Int cannot represent non 32-bit signed integer )j"
            R"j(value: 3000000000","locations":[{"line":1,"column":3}],)j"
            R"j("path":["int"]}],"data":{"int":null}})j");
}

TEST(LeafSerialization, IntRejectsOutOfRangeString) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": "3000000000"})j"),
            R"j({"errors":[{"message":"Int cannot represent non 32-bit signed integer )j"
            R"j(value: \"3000000000\"","locations":[{"line":1,"column":3}],)j"
            R"j("path":["int"]}],"data":{"int":null}})j");
}

TEST(LeafSerialization, IntRejectsNonNumericString) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": "12abc"})j"),
            R"j({"errors":[{"message":"Int cannot represent non-integer value: \"12abc\"",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["int"]}],)j"
            R"j("data":{"int":null}})j");
}

TEST(LeafSerialization, IntRejectsEmptyString) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": ""})j"),
            R"j({"errors":[{"message":"Int cannot represent non-integer value: \"\"",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["int"]}],)j"
            R"j("data":{"int":null}})j");
}

TEST(LeafSerialization, IntRejectsList) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": [1]})j"),
            R"j({"errors":[{"message":"Int cannot represent non-integer value: [1]",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["int"]}],)j"
            R"j("data":{"int":null}})j");
}

TEST(LeafSerialization, IntRejectsObject) {
  EXPECT_EQ(run(R"j({ int })j", R"j({"int": {"a": 1}})j"),
            R"j({"errors":[{"message":"Int cannot represent non-integer value: { a: )j"
            R"j(1 }","locations":[{"line":1,"column":3}],"path":["int"]}],)j"
            R"j("data":{"int":null}})j");
}

TEST(LeafSerialization, FloatCoercions) {
  EXPECT_EQ(run(R"j({ float })j", R"j({"float": "1.5"})j"), R"j({"data":{"float":1.5}})j");
}

TEST(LeafSerialization, FloatFromBoolean) {
  EXPECT_EQ(run(R"j({ float })j", R"j({"float": false})j"), R"j({"data":{"float":0}})j");
}

TEST(LeafSerialization, FloatWritesJavaScriptNumbers) {
  EXPECT_EQ(run(R"j({ a: float })j", R"j({"float": 1e21})j"), R"j({"data":{"a":1e+21}})j");
}

TEST(LeafSerialization, FloatWritesSmallNumbersInExponentForm) {
  EXPECT_EQ(run(R"j({ float })j", R"j({"float": 1e-7})j"), R"j({"data":{"float":1e-7}})j");
}

TEST(LeafSerialization, FloatWritesIntegralValuesWithoutFraction) {
  EXPECT_EQ(run(R"j({ float })j", R"j({"float": 2.0})j"), R"j({"data":{"float":2}})j");
}

TEST(LeafSerialization, FloatRejectsNonNumericString) {
  EXPECT_EQ(run(R"j({ float })j", R"j({"float": "abc"})j"),
            R"j({"errors":[{"message":"Float cannot represent non numeric value: \"abc\"",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["float"]}],)j"
            R"j("data":{"float":null}})j");
}

TEST(LeafSerialization, StringFromNumber) {
  EXPECT_EQ(run(R"j({ str })j", R"j({"str": 1.5})j"), R"j({"data":{"str":"1.5"}})j");
}

TEST(LeafSerialization, StringFromBoolean) {
  EXPECT_EQ(run(R"j({ str })j", R"j({"str": true})j"), R"j({"data":{"str":"true"}})j");
}

TEST(LeafSerialization, StringFromLargeNumber) {
  EXPECT_EQ(run(R"j({ str })j", R"j({"str": 1e21})j"), R"j({"data":{"str":"1e+21"}})j");
}

TEST(LeafSerialization, StringRejectsObject) {
  EXPECT_EQ(run(R"j({ str })j", R"j({"str": {"a": 1}})j"),
            R"j({"errors":[{"message":"String cannot represent value: { a: 1 }",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["str"]}],)j"
            R"j("data":{"str":null}})j");
}

TEST(LeafSerialization, StringRejectsList) {
  EXPECT_EQ(run(R"j({ str })j", R"j({"str": [1, "a"]})j"),
            R"j({"errors":[{"message":"String cannot represent value: [1,)j"
            R"j( \"a\"]","locations":[{"line":1,"column":3}],"path":["str"]}],)j"
            R"j("data":{"str":null}})j");
}

TEST(LeafSerialization, StringEscapesControlCharacters) {
  EXPECT_EQ(run(R"j({ str })j", R"j({"str": "a\"b\\c\n\u0001"})j"),
            R"j({"data":{"str":"a\"b\\c\n\u0001"}})j");
}

TEST(LeafSerialization, BooleanFromNumber) {
  EXPECT_EQ(run(R"j({ a: bool })j", R"j({"bool": 0})j"), R"j({"data":{"a":false}})j");
}

TEST(LeafSerialization, BooleanRejectsString) {
  EXPECT_EQ(run(R"j({ bool })j", R"j({"bool": "true"})j"),
            R"j({"errors":[{"message":"Boolean cannot represent a non boolean value: )j"
            R"j(\"true\"","locations":[{"line":1,"column":3}],"path":["bool"]}],)j"
            R"j("data":{"bool":null}})j");
}

TEST(LeafSerialization, IdFromInteger) {
  EXPECT_EQ(run(R"j({ id })j", R"j({"id": 5})j"), R"j({"data":{"id":"5"}})j");
}

TEST(LeafSerialization, IdRejectsFraction) {
  EXPECT_EQ(run(R"j({ id })j", R"j({"id": 1.5})j"),
            R"j({"errors":[{"message":"ID cannot represent value: 1.5",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["id"]}],)j"
            R"j("data":{"id":null}})j");
}

TEST(LeafSerialization, IdRejectsBoolean) {
  EXPECT_EQ(run(R"j({ id })j", R"j({"id": true})j"),
            R"j({"errors":[{"message":"ID cannot represent value: true",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["id"]}],)j"
            R"j("data":{"id":null}})j");
}

TEST(LeafSerialization, EnumSerializesItsNames) {
  EXPECT_EQ(run(R"j({ colors })j", R"j({"colors": ["RED", "BLUE"]})j"),
            R"j({"data":{"colors":["RED","BLUE"]}})j");
}

TEST(LeafSerialization, EnumRejectsUnknownName) {
  EXPECT_EQ(run(R"j({ color })j", R"j({"color": "PURPLE"})j"),
            R"j({"errors":[{"message":"Enum \"Color\" cannot represent value: \"PURPLE\"",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["color"]}],)j"
            R"j("data":{"color":null}})j");
}

TEST(LeafSerialization, EnumRejectsNonString) {
  EXPECT_EQ(run(R"j({ color })j", R"j({"color": 1})j"),
            R"j({"errors":[{"message":"Enum \"Color\" cannot represent value: 1",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["color"]}],)j"
            R"j("data":{"color":null}})j");
}

TEST(LeafSerialization, CustomScalarPassesValuesThrough) {
  EXPECT_EQ(run(R"j({ json })j", R"j({"json": {"a": [1, 2.5, "x", null, true], "b": {"c": {}}}})j"),
            R"j({"data":{"json":{"a":[1,2.5,"x",null,true],"b":{"c":{}}}}})j");
}

TEST(Lists, NonListForListTypeIsAnError) {
  EXPECT_EQ(run(R"j({ list })j", R"j({"list": 3})j"),
            R"j({"errors":[{"message":"Expected Iterable, but did not find one for field )j"
            R"j(\"Query.list\".","locations":[{"line":1,"column":3}],)j"
            R"j("path":["list"]}],"data":{"list":null}})j");
}

TEST(Lists, StringIsNotAList) {
  EXPECT_EQ(run(R"j({ list })j", R"j({"list": "abc"})j"),
            R"j({"errors":[{"message":"Expected Iterable, but did not find one for field )j"
            R"j(\"Query.list\".","locations":[{"line":1,"column":3}],)j"
            R"j("path":["list"]}],"data":{"list":null}})j");
}

TEST(Lists, NullItemInNonNullItemsNullsTheList) {
  EXPECT_EQ(run(R"j({ nonNullItems })j", R"j({"nonNullItems": [1, null, 3]})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Query.nonNullIt)j"
            R"j(ems.","locations":[{"line":1,"column":3}],"path":["nonNullItems",)j"
            R"j(1]}],"data":{"nonNullItems":null}})j");
}

TEST(Lists, NullForNonNullListNullsTheRoot) {
  EXPECT_EQ(run(R"j({ hello nonNullList })j", R"j({"hello": "hi", "nonNullList": null})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Query.nonNullLi)j"
            R"j(st.","locations":[{"line":1,"column":9}],"path":["nonNullList"]}],)j"
            R"j("data":null})j");
}

TEST(Lists, NullItemsAllowedInNullableItems) {
  EXPECT_EQ(run(R"j({ nonNullList })j", R"j({"nonNullList": [1, null]})j"),
            R"j({"data":{"nonNullList":[1,null]}})j");
}

TEST(Lists, NestedListErrorNullsInnerList) {
  EXPECT_EQ(run(R"j({ nested })j", R"j({"nested": [[1, null], [2], null]})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Query.nested.",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["nested",)j"
            R"j(0,1]}],"data":{"nested":[null,[2],null]}})j");
}

TEST(Lists, ItemSerializationErrorNullsTheItem) {
  EXPECT_EQ(run(R"j({ list })j", R"j({"list": [1, "x", 3, true]})j"),
            R"j({"errors":[{"message":"Int cannot represent non-integer value: \"x\"",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["list",)j"
            R"j(1]}],"data":{"list":[1,null,3,1]}})j");
}

TEST(Lists, ObjectItemErrorsCarryIndexPaths) {
  EXPECT_EQ(run(R"j({ objs { a b } })j",
                R"j({"objs": [{"a": "x", "b": 1}, {"a": "y", "b": null}, null]})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":12}],"path":["objs",)j"
            R"j(1,"b"]}],"data":{"objs":[{"a":"x","b":1},null,null]}})j");
}

TEST(Lists, NonNullObjectItemsPropagateToTheList) {
  EXPECT_EQ(run(R"j({ obj { d { b } } })j", R"j({"obj": {"d": [{"b": 1}, {"b": null}]}})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":13}],"path":["obj",)j"
            R"j("d",1,"b"]}],"data":{"obj":{"d":null}}})j");
}

TEST(Lists, EmptyList) {
  EXPECT_EQ(run(R"j({ list objs })j", R"j({"list": [], "objs": []})j"),
            R"j({"data":{"list":[],"objs":[]}})j");
}

TEST(NullPropagation, NonNullRootFieldNullsData) {
  EXPECT_EQ(run(R"j({ hello nonNullString })j", R"j({"hello": "hi"})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Query.nonNullSt)j"
            R"j(ring.","locations":[{"line":1,"column":9}],"path":["nonNullString"]}],)j"
            R"j("data":null})j");
}

TEST(NullPropagation, NonNullFieldNullsItsObject) {
  EXPECT_EQ(run(R"j({ obj { a b } hello })j", R"j({"obj": {"a": "A"}, "hello": "hi"})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":11}],"path":["obj",)j"
            R"j("b"]}],"data":{"obj":null,"hello":"hi"}})j");
}

TEST(NullPropagation, PropagatesToTheNearestNullableAncestor) {
  EXPECT_EQ(run(R"j({ obj { a c { a c { b } } } })j",
                R"j({"obj": {"a": "A", "c": {"a": "B", "c": {}}}})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":21}],"path":["obj",)j"
            R"j("c","c","b"]}],"data":{"obj":{"a":"A","c":{"a":"B",)j"
            R"j("c":null}}}})j");
}

TEST(NullPropagation, NonNullObjectPropagatesToTheRoot) {
  EXPECT_EQ(run(R"j({ hello nonNullObj { b } })j", R"j({"hello": "hi", "nonNullObj": {}})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":22}],"path":["nonNullObj",)j"
            R"j("b"]}],"data":null})j");
}

TEST(NullPropagation, LaterSiblingsDoNotRunAfterAFailure) {
  EXPECT_EQ(run(R"j({ obj { b c { b } } })j", R"j({"obj": {"c": {}}})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":9}],"path":["obj",)j"
            R"j("b"]}],"data":{"obj":null}})j");
}

TEST(NullPropagation, EarlierSiblingErrorsAreKept) {
  EXPECT_EQ(run(R"j({ obj { c { b } b } })j", R"j({"obj": {"c": {}}})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":13}],"path":["obj",)j"
            R"j("c","b"]},{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":17}],"path":["obj",)j"
            R"j("b"]}],"data":{"obj":null}})j");
}

TEST(NullPropagation, MergedFieldErrorHasEveryLocation) {
  EXPECT_EQ(run(R"j({ obj { b }
)j"
                R"j(  obj { b } })j",
                R"j({"obj": {}})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":9},{"line":2,"column":9}],)j"
            R"j("path":["obj","b"]}],"data":{"obj":null}})j");
}

TEST(NullPropagation, ErrorsInExecutionOrder) {
  EXPECT_EQ(run(R"j({ int obj { b } list hello str })j",
                R"j({"int": "x", "obj": {}, "list": [1, "y"], "hello": "hi", "str": {}})j"),
            R"j({"errors":[{"message":"Int cannot represent non-integer value: \"x\"",)j"
            R"j("locations":[{"line":1,"column":3}],"path":["int"]},)j"
            R"j({"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":13}],"path":["obj",)j"
            R"j("b"]},{"message":"Int cannot represent non-integer value: \"y\"",)j"
            R"j("locations":[{"line":1,"column":17}],"path":["list",)j"
            R"j(1]},{"message":"String cannot represent value: {}",)j"
            R"j("locations":[{"line":1,"column":28}],"path":["str"]}],)j"
            R"j("data":{"int":null,"obj":null,"list":[1,null],"hello":"hi",)j"
            R"j("str":null}})j");
}

TEST(NullPropagation, NonObjectForObjectTypeReadsNothing) {
  EXPECT_EQ(run(R"j({ obj { a } objs { a } })j", R"j({"obj": "text", "objs": [1, true]})j"),
            R"j({"data":{"obj":{"a":null},"objs":[{"a":null},{"a":null}]}})j");
}

TEST(NullPropagation, NonObjectForObjectTypeWithNonNullField) {
  EXPECT_EQ(run(R"j({ obj { b } })j", R"j({"obj": 5})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":1,"column":9}],"path":["obj",)j"
            R"j("b"]}],"data":{"obj":null}})j");
}

TEST(NullPropagation, RootErrorWithLocationsAndPathAndAlias) {
  EXPECT_EQ(run(R"j(query {
)j"
                R"j(  first: obj {
)j"
                R"j(    second: b
)j"
                R"j(  }
)j"
                R"j(})j",
                R"j({"obj": {}})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)j"
            R"j("locations":[{"line":3,"column":5}],"path":["first",)j"
            R"j("second"]}],"data":{"first":null}})j");
}

TEST(Operations, SelectsOperationByName) {
  EXPECT_EQ(
      run(R"j(query A { hello } query B { int })j", R"j({"hello": "hi", "int": 1})j", nullptr, "B"),
      R"j({"data":{"int":1}})j");
}

TEST(Operations, MutationFieldsRunInOrder) {
  EXPECT_EQ(
      run(R"j(mutation { first second t: third })j", R"j({"first": 1, "second": 2, "third": 3})j"),
      R"j({"data":{"first":1,"second":2,"t":3}})j");
}

TEST(Operations, MutationNonNullFailureNullsData) {
  EXPECT_EQ(run(R"j(mutation { first third second })j", R"j({"first": 1, "second": 2})j"),
            R"j({"errors":[{"message":"Cannot return null for non-nullable field Mutation.third.)j"
            R"j(","locations":[{"line":1,"column":18}],"path":["third"]}],)j"
            R"j("data":null})j");
}

TEST(Fragments, RepeatedFragmentNameUsesTheLastDefinition) {
  // Validation rejects such a document; executed anyway, it behaves as in graphql-js.
  EXPECT_EQ(run("{ ...F } fragment F on Query { hello } fragment F on Query { int }",
                R"({"hello": "hi", "int": 1})"),
            R"({"data":{"int":1}})");
}

TEST(Operations, MissingMutationTypeIsAnErrorWithNullData) {
  testing::ExecutionFixture f;
  f.schema = testing::build_schema("type Query { a: Int }");
  f.resolvers = Resolvers{};
  EXPECT_EQ(f.run("mutation M { a }"),
            R"({"errors":[{"message":"Schema is not configured to execute mutation operation.",)"
            R"("locations":[{"line":1,"column":1}]}],"data":null})");
  EXPECT_EQ(f.run("subscription { a }"),
            R"({"errors":[{"message":"Schema is not configured to execute subscription )"
            R"(operation.","locations":[{"line":1,"column":1}]}],"data":null})");
}

TEST(Operations, SelectOperationFollowsGraphqlJs) {
  auto two = parse("query A { hello } query B { int }");
  ASSERT_TRUE(two.has_value());
  auto unnamed = select_operation(*two, "");
  ASSERT_FALSE(unnamed.has_value());
  EXPECT_EQ(unnamed.error().message,
            "Must provide operation name if query contains multiple operations.");
  auto unknown = select_operation(*two, "C");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().message, "Unknown operation named \"C\".");
  auto b = select_operation(*two, "B");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(*b, &two->operations[1]);

  auto none = parse("fragment F on Query { hello }");
  ASSERT_TRUE(none.has_value());
  auto missing = select_operation(*none, "");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "Must provide an operation.");
}

TEST(Paths, ToListIsRootFirstWithKeysAndIndices) {
  PathSegment root{nullptr, "objs", -1};
  PathSegment item{&root, {}, 3};
  PathSegment leaf{&item, "b", -1};
  EXPECT_EQ(to_json(Value(leaf.to_list())), R"(["objs",3,"b"])");
}

// Records the order in which it is called.
class RecordingResolver : public FieldResolver {
 public:
  RecordingResolver(std::vector<std::string>& log, Value result) : log_(log), result_(result) {}
  Resolved resolve(const ResolveInfo& info) const override {
    log_.push_back(info.field.name);
    return Resolved::of(result_);
  }

 private:
  std::vector<std::string>& log_;
  Value result_;
};

TEST(Operations, MutationFieldsStopAtTheFirstNonNullFailure) {
  const auto& fx = testing::fixture();
  std::vector<std::string> log;
  Resolvers resolvers;
  const Type* mutation = fx.schema->mutation_type();
  resolvers.set(*mutation->field("first"), std::make_shared<RecordingResolver>(log, Value(1)));
  resolvers.set(*mutation->field("second"), std::make_shared<RecordingResolver>(log, Value(2)));
  resolvers.set(*mutation->field("third"), std::make_shared<RecordingResolver>(log, Value()));
  EXPECT_EQ(
      fx.run("mutation { second first third second2: second }", "{}", nullptr, {}, &resolvers),
      R"({"errors":[{"message":"Cannot return null for non-nullable field Mutation.third.",)"
      R"("locations":[{"line":1,"column":25}],"path":["third"]}],"data":null})");
  EXPECT_EQ(log, (std::vector<std::string>{"second", "first", "third"}));
}

class FixedResolver : public FieldResolver {
 public:
  explicit FixedResolver(Resolved r) : r_(std::move(r)) {}
  Resolved resolve(const ResolveInfo&) const override { return r_; }

 private:
  Resolved r_;
};

class ThrowingResolver : public FieldResolver {
 public:
  Resolved resolve(const ResolveInfo&) const override { throw std::runtime_error("secret"); }
};

TEST(Resolvers, FailedResolverNullsTheFieldWithItsErrorAndExtensions) {
  const auto& fx = testing::fixture();
  Resolvers resolvers;
  Value code = Object{};
  code["code"] = "NotFound";
  resolvers.set(*fx.schema->query_type()->field("hello"),
                std::make_shared<FixedResolver>(Resolved::fail("no hello", code)));
  EXPECT_EQ(
      fx.run("{ hello int }", R"({"int": 1})", nullptr, {}, &resolvers),
      R"({"errors":[{"message":"no hello","locations":[{"line":1,"column":3}],)"
      R"("path":["hello"],"extensions":{"code":"NotFound"}}],"data":{"hello":null,"int":1}})");
}

TEST(Resolvers, FailedNonNullFieldPropagatesWithoutANullError) {
  const auto& fx = testing::fixture();
  Resolvers resolvers;
  resolvers.set(*fx.schema->type("Obj")->field("b"),
                std::make_shared<FixedResolver>(Resolved::fail("denied")));
  EXPECT_EQ(fx.run("{ obj { b } }", R"({"obj": {"b": 1}})", nullptr, {}, &resolvers),
            R"({"errors":[{"message":"denied","locations":[{"line":1,"column":9}],)"
            R"("path":["obj","b"]}],"data":{"obj":null}})");
}

TEST(Resolvers, PartialErrorsAreReportedAndTheValueIsKept) {
  const auto& fx = testing::fixture();
  Resolvers resolvers;
  Resolved partial = Resolved::of(Value("value"));
  partial.errors.push_back(FieldError{"partly wrong", {}});
  resolvers.set(*fx.schema->query_type()->field("hello"), std::make_shared<FixedResolver>(partial));
  EXPECT_EQ(fx.run("{ hello }", "{}", nullptr, {}, &resolvers),
            R"({"errors":[{"message":"partly wrong","locations":[{"line":1,"column":3}],)"
            R"("path":["hello"]}],"data":{"hello":"value"}})");
}

TEST(Resolvers, ThrowingResolverBecomesAFieldErrorWithoutItsMessage) {
  const auto& fx = testing::fixture();
  Resolvers resolvers;
  resolvers.set(*fx.schema->query_type()->field("hello"), std::make_shared<ThrowingResolver>());
  EXPECT_EQ(fx.run("{ hello }", "{}", nullptr, {}, &resolvers),
            R"({"errors":[{"message":"Internal error.","locations":[{"line":1,"column":3}],)"
            R"("path":["hello"]}],"data":{"hello":null}})");
}

TEST(Resolvers, ThrowingResolverIsReportedToTheRequestContextWhichAddsExtensions) {
  struct Context : RequestContext {
    std::string logged;
    Value internal_error(std::string_view detail) override {
      logged = detail;
      Value extensions = Object{};
      extensions["requestId"] = "r-1";
      return extensions;
    }
  } context;
  const auto& fx = testing::fixture();
  Resolvers resolvers;
  resolvers.set(*fx.schema->query_type()->field("hello"), std::make_shared<ThrowingResolver>());
  EXPECT_EQ(fx.run("{ hello }", "{}", nullptr, {}, &resolvers, &context),
            R"({"errors":[{"message":"Internal error.","locations":[{"line":1,"column":3}],)"
            R"("path":["hello"],"extensions":{"requestId":"r-1"}}],"data":{"hello":null}})");
  EXPECT_EQ(context.logged, "secret");
}

TEST(Resolvers, ResolverSeesCoercedArgumentsVariablesAndPath) {
  struct Probe : FieldResolver {
    mutable std::string seen;
    Resolved resolve(const ResolveInfo& info) const override {
      seen = to_json(info.args) + " " + to_json(info.variables) + " " +
             to_json(Value(info.path.to_list())) + " " + info.parent_type.name + "." +
             info.field.name + " " + info.selection.response_key();
      return Resolved::of(Value("ok"));
    }
  };
  const auto& fx = testing::fixture();
  auto probe = std::make_shared<Probe>();
  Resolvers resolvers;
  resolvers.set(*fx.schema->query_type()->field("echo"), probe);
  EXPECT_EQ(fx.run("query Q($v: Int) { e: echo(req: $v) }", "{}", R"({"v": 3})", {}, &resolvers),
            R"({"data":{"e":"ok"}})");
  EXPECT_EQ(probe->seen, R"({"req":3,"def":42} {"v":3} ["e"] Query.echo e)");
}

TEST(Limits, DeeplyNestedCustomScalarValueIsAFieldError) {
  Value deep;
  for (int i = 0; i < 2000; ++i) {
    List wrapper;
    wrapper.push_back(std::move(deep));
    deep = Value(std::move(wrapper));
  }
  const auto& fx = testing::fixture();
  Resolvers resolvers;
  resolvers.set(*fx.schema->query_type()->field("json"),
                std::make_shared<FixedResolver>(Resolved::of(std::move(deep))));
  EXPECT_EQ(fx.run("{ json }", "{}", nullptr, {}, &resolvers),
            R"({"errors":[{"message":"Scalar \"JSON\" cannot represent a value nested this )"
            R"(deeply.","locations":[{"line":1,"column":3}],"path":["json"]}],)"
            R"("data":{"json":null}})");
}

TEST(Limits, DeeplyNestedSelectionsAreBoundedWithoutCrashing) {
  // `{ obj { c { c { … a } } } }` 1500 levels deep, built by hand: deeper than the parser
  // allows, to reach the executor's own bound.
  constexpr int kLevels = 1500;
  ast::Document document;
  ast::OperationDefinition& operation = document.operations.emplace_back();
  ast::Selection* parent = &operation.selection_set.emplace_back();
  parent->name.value = "obj";
  for (int i = 0; i < kLevels; ++i) {
    parent = &parent->selection_set.emplace_back();
    parent->name.value = "c";
  }
  parent->selection_set.emplace_back().name.value = "a";
  Value root = Object{};
  Value* obj = &root["obj"];
  for (int i = 0; i < kLevels; ++i)
    obj = &(*obj)["c"];
  *obj = Object{};

  const auto& fx = testing::fixture();
  ExecutionRequest request;
  request.schema = fx.schema.get();
  request.document = &document;
  request.operation = &operation;
  request.root_value = &root;
  std::string out;
  execute_blocking(request, out);
  auto response = parse_json(out, JsonLimits{5000});
  ASSERT_TRUE(response.has_value());
  ASSERT_NE(response->find("errors"), nullptr);
  EXPECT_EQ(response->find("errors")->as_list()[0].find("message")->as_string(),
            "The response is nested too deeply to be completed.");
  EXPECT_EQ(to_json(*response->find("errors")->as_list()[0].find("path")).substr(0, 20),
            R"(["obj","c","c","c",")");
}

TEST(Responses, AppendsToWhatTheBufferAlreadyHolds) {
  const auto& fx = testing::fixture();
  auto document = parse("{ nonNullString hello }");
  ASSERT_TRUE(document.has_value());
  Value root = Object{};
  ExecutionRequest request;
  request.schema = fx.schema.get();
  request.document = &*document;
  request.operation = &document->operations[0];
  request.root_value = &root;
  std::string out = "prefix:";
  execute_blocking(request, out);
  EXPECT_EQ(out, R"(prefix:{"errors":[{"message":"Cannot return null for non-nullable field )"
                 R"(Query.nonNullString.","locations":[{"line":1,"column":3}],)"
                 R"("path":["nonNullString"]}],"data":null})");
}

}  // namespace
}  // namespace stashql
