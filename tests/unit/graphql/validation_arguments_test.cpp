// Validation: the rules on directives and arguments (KnownDirectives,
// UniqueDirectivesPerLocation, KnownArgumentNames, UniqueArgumentNames,
// ProvidedRequiredArguments). Expected errors are graphql-js 16's, messages and locations alike.
#include "unit/graphql/validation_test_support.hpp"

namespace stashql::validation_test {
namespace {

TEST(KnownDirectives, AcceptsKnownDirectivesInTheirLocations) {
  EXPECT_EQ(errors(R"(
      query Foo($var: Boolean @onVariableDefinition) @onQuery {
        name: __typename @include(if: $var)
        dog @onField { ...Frag @onFragmentSpread ... @onInlineFragment { name } }
      }
      mutation Bar @onMutation { __typename }
      subscription Baz @onSubscription { newMessage { body } }
      fragment Frag on Dog @onFragmentDefinition { name })"),
            (Errors{"Variable \"$var\" of type \"Boolean\" used in position expecting type "
                    "\"Boolean!\". @ 2:17 3:39"}));
}

TEST(KnownDirectives, RejectsUnknownDirectives) {
  EXPECT_EQ(
      errors(R"({ dog @unknown(directive: "value") { name @unknown } })"),
      (Errors{"Unknown directive \"@unknown\". @ 1:7", "Unknown directive \"@unknown\". @ 1:43"}));
}

TEST(KnownDirectives, RejectsDirectivesInTheWrongLocations) {
  EXPECT_EQ(
      errors(R"(
      query Foo($var: Boolean @onField) @onField {
        dog @onQuery { ...Frag @onInlineFragment ... @onFragmentSpread { name } }
      }
      mutation Bar @onQuery { __typename }
      fragment Frag on Dog @onFragmentSpread { name })"),
      (Errors{"Directive \"@onField\" may not be used on VARIABLE_DEFINITION. @ 2:31",
              "Directive \"@onField\" may not be used on QUERY. @ 2:41",
              "Directive \"@onQuery\" may not be used on FIELD. @ 3:13",
              "Directive \"@onInlineFragment\" may not be used on FRAGMENT_SPREAD. @ 3:32",
              "Directive \"@onFragmentSpread\" may not be used on INLINE_FRAGMENT. @ 3:54",
              "Variable \"$var\" is never used in operation \"Foo\". @ 2:17",
              "Directive \"@onQuery\" may not be used on MUTATION. @ 5:20",
              "Directive \"@onFragmentSpread\" may not be used on FRAGMENT_DEFINITION. @ 6:28"}));
}

TEST(KnownDirectives, ChecksDirectivesOnTypeSystemDefinitionsInTheDocument) {
  EXPECT_EQ(errors(R"(
      type T @onField { f(a: Int @deprecated @onField): String @onQuery }
      enum E { A @deprecated @onQuery }
      input I { f: Int @deprecated }
      schema @onQuery { query: T })"),
            (Errors{"The \"T\" definition is not executable. @ 2:7",
                    "The \"E\" definition is not executable. @ 3:7",
                    "The \"I\" definition is not executable. @ 4:7",
                    "The schema definition is not executable. @ 5:7",
                    "Directive \"@onField\" may not be used on OBJECT. @ 2:14",
                    "Directive \"@onField\" may not be used on ARGUMENT_DEFINITION. @ 2:46",
                    "Directive \"@onQuery\" may not be used on FIELD_DEFINITION. @ 2:64",
                    "Directive \"@onQuery\" may not be used on ENUM_VALUE. @ 3:30",
                    "Directive \"@onQuery\" may not be used on SCHEMA. @ 5:14"}));
}

TEST(UniqueDirectivesPerLocation, AcceptsDistinctAndRepeatableDirectives) {
  EXPECT_EQ(errors(R"(
      { dog @onField @skip(if: false) { name @repeatable @repeatable } ...F @repeatable @repeatable }
      fragment F on QueryRoot { __typename })"),
            Errors{});
}

TEST(UniqueDirectivesPerLocation, RejectsRepeatedNonRepeatableDirectives) {
  EXPECT_EQ(
      errors(
          R"(query Q @onQuery @onQuery { dog @onField @onField @onField { name @skip(if: true) @skip(if: false) } })"),
      (Errors{"The directive \"@onQuery\" can only be used once at this location. @ 1:9 1:18",
              "The directive \"@onField\" can only be used once at this location. @ 1:33 1:42",
              "The directive \"@onField\" can only be used once at this location. @ 1:33 1:51",
              "The directive \"@skip\" can only be used once at this location. @ 1:67 1:83"}));
}

TEST(UniqueDirectivesPerLocation, TreatsATypeAndItsExtensionsAsOneLocation) {
  EXPECT_EQ(
      errors(R"(
      type T @deprecated { f: Int }
      extend type T @deprecated)"),
      (Errors{"The \"T\" definition is not executable. @ 2:7",
              "The \"T\" definition is not executable. @ 3:7",
              "Directive \"@deprecated\" may not be used on OBJECT. @ 2:14",
              "The directive \"@deprecated\" can only be used once at this location. @ 2:14 3:21",
              "Directive \"@deprecated\" may not be used on OBJECT. @ 3:21"}));
}

TEST(KnownArgumentNames, AcceptsKnownArgumentsInAnyOrder) {
  EXPECT_EQ(
      errors(
          R"({ dog { isAtLocation(y: 1, x: 1) doesKnowCommand(dogCommand: SIT) } __type(name: "Dog") { name } })"),
      Errors{});
}

TEST(KnownArgumentNames, RejectsUnknownFieldArgumentsWithSuggestions) {
  EXPECT_EQ(
      errors(
          R"({ dog { doesKnowCommand(dogcommand: true) name(unknown: true) isHouseTrained(atOtherHomez: true) } })"),
      (Errors{"Unknown argument \"dogcommand\" on field \"Dog.doesKnowCommand\". Did you mean "
              "\"dogCommand\"? @ 1:25",
              "Unknown argument \"unknown\" on field \"Dog.name\". @ 1:48",
              "Unknown argument \"atOtherHomez\" on field \"Dog.isHouseTrained\". Did you mean "
              "\"atOtherHomes\"? @ 1:78"}));
}

TEST(KnownArgumentNames, RejectsUnknownDirectiveArguments) {
  EXPECT_EQ(errors(R"({ dog @skip(iff: true) @withArgs(required: 1, requird: 2) { name } })"),
            (Errors{"Unknown argument \"iff\" on directive \"@skip\". Did you mean \"if\"? @ 1:13",
                    "Directive \"@skip\" argument \"if\" of type \"Boolean!\" is required, but it "
                    "was not provided. @ 1:7",
                    "Unknown argument \"requird\" on directive \"@withArgs\". Did you mean "
                    "\"required\"? @ 1:47"}));
}

TEST(KnownArgumentNames, LeavesUnknownDirectivesToKnownDirectives) {
  EXPECT_EQ(errors(R"({ dog @unknown(x: 1) { name } })"),
            (Errors{"Unknown directive \"@unknown\". @ 1:7"}));
}

TEST(UniqueArgumentNames, AcceptsDistinctArguments) {
  EXPECT_EQ(errors(R"({ dog { isAtLocation(x: 1, y: 2) @include(if: true) } })"), Errors{});
}

TEST(UniqueArgumentNames, RejectsRepeatedFieldAndDirectiveArguments) {
  EXPECT_EQ(
      errors(R"({ dog { isAtLocation(x: 1, x: 2, y: 1, x: 3) @skip(if: true, if: false) } })"),
      (Errors{"There can be only one argument named \"x\". @ 1:22 1:28 1:40",
              "There can be only one argument named \"if\". @ 1:52 1:62"}));
}

TEST(ProvidedRequiredArguments, AcceptsRequiredArgumentsAndOmittedOptionalOnes) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { multipleReqs(req1: 1, req2: 2) multipleOptAndReq(req2: 2, req1: 1) multipleOpts nonNullFieldWithDefault } })"),
      Errors{});
}

TEST(ProvidedRequiredArguments, RejectsMissingRequiredFieldArguments) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { multipleReqs(req2: 2) nonNullIntArgField x: multipleOptAndReq(opt1: 1) } })"),
      (Errors{"Field \"multipleReqs\" argument \"req1\" of type \"Int!\" is required, but it was "
              "not provided. @ 1:21",
              "Field \"nonNullIntArgField\" argument \"nonNullIntArg\" of type \"Int!\" is "
              "required, but it was not provided. @ 1:43",
              "Field \"multipleOptAndReq\" argument \"req1\" of type \"Int!\" is required, but it "
              "was not provided. @ 1:62",
              "Field \"multipleOptAndReq\" argument \"req2\" of type \"Int!\" is required, but it "
              "was not provided. @ 1:62"}));
}

TEST(ProvidedRequiredArguments, RejectsMissingRequiredDirectiveArguments) {
  EXPECT_EQ(errors(R"({ dog @include { name @skip @withArgs(optional: "y") } })"),
            (Errors{"Directive \"@include\" argument \"if\" of type \"Boolean!\" is required, but "
                    "it was not provided. @ 1:7",
                    "Directive \"@skip\" argument \"if\" of type \"Boolean!\" is required, but it "
                    "was not provided. @ 1:23",
                    "Directive \"@withArgs\" argument \"required\" of type \"Int!\" is required, "
                    "but it was not provided. @ 1:29"}));
}

TEST(ProvidedRequiredArguments, IgnoresArgumentsOfUnknownFields) {
  EXPECT_EQ(errors(R"({ dog { unknown(a: 1) } })"),
            (Errors{"Cannot query field \"unknown\" on type \"Dog\". @ 1:9"}));
}

TEST(ProvidedRequiredArguments, UsesDirectiveDefinitionsInTheDocument) {
  EXPECT_EQ(errors(R"(
      directive @local(req: Int!, opt: Int! = 1) on FIELD
      { dog @local { name } })"),
            (Errors{"The \"local\" definition is not executable. @ 2:7",
                    "Directive \"@local\" argument \"req\" of type \"Int!\" is required, but it "
                    "was not provided. @ 3:13"}));
}

// ---- hand-written tests below ----

}  // namespace
}  // namespace stashql::validation_test
