// Validation: the rules on fragments (UniqueFragmentNames, KnownFragmentNames,
// NoUnusedFragments, PossibleFragmentSpreads, NoFragmentCycles). Expected errors are
// graphql-js 16's, messages and locations alike.
#include "unit/graphql/validation_test_support.hpp"

namespace stashql::validation_test {
namespace {

TEST(UniqueFragmentNames, AcceptsDistinctFragments) {
  EXPECT_EQ(errors(R"(
      { dog { ...A ...B } }
      fragment A on Dog { name }
      fragment B on Dog { nickname })"),
            Errors{});
}

TEST(UniqueFragmentNames, RejectsARepeatedFragmentName) {
  EXPECT_EQ(errors(R"(
      { dog { ...Frag } }
      fragment Frag on Dog { name }
      fragment Frag on Dog { nickname })"),
            (Errors{"There can be only one fragment named \"Frag\". @ 3:16 4:16"}));
}

TEST(KnownFragmentNames, AcceptsDefinedFragments) {
  EXPECT_EQ(errors(R"(
      { human(id: 4) { ...HumanFields ... on Human { ...HumanFields } } }
      fragment HumanFields on Human { name })"),
            Errors{});
}

TEST(KnownFragmentNames, RejectsUndefinedFragmentsAtTheirNames) {
  EXPECT_EQ(errors(R"(
      {
        human(id: 4) {
          ...UnknownFragment1
          ... on Human { ...UnknownFragment2 }
        }
      }
      fragment HumanFields on Human { name ...UnknownFragment3 })"),
            (Errors{"Unknown fragment \"UnknownFragment1\". @ 4:14",
                    "Unknown fragment \"UnknownFragment2\". @ 5:29",
                    "Unknown fragment \"UnknownFragment3\". @ 8:47",
                    "Fragment \"HumanFields\" is never used. @ 8:7"}));
}

TEST(NoUnusedFragments, AcceptsFragmentsUsedByAnyOperation) {
  EXPECT_EQ(errors(R"(
      query A { human(id: 4) { ...HumanFields1 } }
      query B { human(id: 4) { ...HumanFields2 } }
      fragment HumanFields1 on Human { name ...HumanFields3 }
      fragment HumanFields2 on Human { name }
      fragment HumanFields3 on Human { name })"),
            Errors{});
}

TEST(NoUnusedFragments, RejectsUnreachableFragmentsEvenIfTheyUseEachOther) {
  EXPECT_EQ(errors(R"(
      query Foo { human(id: 4) { ...HumanFields1 } }
      fragment HumanFields1 on Human { name }
      fragment Unused1 on Human { name ...Unused2 }
      fragment Unused2 on Human { name ...Unused1 })"),
            (Errors{"Cannot spread fragment \"Unused1\" within itself via \"Unused2\". @ 4:40 5:40",
                    "Fragment \"Unused1\" is never used. @ 4:7",
                    "Fragment \"Unused2\" is never used. @ 5:7"}));
}

TEST(PossibleFragmentSpreads, AcceptsSpreadsThatCanApply) {
  EXPECT_EQ(errors(R"(
      { dog { ...dogFragment ...petFragment ...catOrDogFragment ... on Being { name } } pet { ... on Dog { barks } ...catOrDogFragment } }
      fragment dogFragment on Dog { barks }
      fragment petFragment on Pet { name }
      fragment catOrDogFragment on CatOrDog { __typename })"),
            Errors{});
}

TEST(PossibleFragmentSpreads, RejectsObjectIntoObject) {
  EXPECT_EQ(errors(R"(
      { dog { ...catInDog ... on Cat { meows } } }
      fragment catInDog on Cat { meows })"),
            (Errors{"Fragment \"catInDog\" cannot be spread here as objects of type \"Dog\" can "
                    "never be of type \"Cat\". @ 2:15",
                    "Fragment cannot be spread here as objects of type \"Dog\" can never be of "
                    "type \"Cat\". @ 2:27"}));
}

TEST(PossibleFragmentSpreads, RejectsDisjointAbstractTypes) {
  EXPECT_EQ(errors(R"(
      { catOrDog { ...humanOrAlien ... on Intelligent { iq } } humanOrAlien { ... on Pet { name } } }
      fragment humanOrAlien on HumanOrAlien { __typename })"),
            (Errors{"Fragment \"humanOrAlien\" cannot be spread here as objects of type "
                    "\"CatOrDog\" can never be of type \"HumanOrAlien\". @ 2:20",
                    "Fragment cannot be spread here as objects of type \"CatOrDog\" can never be "
                    "of type \"Intelligent\". @ 2:36",
                    "Fragment cannot be spread here as objects of type \"HumanOrAlien\" can never "
                    "be of type \"Pet\". @ 2:79"}));
}

TEST(PossibleFragmentSpreads, AcceptsOverlappingAbstractTypes) {
  EXPECT_EQ(
      errors(
          R"({ dogOrHuman { ... on Pet { name } ... on CatOrDog { __typename } } pet { ... on Intelligent { __typename } } })"),
      (Errors{"Fragment cannot be spread here as objects of type \"Pet\" can never be of type "
              "\"Intelligent\". @ 1:75"}));
}

TEST(NoFragmentCycles, AcceptsRepeatedSpreadsWithoutCycles) {
  EXPECT_EQ(errors(R"(
      { dog { ...A } }
      fragment A on Dog { ...B ...B }
      fragment B on Dog { name mother { ...C } }
      fragment C on Dog { name })"),
            Errors{});
}

TEST(NoFragmentCycles, RejectsASpreadOfItself) {
  EXPECT_EQ(errors(R"(
      { dog { ...fragA } }
      fragment fragA on Dog { ...fragA })"),
            (Errors{"Cannot spread fragment \"fragA\" within itself. @ 3:31"}));
}

TEST(NoFragmentCycles, RejectsACycleThroughOtherFragments) {
  EXPECT_EQ(errors(R"(
      { dog { ...fragA } }
      fragment fragA on Dog { ...fragB }
      fragment fragB on Dog { ...fragC }
      fragment fragC on Dog { ...fragA })"),
            (Errors{"Cannot spread fragment \"fragA\" within itself via \"fragB\", \"fragC\". @ "
                    "3:31 4:31 5:31"}));
}

TEST(NoFragmentCycles, ReportsEachCycleOnceWithItsPath) {
  EXPECT_EQ(errors(R"(
      { dog { ...fragA } }
      fragment fragA on Dog { ...fragB ...fragC }
      fragment fragB on Dog { ...fragA }
      fragment fragC on Dog { ...fragA ...fragB })"),
            (Errors{"Cannot spread fragment \"fragA\" within itself via \"fragB\". @ 3:31 4:31",
                    "Cannot spread fragment \"fragA\" within itself via \"fragC\". @ 3:40 5:31"}));
}

TEST(NoFragmentCycles, FindsCyclesInsideNestedSelections) {
  EXPECT_EQ(errors(R"(
      { dog { ...fragA } }
      fragment fragA on Dog { mother { ...fragB } }
      fragment fragB on Dog { ... on Dog { father { ...fragA } } })"),
            (Errors{"Cannot spread fragment \"fragA\" within itself via \"fragB\". @ 3:40 4:53"}));
}

// ---- hand-written tests below ----

}  // namespace
}  // namespace stashql::validation_test
