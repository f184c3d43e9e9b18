// sort: stable ordering by computed keys, nulls last, mixed kinds refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "functions/core/core.hpp"
#include "unit/functions/function_test_support.hpp"

namespace stashql::functions {
namespace {

using testing::build_step;
using testing::Built;
using testing::describe;
using ::testing::HasSubstr;
using testing::must_build;
using testing::Roots;
using ::testing::StartsWith;

std::string sorted(std::string_view step, std::string_view prev) {
  auto sort = must_build(sort_function(), step);
  if (sort == nullptr) return "not built";
  Roots roots;
  roots.prev(prev);
  return describe(roots.run(*sort));
}

TEST(Sort, NumbersAscendingByDefault) {
  EXPECT_EQ(sorted("by: item.n", R"([{"n": 3}, {"n": 1}, {"n": 2}])"),
            R"(next [{"n":1},{"n":2},{"n":3}])");
}

TEST(Sort, Descending) {
  EXPECT_EQ(sorted("{by: item, order: desc}", "[3, 1, 2]"), "next [3,2,1]");
}

TEST(Sort, ExplicitAscending) {
  EXPECT_EQ(sorted("{by: item, order: asc}", "[3, 1, 2]"), "next [1,2,3]");
}

TEST(Sort, IntegersAndDecimalsCompareAsNumbers) {
  EXPECT_EQ(sorted("by: item", "[2, 1.5, -3, 0.25, 1]"), "next [-3,0.25,1,1.5,2]");
}

TEST(Sort, LargeIntegersCompareExactly) {
  EXPECT_EQ(sorted("by: item", "[9007199254740993, 9007199254740992]"),
            "next [9007199254740992,9007199254740993]");
}

TEST(Sort, StringsByCodePoint) {
  EXPECT_EQ(sorted("by: item", R"(["b", "é", "B", "a", "Z", "ab"])"),
            R"(next ["B","Z","a","ab","b","é"])");
}

TEST(Sort, BooleansFalseFirst) {
  EXPECT_EQ(sorted("by: item", "[true, false, true]"), "next [false,true,true]");
}

TEST(Sort, NullsLastAscending) {
  EXPECT_EQ(sorted("by: item.n", R"([{"n": null}, {"n": 2}, {}, {"n": 1}])"),
            R"(next [{"n":1},{"n":2},{"n":null},{}])");
}

TEST(Sort, NullsLastDescendingToo) {
  EXPECT_EQ(sorted("{by: item.n, order: desc}", R"([{"n": null}, {"n": 2}, {}, {"n": 3}])"),
            R"(next [{"n":3},{"n":2},{"n":null},{}])");
}

TEST(Sort, StableForEqualKeys) {
  EXPECT_EQ(sorted("by: item.k", R"([{"k": 1, "i": 0}, {"k": 0, "i": 1}, {"k": 1, "i": 2},
                                     {"k": 0, "i": 3}])"),
            R"(next [{"k":0,"i":1},{"k":0,"i":3},{"k":1,"i":0},{"k":1,"i":2}])");
}

TEST(Sort, StableWhenDescendingToo) {
  EXPECT_EQ(sorted("{by: item.k, order: desc}", R"([{"k": 1, "i": 0}, {"k": 0, "i": 1},
                                                    {"k": 1, "i": 2}])"),
            R"(next [{"k":1,"i":0},{"k":1,"i":2},{"k":0,"i":1}])");
}

TEST(Sort, SeveralKeysInPriorityOrder) {
  EXPECT_EQ(sorted("by: [item.year, item.title]",
                   R"([{"year": 2021, "title": "b"}, {"year": 2020, "title": "z"},
                       {"year": 2021, "title": "a"}])"),
            R"(next [{"year":2020,"title":"z"},{"year":2021,"title":"a"},)"
            R"({"year":2021,"title":"b"}])");
}

TEST(Sort, ASecondKeyBreaksTiesAmongNullFirstKeys) {
  EXPECT_EQ(sorted("by: [item.a, item.b]", R"([{"b": 2}, {"a": 1, "b": 9}, {"b": 1}])"),
            R"(next [{"a":1,"b":9},{"b":1},{"b":2}])");
}

TEST(Sort, KeysMayBeComputed) {
  EXPECT_EQ(sorted(R"(by: "{{ size(item) }}")", R"(["ccc", "a", "bb"])"),
            R"(next ["a","bb","ccc"])");
}

TEST(Sort, ItemsFromATemplate) {
  auto sort = must_build(sort_function(), R"(
items: "{{ stash.posts }}"
by: item.id
order: desc
)");
  Roots roots;
  roots.stash(R"({"posts": [{"id": 1}, {"id": 3}, {"id": 2}]})").prev("0");
  EXPECT_EQ(describe(roots.run(*sort)), R"(next [{"id":3},{"id":2},{"id":1}])");
}

TEST(Sort, ComputedItemsAreSortedToo) {
  auto sort = must_build(sort_function(), R"(
items: "{{ stash.a + stash.b }}"
by: item
)");
  Roots roots;
  roots.stash(R"({"a": [3, 1], "b": [2]})");
  EXPECT_EQ(describe(roots.run(*sort)), "next [1,2,3]");
}

TEST(Sort, EmptyAndNullItems) {
  EXPECT_EQ(sorted("by: item", "[]"), "next []");
  EXPECT_EQ(sorted("by: item", "null"), "next []");
}

TEST(Sort, ItemsThatAreNotAListAreAnError) {
  EXPECT_EQ(sorted("by: item", "true"), "error items must be a list, got a boolean");
}

TEST(Sort, MixedKindsAreAnError) {
  EXPECT_EQ(sorted("by: item.k", R"([{"k": "x"}, {"k": null}, {"k": 1}])"),
            "error by: cannot compare a string with an integer (item.k)");
}

TEST(Sort, MixedKindsInASecondKeyAreAnError) {
  EXPECT_EQ(sorted("by: [item.a, item.b]", R"([{"a": 1, "b": true}, {"a": 2, "b": 2.5}])"),
            "error by: cannot compare a boolean with a number (item.b)");
}

TEST(Sort, ListKeysAreAnError) {
  EXPECT_EQ(sorted("by: item.tags", R"([{"tags": []}, {"tags": ["a"]}])"),
            "error by: cannot sort by a list (item.tags)");
}

TEST(Sort, LeavesTheItemRootAsItFoundIt) {
  auto sort = must_build(sort_function(), "by: item");
  Roots roots;
  roots.prev("[2, 1]").item("7");
  const Value* outer = roots.root(expr::Root::item);
  EXPECT_EQ(describe(roots.run(*sort)), "next [1,2]");
  EXPECT_EQ(roots.item_after, outer);
}

TEST(Sort, EvaluationErrorIsARunTimeError) {
  auto sort = must_build(sort_function(), "by: item.a.b");
  Roots roots;
  roots.prev(R"([{"a": "s"}])");
  pipeline::StepOutcome outcome = roots.run(*sort);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("by: "));
  EXPECT_EQ(roots.item_after, nullptr);
}

TEST(Sort, ByIsRequired) {
  Built built = build_step(sort_function(), "order: desc");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("step 1 (sort) needs \"by\""));
}

TEST(Sort, OrderIsAscOrDesc) {
  Built built = build_step(sort_function(), "{by: item, order: up}");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("order must be asc or desc, not \"up\""));
}

TEST(Sort, EmptyByListIsALoadError) {
  Built built = build_step(sort_function(), "by: []");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_EQ(built.errors.size(), 1U) << built.error_text();
}

}  // namespace
}  // namespace stashql::functions
