// Validation: the rules on variables (UniqueVariableNames, NoUndefinedVariables,
// NoUnusedVariables, VariablesInAllowedPosition). Expected errors are graphql-js 16's,
// messages and locations alike.
#include "unit/graphql/validation_test_support.hpp"

namespace stashql::validation_test {
namespace {

TEST(UniqueVariableNames, AcceptsDistinctVariablesPerOperation) {
  EXPECT_EQ(errors(R"(
      query A($x: Int, $y: String) { __typename }
      query B($x: String, $y: Int) { __typename })"),
            (Errors{"Variable \"$x\" is never used in operation \"A\". @ 2:15",
                    "Variable \"$y\" is never used in operation \"A\". @ 2:24",
                    "Variable \"$x\" is never used in operation \"B\". @ 3:15",
                    "Variable \"$y\" is never used in operation \"B\". @ 3:27"}));
}

TEST(UniqueVariableNames, RejectsRepeatedVariablesAtTheirNames) {
  EXPECT_EQ(errors(R"(
      query A($x: Int, $x: Int, $x: String) { __typename }
      query B($y: String, $y: Int) { __typename })"),
            (Errors{"There can be only one variable named \"$x\". @ 2:16 2:25 2:34",
                    "Variable \"$x\" is never used in operation \"A\". @ 2:15",
                    "Variable \"$x\" is never used in operation \"A\". @ 2:24",
                    "Variable \"$x\" is never used in operation \"A\". @ 2:33",
                    "There can be only one variable named \"$y\". @ 3:16 3:28",
                    "Variable \"$y\" is never used in operation \"B\". @ 3:15",
                    "Variable \"$y\" is never used in operation \"B\". @ 3:27"}));
}

TEST(NoUndefinedVariables, AcceptsVariablesDefinedByTheOperation) {
  EXPECT_EQ(errors(R"(
      query Foo($a: String, $b: String) { dog { ...A } }
      fragment A on Dog { name(surname: $a) x: name(surname: $b) })"),
            (Errors{"Variable \"$a\" of type \"String\" used in position expecting type "
                    "\"Boolean\". @ 2:17 3:41",
                    "Variable \"$b\" of type \"String\" used in position expecting type "
                    "\"Boolean\". @ 2:29 3:62"}));
}

TEST(NoUndefinedVariables, RejectsAnUndefinedVariableWithTheOperation) {
  EXPECT_EQ(
      errors(R"(query Foo($a: Boolean) { dog { name(surname: $a) nickname @include(if: $b) } })"),
      (Errors{"Variable \"$b\" is not defined by operation \"Foo\". @ 1:72 1:1"}));
}

TEST(NoUndefinedVariables, RejectsUndefinedVariablesInAnonymousOperations) {
  EXPECT_EQ(errors(R"({ dog { name(surname: $a) } })"),
            (Errors{"Variable \"$a\" is not defined. @ 1:23 1:1"}));
}

TEST(NoUndefinedVariables, RejectsUndefinedVariablesInFragmentsPerOperation) {
  EXPECT_EQ(errors(R"(
      query Foo($a: Boolean) { dog { ...FragA } }
      query Bar { dog { ...FragA } }
      fragment FragA on Dog { name(surname: $a) ...FragB }
      fragment FragB on Dog { nickname @skip(if: $b) })"),
            (Errors{"Variable \"$b\" is not defined by operation \"Foo\". @ 5:50 2:7",
                    "Variable \"$a\" is not defined by operation \"Bar\". @ 4:45 3:7",
                    "Variable \"$b\" is not defined by operation \"Bar\". @ 5:50 3:7"}));
}

TEST(NoUndefinedVariables, FindsVariablesInDirectivesAndNestedValues) {
  EXPECT_EQ(
      errors(
          R"(query Foo @onQuery { dog @include(if: $a) { isAtLocation(x: $b) } complicatedArgs { complexArgField(complexArg: {requiredField: $c, stringListField: [$d]}) } })"),
      (Errors{"Variable \"$a\" is not defined by operation \"Foo\". @ 1:39 1:1",
              "Variable \"$b\" is not defined by operation \"Foo\". @ 1:61 1:1",
              "Variable \"$c\" is not defined by operation \"Foo\". @ 1:129 1:1",
              "Variable \"$d\" is not defined by operation \"Foo\". @ 1:151 1:1"}));
}

TEST(NoUnusedVariables, AcceptsVariablesUsedThroughFragments) {
  EXPECT_EQ(errors(R"(
      query Foo($a: Boolean, $b: Boolean) { dog { ...FragA } }
      fragment FragA on Dog { name(surname: $a) ...FragB }
      fragment FragB on Dog { nickname @skip(if: $b) })"),
            (Errors{"Variable \"$b\" of type \"Boolean\" used in position expecting type "
                    "\"Boolean!\". @ 2:30 4:50"}));
}

TEST(NoUnusedVariables, RejectsUnusedVariablesWithTheOperation) {
  EXPECT_EQ(
      errors(R"(query Foo($a: Boolean, $b: Boolean, $c: Boolean) { dog { name(surname: $b) } })"),
      (Errors{"Variable \"$a\" is never used in operation \"Foo\". @ 1:11",
              "Variable \"$c\" is never used in operation \"Foo\". @ 1:37"}));
}

TEST(NoUnusedVariables, RejectsUnusedVariablesInAnonymousOperations) {
  EXPECT_EQ(errors(R"(query ($a: Boolean) { dog { name } })"),
            (Errors{"Variable \"$a\" is never used. @ 1:8"}));
}

TEST(NoUnusedVariables, DoesNotCountUsesInOtherOperationsFragments) {
  EXPECT_EQ(errors(R"(
      query Foo($b: Boolean) { dog { ...FragA } }
      query Bar($a: Boolean) { dog { ...FragB } }
      fragment FragA on Dog { name(surname: $a) }
      fragment FragB on Dog { name(surname: $b) })"),
            (Errors{"Variable \"$a\" is not defined by operation \"Foo\". @ 4:45 2:7",
                    "Variable \"$b\" is never used in operation \"Foo\". @ 2:17",
                    "Variable \"$b\" is not defined by operation \"Bar\". @ 5:45 3:7",
                    "Variable \"$a\" is never used in operation \"Bar\". @ 3:17"}));
}

TEST(VariablesInAllowedPosition, AcceptsMatchingAndNarrowerTypes) {
  EXPECT_EQ(errors(R"(
      query Query($nonNull: Boolean!, $list: [String!], $int: Int!, $intList: [Int!]!) {
        dog @include(if: $nonNull) { name(surname: $nonNull) }
        complicatedArgs {
          stringListArgField(stringListArg: $list)
          intArgField(intArg: $int)
          multipleReqs(req1: $int, req2: $int)
        }
      })"),
            (Errors{"Variable \"$intList\" is never used in operation \"Query\". @ 2:69"}));
}

TEST(VariablesInAllowedPosition, RejectsANullableVariableInANonNullPosition) {
  EXPECT_EQ(
      errors(
          R"(query Query($intArg: Int) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $intArg) } })"),
      (Errors{"Variable \"$intArg\" of type \"Int\" used in position expecting type \"Int!\". @ "
              "1:13 1:81"}));
}

TEST(VariablesInAllowedPosition, AllowsANullableVariableWithADefaultInANonNullPosition) {
  EXPECT_EQ(errors(R"(
      query Query($intArg: Int = 1, $boolArg: Boolean = false) {
        complicatedArgs { nonNullIntArgField(nonNullIntArg: $intArg) }
        dog @include(if: $boolArg) { name }
      })"),
            Errors{});
}

TEST(VariablesInAllowedPosition, RejectsANullDefaultInANonNullPosition) {
  EXPECT_EQ(
      errors(
          R"(query Query($intArg: Int = null) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $intArg) } })"),
      (Errors{"Variable \"$intArg\" of type \"Int\" used in position expecting type \"Int!\". @ "
              "1:13 1:88"}));
}

TEST(VariablesInAllowedPosition, AllowsANullableVariableWhereTheArgumentHasADefault) {
  EXPECT_EQ(
      errors(
          R"(query Query($intVar: Int) { complicatedArgs { nonNullFieldWithDefault(arg: $intVar) } })"),
      Errors{});
}

TEST(VariablesInAllowedPosition, RejectsWrongTypesListsAndItemsThroughFragments) {
  EXPECT_EQ(errors(R"(
      query Query($stringVar: String, $boolVar: Boolean, $listVar: [String]) {
        complicatedArgs {
          stringListArgField(stringListArg: $stringVar)
          intArgField(intArg: $stringVar)
          stringArgField(stringArg: $listVar)
          stringListNonNullArgField(stringListNonNullArg: $listVar)
        }
        dog { ...Frag }
      }
      fragment Frag on Dog { isHouseTrained(atOtherHomes: $stringVar) })"),
            (Errors{"Variable \"$boolVar\" is never used in operation \"Query\". @ 2:39",
                    "Variable \"$stringVar\" of type \"String\" used in position expecting type "
                    "\"[String]\". @ 2:19 4:45",
                    "Variable \"$stringVar\" of type \"String\" used in position expecting type "
                    "\"Int\". @ 2:19 5:31",
                    "Variable \"$listVar\" of type \"[String]\" used in position expecting type "
                    "\"String\". @ 2:58 6:37",
                    "Variable \"$listVar\" of type \"[String]\" used in position expecting type "
                    "\"[String!]\". @ 2:58 7:59",
                    "Variable \"$stringVar\" of type \"String\" used in position expecting type "
                    "\"Boolean\". @ 2:19 11:59"}));
}

TEST(VariablesInAllowedPosition, RejectsANullableVariableInAListItemAndAnInputField) {
  EXPECT_EQ(errors(R"(
      query Query($boolVar: Boolean, $intVar: Int) {
        complicatedArgs { complexArgField(complexArg: {requiredField: $boolVar, nonNullField: $boolVar, intField: $intVar}) }
      })"),
            (Errors{"Variable \"$boolVar\" of type \"Boolean\" used in position expecting type "
                    "\"Boolean!\". @ 2:19 3:71"}));
}

TEST(VariablesInAllowedPosition, RequiresNonNullVariablesInOneOfFields) {
  EXPECT_EQ(errors(R"(
      query Q($nullable: String, $nonNull: String!, $withDefault: Int = 1) {
        complicatedArgs {
          a: oneOfArgField(oneOfArg: {a: $nullable})
          b: oneOfArgField(oneOfArg: {a: $nonNull})
          c: oneOfArgField(oneOfArg: {b: $withDefault})
        }
      })"),
            (Errors{"Variable \"$nullable\" is of type \"String\" but must be non-nullable to be "
                    "used for OneOf Input Object \"OneOfInput\". @ 2:15 4:42",
                    "Variable \"$withDefault\" is of type \"Int\" but must be non-nullable to be "
                    "used for OneOf Input Object \"OneOfInput\". @ 2:53 6:42"}));
}

// ---- hand-written tests below ----

}  // namespace
}  // namespace stashql::validation_test
