// Validation: the rules on types and fields (KnownTypeNames, FragmentsOnCompositeTypes,
// VariablesAreInputTypes, ScalarLeafs, FieldsOnCorrectType, MaxIntrospectionDepth). Expected
// errors are graphql-js 16's, messages and locations alike.
#include "unit/graphql/validation_test_support.hpp"

namespace stashql::validation_test {
namespace {

TEST(KnownTypeNames, AcceptsKnownTypes) {
  EXPECT_EQ(errors(R"(
      query Foo($var: String, $required: [Int!]!, $input: ComplexInput) {
        user: human(id: 4) { pets { ... on Pet { name } ...PetFields } }
        complicatedArgs { intArgField(intArg: $required) stringArgField(stringArg: $var) }
        x: complicatedArgs { complexArgField(complexArg: $input) }
      }
      fragment PetFields on Pet { name })"),
            (Errors{"Variable \"$required\" of type \"[Int!]!\" used in position expecting type "
                    "\"Int\". @ 2:31 4:47"}));
}

TEST(KnownTypeNames, RejectsUnknownTypesWithSuggestions) {
  EXPECT_EQ(errors(R"(
      query Foo($var: [JumbledUpLetters!]!) {
        dog { name ... on Badger { name } ...PeopleFragment }
      }
      fragment PeopleFragment on Peat { name })"),
            (Errors{"Unknown type \"JumbledUpLetters\". @ 2:24", "Unknown type \"Badger\". @ 3:27",
                    "Variable \"$var\" is never used in operation \"Foo\". @ 2:17",
                    "Unknown type \"Peat\". Did you mean \"Pet\" or \"Cat\"? @ 5:34"}));
}

TEST(KnownTypeNames, SuggestsIntrospectionTypesToo) {
  EXPECT_EQ(errors(R"({ dog { ... on __Typ { name } } })"),
            (Errors{"Unknown type \"__Typ\". Did you mean \"__Type\"? @ 1:16"}));
}

TEST(KnownTypeNames, ChecksTypeSystemDefinitionsInTheDocument) {
  EXPECT_EQ(errors(R"(
      type NotInTheSchema { field: FooBar, other: String }
      extend type Dog implements Pup { x: Int }
      union U = Dog | Cow)"),
            (Errors{"The \"NotInTheSchema\" definition is not executable. @ 2:7",
                    "The \"Dog\" definition is not executable. @ 3:7",
                    "The \"U\" definition is not executable. @ 4:7",
                    "Unknown type \"FooBar\". Did you mean \"Float\"? @ 2:36",
                    "Unknown type \"Pup\". Did you mean \"Pet\" or \"U\"? @ 3:34",
                    "Unknown type \"Cow\". Did you mean \"Cat\" or \"Dog\"? @ 4:23"}));
}

TEST(FragmentsOnCompositeTypes, AcceptsObjectInterfaceAndUnionConditions) {
  EXPECT_EQ(errors(R"(
      { dog { ...A } pet { ...B } catOrDog { ...C ... { __typename } } }
      fragment A on Dog { barks }
      fragment B on Pet { name }
      fragment C on CatOrDog { __typename })"),
            Errors{});
}

TEST(FragmentsOnCompositeTypes, RejectsScalarEnumAndInputConditions) {
  EXPECT_EQ(
      errors(R"(
      { dog { ... on Boolean { name } ...S ...E } }
      fragment S on String { name }
      fragment E on FurColor { name }
      fragment I on ComplexInput { stringField })"),
      (Errors{"Fragment cannot condition on non composite type \"Boolean\". @ 2:22",
              "Fragment \"S\" cannot condition on non composite type \"String\". @ 3:21",
              "Fragment \"E\" cannot condition on non composite type \"FurColor\". @ 4:21",
              "Fragment \"I\" cannot condition on non composite type \"ComplexInput\". @ 5:21",
              "Fragment \"I\" is never used. @ 5:7"}));
}

TEST(VariablesAreInputTypes, AcceptsInputTypes) {
  EXPECT_EQ(errors(R"(
      query Foo($a: String, $b: [Boolean!]!, $c: ComplexInput, $d: FurColor, $e: Any) {
        dog { name(surname: $b) }
        complicatedArgs { complexArgField(complexArg: $c) enumArgField(enumArg: $d) anyArgField(anyArg: $e) stringArgField(stringArg: $a) }
      })"),
            (Errors{"Variable \"$b\" of type \"[Boolean!]!\" used in position expecting type "
                    "\"Boolean\". @ 2:29 3:29"}));
}

TEST(VariablesAreInputTypes, RejectsOutputTypes) {
  EXPECT_EQ(errors(R"(query Foo($a: Dog, $b: [[CatOrDog!]]!, $c: Pet) { dog { name } })"),
            (Errors{"Variable \"$a\" cannot be non-input type \"Dog\". @ 1:15",
                    "Variable \"$b\" cannot be non-input type \"[[CatOrDog!]]!\". @ 1:24",
                    "Variable \"$c\" cannot be non-input type \"Pet\". @ 1:44",
                    "Variable \"$a\" is never used in operation \"Foo\". @ 1:11",
                    "Variable \"$b\" is never used in operation \"Foo\". @ 1:20",
                    "Variable \"$c\" is never used in operation \"Foo\". @ 1:40"}));
}

TEST(ScalarLeafs, AcceptsLeafsWithoutAndObjectsWithSelections) {
  EXPECT_EQ(errors(R"({ dog { barks mother { name } } human { pets { name } } })"), Errors{});
}

TEST(ScalarLeafs, RejectsAnObjectFieldWithoutSelection) {
  EXPECT_EQ(errors(R"(query directQueryOnObjectWithoutSubFields { human })"),
            (Errors{"Field \"human\" of type \"Human\" must have a selection of subfields. Did you "
                    "mean \"human { ... }\"? @ 1:45"}));
}

TEST(ScalarLeafs, RejectsAListOfInterfacesWithoutSelection) {
  EXPECT_EQ(errors(R"({ human { pets } })"),
            (Errors{"Field \"pets\" of type \"[Pet]\" must have a selection of subfields. Did you "
                    "mean \"pets { ... }\"? @ 1:11"}));
}

TEST(ScalarLeafs, RejectsASelectionOnAScalarAtItsBrace) {
  EXPECT_EQ(errors(R"(
      {
        dog {
          barks {
            sinceWhen
          }
        }
      })"),
            (Errors{"Field \"barks\" must not have a selection since type \"Boolean\" has no "
                    "subfields. @ 4:17"}));
}

TEST(ScalarLeafs, RejectsASelectionOnAnEnumWithArguments) {
  EXPECT_EQ(errors(R"({ cat { furColor(x: 1) { inHexDec } } })"),
            (Errors{"Field \"furColor\" must not have a selection since type \"FurColor\" has no "
                    "subfields. @ 1:24",
                    "Unknown argument \"x\" on field \"Cat.furColor\". @ 1:18"}));
}

TEST(FieldsOnCorrectType, AcceptsFieldsAliasesAndTypename) {
  EXPECT_EQ(errors(R"(
      fragment objectFieldSelection on Dog { __typename name otherName: name }
      fragment interfaceFieldSelection on Pet { __typename name }
      fragment unionTypename on CatOrDog { __typename }
      { dog { ...objectFieldSelection } pet { ...interfaceFieldSelection } catOrDog { ...unionTypename } })"),
            Errors{});
}

TEST(FieldsOnCorrectType, RejectsAnUnknownFieldWithATypoSuggestion) {
  EXPECT_EQ(errors(R"(
      fragment fieldNotDefined on Dog { meowVolume }
      { dog { ...fieldNotDefined } })"),
            (Errors{"Cannot query field \"meowVolume\" on type \"Dog\". Did you mean "
                    "\"barkVolume\"? @ 2:41"}));
}

TEST(FieldsOnCorrectType, RejectsFieldsOnUnionsSuggestingFragments) {
  EXPECT_EQ(
      errors(R"({ catOrDog { name } dogOrHuman { __typename name barkVolume } })"),
      (Errors{"Cannot query field \"name\" on type \"CatOrDog\". Did you mean to use an inline "
              "fragment on \"Being\", \"Pet\", \"Canine\", \"Cat\", or \"Dog\"? @ 1:14",
              "Cannot query field \"name\" on type \"DogOrHuman\". Did you mean to use an inline "
              "fragment on \"Being\", \"Canine\", \"Human\", \"Pet\", or \"Dog\"? @ 1:45",
              "Cannot query field \"barkVolume\" on type \"DogOrHuman\". Did you mean to use an "
              "inline fragment on \"Dog\"? @ 1:50"}));
}

TEST(FieldsOnCorrectType, SuggestsTheMostUsedInterfacesFirst) {
  EXPECT_EQ(errors(R"({ humanOrAlien { iq name } })"),
            (Errors{"Cannot query field \"iq\" on type \"HumanOrAlien\". Did you mean to use an "
                    "inline fragment on \"Intelligent\", \"Alien\", or \"Human\"? @ 1:18",
                    "Cannot query field \"name\" on type \"HumanOrAlien\". Did you mean to use an "
                    "inline fragment on \"Being\", \"Alien\", or \"Human\"? @ 1:21"}));
}

TEST(FieldsOnCorrectType, SuggestsImplementationsForAnInterfaceField) {
  EXPECT_EQ(errors(R"({ pet { meows barkVolume } })"),
            (Errors{"Cannot query field \"meows\" on type \"Pet\". Did you mean to use an inline "
                    "fragment on \"Cat\"? @ 1:9",
                    "Cannot query field \"barkVolume\" on type \"Pet\". Did you mean to use an "
                    "inline fragment on \"Dog\"? @ 1:15"}));
}

TEST(FieldsOnCorrectType, RejectsUnknownFieldsInsideUnknownFieldsOnlyOnce) {
  EXPECT_EQ(errors(R"({ dog { unknownField { unknownField { name } } } })"),
            (Errors{"Cannot query field \"unknownField\" on type \"Dog\". @ 1:9"}));
}

TEST(FieldsOnCorrectType, RejectsMetaFieldsOutsideTheQueryRoot) {
  EXPECT_EQ(
      errors(
          R"({ dog { __schema { queryType { name } } __type(name: "Dog") { name } __typename } })"),
      (Errors{"Cannot query field \"__schema\" on type \"Dog\". @ 1:9",
              "Cannot query field \"__type\" on type \"Dog\". @ 1:41"}));
}

TEST(FieldsOnCorrectType, SuggestsOnlyCloseNames) {
  EXPECT_EQ(errors(R"({ dog { xyzzy nme mothr } })"),
            (Errors{"Cannot query field \"xyzzy\" on type \"Dog\". @ 1:9",
                    "Cannot query field \"nme\" on type \"Dog\". Did you mean \"name\"? @ 1:15",
                    "Cannot query field \"mothr\" on type \"Dog\". Did you mean \"mother\" or "
                    "\"father\"? @ 1:19"}));
}

TEST(MaxIntrospectionDepth, AcceptsAnIntrospectionQueryWithinTheLimit) {
  EXPECT_EQ(
      errors(R"({ __schema { types { name fields { name type { name ofType { name } } } } } })"),
      Errors{});
}

TEST(MaxIntrospectionDepth, RejectsThreeNestedTypeLists) {
  EXPECT_EQ(errors(R"(
      {
        __schema {
          types { fields { type { fields { type { fields { name } } } } } }
        }
      })"),
            (Errors{"Maximum introspection depth exceeded @ 3:9"}));
}

TEST(MaxIntrospectionDepth, CountsListsThroughFragments) {
  EXPECT_EQ(errors(R"(
      { __type(name: "Dog") { ...A } }
      fragment A on __Type { interfaces { ...B } }
      fragment B on __Type { possibleTypes { inputFields { type { name } } } })"),
            (Errors{"Maximum introspection depth exceeded @ 2:9"}));
}

TEST(MaxIntrospectionDepth, StopsAtRecursiveFragments) {
  EXPECT_EQ(errors(R"(
      { __schema { types { ...T } } }
      fragment T on __Type { name ofType { ...T } })"),
            (Errors{"Cannot spread fragment \"T\" within itself. @ 3:44"}));
}

// ---- hand-written tests below ----

}  // namespace
}  // namespace stashql::validation_test
