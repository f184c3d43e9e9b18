// Validation: OverlappingFieldsCanBeMerged, including conflicts through fragments and in
// sub-selections. Expected errors are graphql-js 16's, messages and locations alike.
#include "unit/graphql/validation_test_support.hpp"

namespace stashql::validation_test {
namespace {

TEST(OverlappingFieldsCanBeMerged, AcceptsIdenticalFieldsAndAliases) {
  EXPECT_EQ(errors(R"(
      fragment uniqueFields on Dog { name nickname }
      fragment mergeIdenticalFields on Dog { name name }
      fragment mergeIdenticalAliasesAndFields on Dog { otherName: name otherName: name }
      fragment mergeIdenticalFieldsWithIdenticalArgs on Dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: SIT) }
      fragment differentDirectivesWithDifferentAliases on Dog { nameIfTrue: name @include(if: true) nameIfFalse: name @include(if: false) }
      fragment differentArgsWithDifferentAliases on Dog { knowsSit: doesKnowCommand(dogCommand: SIT) knowsDown: doesKnowCommand(dogCommand: DOWN) }
      { dog { ...uniqueFields ...mergeIdenticalFields ...mergeIdenticalAliasesAndFields ...mergeIdenticalFieldsWithIdenticalArgs ...differentDirectivesWithDifferentAliases ...differentArgsWithDifferentAliases } })"),
            Errors{});
}

TEST(OverlappingFieldsCanBeMerged, RejectsDifferentFieldsUnderOneName) {
  EXPECT_EQ(
      errors(R"(
      fragment sameAliasesWithDifferentFieldTargets on Dog { fido: name fido: nickname }
      { dog { ...sameAliasesWithDifferentFieldTargets } })"),
      (Errors{
          "Fields \"fido\" conflict because \"name\" and \"nickname\" are different fields. Use "
          "different aliases on the fields to fetch both if this was intentional. @ 2:62 2:73"}));
}

TEST(OverlappingFieldsCanBeMerged, RejectsAnAliasMaskingAField) {
  EXPECT_EQ(
      errors(R"({ dog { name: nickname name } })"),
      (Errors{
          "Fields \"name\" conflict because \"nickname\" and \"name\" are different fields. Use "
          "different aliases on the fields to fetch both if this was intentional. @ 1:9 1:24"}));
}

TEST(OverlappingFieldsCanBeMerged, RejectsDifferentArguments) {
  EXPECT_EQ(
      errors(
          R"({ dog { doesKnowCommand doesKnowCommand(dogCommand: HEEL) } x: dog { isAtLocation(x: 1) isAtLocation(x: 2) } })"),
      (Errors{
          "Fields \"doesKnowCommand\" conflict because they have differing arguments. Use "
          "different aliases on the fields to fetch both if this was intentional. @ 1:9 1:25",
          "Fields \"isAtLocation\" conflict because they have differing arguments. Use different "
          "aliases on the fields to fetch both if this was intentional. @ 1:70 1:89"}));
}

TEST(OverlappingFieldsCanBeMerged, ComparesArgumentsRegardlessOfOrderAndObjectFieldOrder) {
  EXPECT_EQ(
      errors(
          R"({ dog { isAtLocation(x: 1, y: 2) isAtLocation(y: 2, x: 1) } complicatedArgs { anyArgField(anyArg: {a: 1, b: [2]}) anyArgField(anyArg: {b: [2], a: 1}) } })"),
      Errors{});
}

TEST(OverlappingFieldsCanBeMerged, TellsIntAndFloatAndVariablesApart) {
  EXPECT_EQ(
      errors(
          R"(query Q($x: Int) { dog { isAtLocation(x: 1) isAtLocation(x: $x) } d2: dog { a: isAtLocation(x: 1) a: isAtLocation(x: 1.0) } })"),
      (Errors{"Fields \"isAtLocation\" conflict because they have differing arguments. Use "
              "different aliases on the fields to fetch both if this was intentional. @ 1:26 1:45",
              "Fields \"a\" conflict because they have differing arguments. Use different aliases "
              "on the fields to fetch both if this was intentional. @ 1:77 1:99",
              "Int cannot represent non-integer value: 1.0 @ 1:118"}));
}

TEST(OverlappingFieldsCanBeMerged, AllowsDifferingFieldsOnDisjointObjectTypes) {
  EXPECT_EQ(
      errors(
          R"({ catOrDog { ... on Cat { name: nickname x: meows } ... on Dog { name x: barkVolume(a: 1) } } })"),
      (Errors{
          "Fields \"x\" conflict because they return conflicting types \"Boolean\" and \"Int\". "
          "Use different aliases on the fields to fetch both if this was intentional. @ 1:42 1:71",
          "Unknown argument \"a\" on field \"Dog.barkVolume\". @ 1:85"}));
}

TEST(OverlappingFieldsCanBeMerged, RejectsConflictingReturnTypesEvenOnDisjointTypes) {
  EXPECT_EQ(
      errors(
          R"({ catOrDog { ... on Cat { furColor } ... on Dog { furColor: barkVolume } } dogOrHuman { ... on Dog { x: name } ... on Human { x: pets { name } } } })"),
      (Errors{"Fields \"furColor\" conflict because they return conflicting types \"FurColor\" and "
              "\"Int\". Use different aliases on the fields to fetch both if this was intentional. "
              "@ 1:27 1:51",
              "Fields \"x\" conflict because they return conflicting types \"String\" and "
              "\"[Pet]\". Use different aliases on the fields to fetch both if this was "
              "intentional. @ 1:102 1:127"}));
}

TEST(OverlappingFieldsCanBeMerged, RejectsDifferingFieldsOnAnInterfaceAndAnObject) {
  EXPECT_EQ(
      errors(R"({ pet { ... on Pet { name } ... on Dog { name: nickname } } })"),
      (Errors{
          "Fields \"name\" conflict because \"name\" and \"nickname\" are different fields. Use "
          "different aliases on the fields to fetch both if this was intentional. @ 1:22 1:42"}));
}

TEST(OverlappingFieldsCanBeMerged, ReportsDeepSubfieldConflictsWithAllLocations) {
  EXPECT_EQ(errors(R"(
      {
        field: human { relatives { x: name y: iq } }
        field: human { relatives { x: iq y: name } }
      })"),
            (Errors{"Fields \"field\" conflict because subfields \"relatives\" conflict because "
                    "subfields \"x\" conflict because \"name\" and \"iq\" are different fields and "
                    "subfields \"y\" conflict because \"iq\" and \"name\" are different fields. "
                    "Use different aliases on the fields to fetch both if this was intentional. @ "
                    "3:9 3:24 3:36 3:44 4:9 4:24 4:36 4:42"}));
}

TEST(OverlappingFieldsCanBeMerged, FindsConflictsBetweenFieldsAndFragments) {
  EXPECT_EQ(
      errors(R"(
      { dog { ...A x: nickname } }
      fragment A on Dog { x: name })"),
      (Errors{
          "Fields \"x\" conflict because \"nickname\" and \"name\" are different fields. Use "
          "different aliases on the fields to fetch both if this was intentional. @ 2:20 3:27"}));
}

TEST(OverlappingFieldsCanBeMerged, FindsConflictsBetweenFragmentsAndNestedFragments) {
  EXPECT_EQ(
      errors(R"(
      { dog { ...A ...B } }
      fragment A on Dog { x: name }
      fragment B on Dog { ...C }
      fragment C on Dog { x: barkVolume })"),
      (Errors{
          "Fields \"x\" conflict because \"name\" and \"barkVolume\" are different fields. Use "
          "different aliases on the fields to fetch both if this was intentional. @ 3:27 5:27"}));
}

TEST(OverlappingFieldsCanBeMerged, FindsConflictsInSubselectionsThroughFragments) {
  EXPECT_EQ(errors(R"(
      { ...F dog { name: nickname } }
      fragment F on QueryRoot { dog { name } ...G }
      fragment G on QueryRoot { dog { name: barks } })"),
            (Errors{"Fields \"dog\" conflict because subfields \"name\" conflict because "
                    "\"nickname\" and \"name\" are different fields. Use different aliases on the "
                    "fields to fetch both if this was intentional. @ 2:14 2:20 3:33 3:39",
                    "Fields \"dog\" conflict because subfields \"name\" conflict because "
                    "\"nickname\" and \"barks\" are different fields. Use different aliases on the "
                    "fields to fetch both if this was intentional. @ 2:14 2:20 4:33 4:39",
                    "Fields \"dog\" conflict because subfields \"name\" conflict because \"name\" "
                    "and \"barks\" are different fields. Use different aliases on the fields to "
                    "fetch both if this was intentional. @ 3:33 3:39 4:33 4:39"}));
}

TEST(OverlappingFieldsCanBeMerged, ComparesFieldsOfInlineFragmentsAtTheirLevel) {
  EXPECT_EQ(
      errors(
          R"({ dog { name } ... on QueryRoot { dog { name: nickname } } ... { dog { name: barks } } })"),
      (Errors{"Fields \"dog\" conflict because subfields \"name\" conflict because \"name\" and "
              "\"nickname\" are different fields. Use different aliases on the fields to fetch "
              "both if this was intentional. @ 1:3 1:9 1:35 1:41",
              "Fields \"dog\" conflict because subfields \"name\" conflict because \"name\" and "
              "\"barks\" are different fields. Use different aliases on the fields to fetch both "
              "if this was intentional. @ 1:3 1:9 1:66 1:72",
              "Fields \"dog\" conflict because subfields \"name\" conflict because \"nickname\" "
              "and \"barks\" are different fields. Use different aliases on the fields to fetch "
              "both if this was intentional. @ 1:35 1:41 1:66 1:72"}));
}

TEST(OverlappingFieldsCanBeMerged, ReportsAConflictOncePerPairOfFields) {
  EXPECT_EQ(
      errors(R"({ a: dog { name } a: cat { name } a: human { name } })"),
      (Errors{
          "Fields \"a\" conflict because \"dog\" and \"cat\" are different fields. Use different "
          "aliases on the fields to fetch both if this was intentional. @ 1:3 1:19",
          "Fields \"a\" conflict because \"dog\" and \"human\" are different fields. Use different "
          "aliases on the fields to fetch both if this was intentional. @ 1:3 1:35",
          "Fields \"a\" conflict because \"cat\" and \"human\" are different fields. Use different "
          "aliases on the fields to fetch both if this was intentional. @ 1:19 1:35"}));
}

TEST(OverlappingFieldsCanBeMerged, IgnoresUnknownFieldsWithTheSameName) {
  EXPECT_EQ(errors(R"({ dog { unknown unknown } x: unknownRoot x: unknownRoot })"),
            (Errors{"Cannot query field \"unknown\" on type \"Dog\". @ 1:9",
                    "Cannot query field \"unknown\" on type \"Dog\". @ 1:17",
                    "Cannot query field \"unknownRoot\" on type \"QueryRoot\". @ 1:27",
                    "Cannot query field \"unknownRoot\" on type \"QueryRoot\". @ 1:42"}));
}

TEST(OverlappingFieldsCanBeMerged, ComparesTypenameAcrossTypes) {
  EXPECT_EQ(
      errors(
          R"({ catOrDog { __typename ... on Cat { __typename } ... on Dog { __typename: name } } })"),
      (Errors{"Fields \"__typename\" conflict because \"__typename\" and \"name\" are different "
              "fields. Use different aliases on the fields to fetch both if this was intentional. "
              "@ 1:14 1:64"}));
}

TEST(OverlappingFieldsCanBeMerged, ComparesListAndNonNullWrappers) {
  EXPECT_EQ(
      errors(
          R"({ human { relatives { name } } humanOrAlien { ... on Human { relatives { name } } ... on Alien { relatives: name } } })"),
      (Errors{"Fields \"relatives\" conflict because they return conflicting types \"[Human]!\" "
              "and \"String\". Use different aliases on the fields to fetch both if this was "
              "intentional. @ 1:62 1:98"}));
}

TEST(OverlappingFieldsCanBeMerged, ReportsSeveralSubfieldConflictsInOneError) {
  EXPECT_EQ(
      errors(R"({ dog { x: name y: barks } dog { x: nickname y: barkVolume } })"),
      (Errors{"Fields \"dog\" conflict because subfields \"x\" conflict because \"name\" and "
              "\"nickname\" are different fields and subfields \"y\" conflict because \"barks\" "
              "and \"barkVolume\" are different fields. Use different aliases on the fields to "
              "fetch both if this was intentional. @ 1:3 1:9 1:17 1:28 1:34 1:46"}));
}

// ---- hand-written tests below ----

}  // namespace
}  // namespace stashql::validation_test
