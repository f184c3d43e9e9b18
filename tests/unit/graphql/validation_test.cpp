// Validation: the rules on documents and operations (ExecutableDefinitions,
// UniqueOperationNames, LoneAnonymousOperation, SingleFieldSubscriptions), error order and
// limits. Expected errors are graphql-js 16's, messages and locations alike.
#include "unit/graphql/validation_test_support.hpp"

namespace stashql::validation_test {
namespace {

TEST(ExecutableDefinitions, AcceptsOperationsAndFragments) {
  EXPECT_EQ(errors(R"(
      query Foo { dog { ...Frag } }
      fragment Frag on Dog { name })"),
            Errors{});
}

TEST(ExecutableDefinitions, RejectsTypeDefinitions) {
  EXPECT_EQ(errors(R"(
      query Foo { dog { name } }
      type Cow { name: String }
      extend type Dog { color: String })"),
            (Errors{"The \"Cow\" definition is not executable. @ 3:7",
                    "The \"Dog\" definition is not executable. @ 4:7"}));
}

TEST(ExecutableDefinitions, RejectsSchemaAndDirectiveDefinitions) {
  EXPECT_EQ(errors(R"(
      schema { query: QueryRoot }
      directive @local on FIELD
      { dog { name } })"),
            (Errors{"The schema definition is not executable. @ 2:7",
                    "The \"local\" definition is not executable. @ 3:7"}));
}

TEST(UniqueOperationNames, AcceptsDistinctNamesAndOneAnonymous) {
  EXPECT_EQ(errors(R"(
      query Foo { dog { name } }
      query Bar { dog { name } })"),
            Errors{});
}

TEST(UniqueOperationNames, RejectsTwoOperationsOfTheSameName) {
  EXPECT_EQ(errors(R"(
      query Foo { dog { name } }
      query Foo { dog { nickname } })"),
            (Errors{"There can be only one operation named \"Foo\". @ 2:13 3:13"}));
}

TEST(UniqueOperationNames, RejectsTheSameNameAcrossOperationTypes) {
  EXPECT_EQ(errors(R"(
      query Foo { dog { name } }
      mutation Foo { dog { name } }
      subscription Foo { newMessage { body } })"),
            (Errors{"There can be only one operation named \"Foo\". @ 2:13 3:16",
                    "There can be only one operation named \"Foo\". @ 2:13 4:20"}));
}

TEST(UniqueOperationNames, AcceptsAFragmentNamedLikeAnOperation) {
  EXPECT_EQ(errors(R"(
      query Foo { dog { ...Foo } }
      fragment Foo on Dog { name })"),
            Errors{});
}

TEST(LoneAnonymousOperation, AcceptsOneAnonymousOperationWithFragments) {
  EXPECT_EQ(errors(R"(
      { dog { ...Frag } }
      fragment Frag on Dog { name })"),
            Errors{});
}

TEST(LoneAnonymousOperation, RejectsTwoAnonymousOperations) {
  EXPECT_EQ(errors(R"(
      { dog { name } }
      { cat { name } })"),
            (Errors{"This anonymous operation must be the only defined operation. @ 2:7",
                    "This anonymous operation must be the only defined operation. @ 3:7"}));
}

TEST(LoneAnonymousOperation, RejectsAnAnonymousOperationBesideANamedOne) {
  EXPECT_EQ(errors(R"(
      { dog { name } }
      query Named { cat { name } })"),
            (Errors{"This anonymous operation must be the only defined operation. @ 2:7"}));
}

TEST(SingleFieldSubscriptions, AcceptsOneRootFieldThroughFragments) {
  EXPECT_EQ(errors(R"(
      subscription Sub { ...F }
      fragment F on SubscriptionRoot { importantEmails })"),
            Errors{});
}

TEST(SingleFieldSubscriptions, RejectsSeveralRootFieldsReportingTheExtraOnes) {
  EXPECT_EQ(
      errors(R"(
      subscription ImportantEmails {
        importantEmails
        notImportantEmails
        spamEmails
      })"),
      (Errors{"Subscription \"ImportantEmails\" must select only one top level field. @ 4:9 5:9"}));
}

TEST(SingleFieldSubscriptions, CountsFieldsInFragmentsAndInlineFragments) {
  EXPECT_EQ(errors(R"(
      subscription {
        importantEmails
        ... on SubscriptionRoot { spamEmails }
        ...F
      }
      fragment F on SubscriptionRoot { deletedEmails })"),
            (Errors{"Anonymous Subscription must select only one top level field. @ 4:35 7:40"}));
}

TEST(SingleFieldSubscriptions, RejectsIntrospectionRootFields) {
  EXPECT_EQ(
      errors(R"(subscription Sub { __typename })"),
      (Errors{"Subscription \"Sub\" must not select an introspection top level field. @ 1:20"}));
}

TEST(SingleFieldSubscriptions, LeavesOutFieldsSkippedByLiterals) {
  EXPECT_EQ(
      errors(
          R"(subscription { importantEmails @skip(if: true) spamEmails @include(if: false) deletedEmails })"),
      Errors{});
}

TEST(SingleFieldSubscriptions, MergesFieldsOfOneResponseKey) {
  EXPECT_EQ(errors(R"(subscription { newMessage { body } newMessage { sender } })"), Errors{});
}

TEST(Validation, ReportsErrorsInDocumentOrderAndRuleOrder) {
  EXPECT_EQ(errors(R"(
      query Q($unused: Int) {
        dog { unknownField name(bad: 1) }
        ...Missing
      }
      fragment Unused on Cat { meows })"),
            (Errors{"Cannot query field \"unknownField\" on type \"Dog\". @ 3:15",
                    "Unknown argument \"bad\" on field \"Dog.name\". @ 3:33",
                    "Unknown fragment \"Missing\". @ 4:12",
                    "Variable \"$unused\" is never used in operation \"Q\". @ 2:15",
                    "Fragment \"Unused\" is never used. @ 6:7"}));
}

// ---- hand-written tests below ----

// A dog selection with `count` fields: "f0: name f1: name …" (distinct response keys) or
// "name name …" (one key).
std::string flat_query(int count, bool distinct_keys) {
  std::string query = "{ dog {";
  for (int i = 0; i < count; ++i) {
    query += distinct_keys ? " f" + std::to_string(i) + ": name" : " name";
  }
  return query + " } }";
}

TEST(Validation, StopsAtTheErrorLimitWithGraphqlJsMessage) {
  EXPECT_EQ(errors("{ dog { a b c d e } }", ValidationLimits{3}),
            (Errors{"Cannot query field \"a\" on type \"Dog\". @ 1:9",
                    "Cannot query field \"b\" on type \"Dog\". @ 1:11",
                    "Cannot query field \"c\" on type \"Dog\". @ 1:13",
                    "Too many validation errors, error limit reached. Validation aborted."}));
}

TEST(Validation, AnErrorLimitOfZeroReportsOnlyTheAbort) {
  EXPECT_EQ(errors("{ dog { a } }", ValidationLimits{0}),
            (Errors{"Too many validation errors, error limit reached. Validation aborted."}));
  EXPECT_EQ(errors("{ dog { name } }", ValidationLimits{0}), Errors{});
}

TEST(Validation, DefaultLimitIsAHundredErrors) {
  // 199 fragments agree on "x: name" and one says "x: nickname": 199 conflicts.
  std::string query = "{ dog {";
  for (int i = 0; i < 200; ++i)
    query += " ...F" + std::to_string(i);
  query += " } }\n";
  for (int i = 0; i < 199; ++i)
    query += "fragment F" + std::to_string(i) + " on Dog { x: name }\n";
  query += "fragment F199 on Dog { x: nickname }";
  const Errors result = errors(query);
  ASSERT_EQ(result.size(), 101U);
  EXPECT_EQ(result.front(),
            "Fields \"x\" conflict because \"name\" and \"nickname\" are different fields. Use "
            "different aliases on the fields to fetch both if this was intentional. @ 2:22 201:24");
  EXPECT_EQ(result.back(), "Too many validation errors, error limit reached. Validation aborted.");
}

TEST(Validation, AcceptsAThousandDistinctFieldsInOneSelection) {
  EXPECT_EQ(errors(flat_query(1000, true)), Errors{});
}

TEST(Validation, ReportsEveryErrorOfALargeFlatSelection) {
  std::string query = "{ dog {";
  for (int i = 0; i < 1000; ++i)
    query += " f" + std::to_string(i) + ": nam";
  query += " } }";
  const Errors result = errors(query, ValidationLimits{2000});
  ASSERT_EQ(result.size(), 1000U);
  EXPECT_EQ(result[999],
            "Cannot query field \"nam\" on type \"Dog\". Did you mean \"name\"? @ 1:9889");
}

TEST(Validation, MergesSeveralHundredCopiesOfOneField) {
  EXPECT_EQ(errors(flat_query(700, false)), Errors{});
}

TEST(Validation, AbortsLikeGraphqlJsWhenComparingAThousandCopiesOfOneField) {
  // graphql-js meters field comparisons (500,000 units) and gives up past that budget.
  EXPECT_EQ(errors(flat_query(1000, false)), Errors{"Validation aborted."});
}

TEST(Validation, ValidatesADeepChainOfNestedFragments) {
  constexpr int kDepth = 500;
  std::string query = "{ dog { ...F0 } }\n";
  for (int i = 0; i < kDepth; ++i) {
    query += "fragment F" + std::to_string(i) + " on Dog { name mother { ...F" +
             std::to_string(i + 1) + " } }\n";
  }
  const std::string last = "fragment F" + std::to_string(kDepth) + " on Dog { name";
  EXPECT_EQ(errors(query + last + " }"), Errors{});
  EXPECT_EQ(errors(query + last + " unknownField }"),
            Errors{"Cannot query field \"unknownField\" on type \"Dog\". @ 502:29"});
}

TEST(Validation, ValidatesManyFragmentsSpreadTogether) {
  std::string query = "{ dog {";
  for (int i = 0; i < 200; ++i)
    query += " ...F" + std::to_string(i);
  query += " } }\n";
  for (int i = 0; i < 200; ++i) {
    query += "fragment F" + std::to_string(i) + " on Dog { x: name mother { x: name } }\n";
  }
  EXPECT_EQ(errors(query), Errors{});
}

TEST(Validation, AbortsLikeGraphqlJsWhenFragmentBookkeepingExceedsItsBudget) {
  // Three operations each reaching 300 fragments that use a variable: graphql-js's 50,000
  // units of fragment work run out while collecting variable usages.
  std::string query;
  for (int op = 0; op < 3; ++op) {
    query += "query Q" + std::to_string(op) + "($x: Int) {";
    for (int i = 0; i < 300; ++i)
      query += " ...F" + std::to_string(i);
    query += " }\n";
  }
  for (int i = 0; i < 300; ++i) {
    query += "fragment F" + std::to_string(i) + " on QueryRoot { dog { isAtLocation(x: $x) } }\n";
  }
  EXPECT_EQ(errors(query), Errors{"Validation aborted."});
}

TEST(Validation, AbortsRatherThanRecurseThroughAVeryLongFragmentChain) {
  // graphql-js overflows its stack on this document; stashql stops at a fixed depth.
  constexpr int kLength = 6000;
  std::string query = "{ dog { name ...F0 } }\n";
  for (int i = 0; i < kLength; ++i) {
    query += "fragment F" + std::to_string(i) + " on Dog { ...F" + std::to_string(i + 1) + " }\n";
  }
  query += "fragment F" + std::to_string(kLength) + " on Dog { name }";
  EXPECT_EQ(errors(query), Errors{"Validation aborted."});
}

TEST(Validation, TreatsBuiltInScalarsTheSchemaDoesNotUseAsUnknown) {
  const auto schema = build_schema("type Query { a: String b: String }");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(errors_with(*schema, "query ($f: Float, $b: Boolean) { a b(x: $b) }"),
            (Errors{"Unknown type \"Float\". @ 1:12",
                    "Unknown argument \"x\" on field \"Query.b\". @ 1:38",
                    "Variable \"$f\" is never used. @ 1:8"}));
}

TEST(Validation, LeavesSubscriptionsAloneWhenTheSchemaHasNone) {
  const auto schema = build_schema("type Query { a: String b: String }");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(errors_with(*schema, "subscription { a b }"), Errors{});
}

}  // namespace
}  // namespace stashql::validation_test
