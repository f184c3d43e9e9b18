// filter and map: walking a list with `item` bound to each element.
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

constexpr std::string_view kPosts = R"({"posts": [
  {"id": 1, "year": 2020, "tag": "a"},
  {"id": 2, "year": 2023, "tag": "b"},
  {"id": 3, "year": 2021, "tag": "a"},
  {"id": 4, "year": 2024, "tag": "a"}
]})";

// --- filter ----------------------------------------------------------------------------------

TEST(Filter, KeepsTheItemsWhereHoldsInTheirOrder) {
  auto filter = must_build(filter_function(), R"(
items: "{{ stash.posts }}"
where: item.tag == "a" and item.year >= args.since
)");
  Roots roots;
  roots.stash(kPosts).args(R"({"since": 2021})");
  EXPECT_EQ(describe(roots.run(*filter)),
            R"(next [{"id":3,"year":2021,"tag":"a"},{"id":4,"year":2024,"tag":"a"}])");
}

TEST(Filter, ItemsDefaultToThePreviousResult) {
  auto filter = must_build(filter_function(), "where: item > 2");
  Roots roots;
  roots.prev("[5, 1, 3, 2]");
  EXPECT_EQ(describe(roots.run(*filter)), "next [5,3]");
}

TEST(Filter, WhereMayBeWrittenAsATemplate) {
  auto filter = must_build(filter_function(), R"(where: "{{ item.year > 2022 }}")");
  Roots roots;
  roots.prev(R"([{"year": 2020}, {"year": 2023}])");
  EXPECT_EQ(describe(roots.run(*filter)), R"(next [{"year":2023}])");
}

TEST(Filter, WhereUsesJavaScriptTruthiness) {
  auto filter = must_build(filter_function(), "where: item.v");
  Roots roots;
  roots.prev(R"([{"v": ""}, {"v": "x"}, {"v": 0}, {"v": 0.5}, {"v": null}, {}, {"v": []},
                 {"v": {}}, {"v": false}, {"v": true}])");
  EXPECT_EQ(describe(roots.run(*filter)),
            R"(next [{"v":"x"},{"v":0.5},{"v":[]},{"v":{}},{"v":true}])");
}

TEST(Filter, NullItemsGiveAnEmptyList) {
  auto filter = must_build(filter_function(), R"(
items: "{{ stash.missing }}"
where: "true"
)");
  Roots roots;
  roots.stash("{}");
  EXPECT_EQ(describe(roots.run(*filter)), "next []");
}

TEST(Filter, NoPreviousResultGivesAnEmptyList) {
  auto filter = must_build(filter_function(), "where: item");
  Roots roots;
  EXPECT_EQ(describe(roots.run(*filter)), "next []");
}

TEST(Filter, ItemsThatAreNotAListAreAnError) {
  auto filter = must_build(filter_function(), R"(
items: "{{ stash.name }}"
where: item
)");
  Roots roots;
  roots.stash(R"({"name": "ada"})");
  EXPECT_EQ(describe(roots.run(*filter)), "error items must be a list, got a string");
}

TEST(Filter, AnObjectIsNotAList) {
  auto filter = must_build(filter_function(), "where: item");
  Roots roots;
  roots.prev(R"({"a": 1})");
  EXPECT_EQ(describe(roots.run(*filter)), "error items must be a list, got an object");
}

TEST(Filter, EvaluationErrorInItemsIsARunTimeError) {
  auto filter = must_build(filter_function(), R"(
items: "{{ stash.name.first }}"
where: item
)");
  Roots roots;
  roots.stash(R"({"name": "ada"})");
  pipeline::StepOutcome outcome = roots.run(*filter);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("items: "));
}

TEST(Filter, ComputedItemsAreFilteredToo) {
  auto filter = must_build(filter_function(), R"(
items: "{{ stash.a + stash.b }}"
where: item % 2 == 0
)");
  Roots roots;
  roots.stash(R"({"a": [1, 2, 3], "b": [4, 6, 7]})");
  EXPECT_EQ(describe(roots.run(*filter)), "next [2,4,6]");
}

TEST(Filter, LeavesTheItemRootAsItFoundIt) {
  auto filter = must_build(filter_function(), "where: item > 1");
  Roots roots;
  roots.prev("[1, 2, 3]").item(R"("outer")");
  const Value* outer = roots.root(expr::Root::item);
  EXPECT_EQ(describe(roots.run(*filter)), "next [2,3]");
  EXPECT_EQ(roots.item_after, outer);
}

TEST(Filter, WhereIsRequired) {
  Built built = build_step(filter_function(), R"(items: "{{ stash.posts }}")");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("step 1 (filter) needs \"where\""));
}

TEST(Filter, InvalidWhereIsALoadError) {
  Built built = build_step(filter_function(), "where: item ==");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("invalid expression in step 1 (filter): where"));
}

TEST(Filter, EvaluationErrorStopsAndRestoresTheItem) {
  auto filter = must_build(filter_function(), "where: item.x");
  Roots roots;
  roots.prev(R"([{"x": 1}, "text"])").item("0");
  const Value* outer = roots.root(expr::Root::item);
  pipeline::StepOutcome outcome = roots.run(*filter);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("where: "));
  EXPECT_EQ(roots.item_after, outer);
}

// --- map -------------------------------------------------------------------------------------

TEST(Map, RendersTheValueForEachItem) {
  auto map = must_build(map_function(), R"(
items: "{{ stash.posts }}"
value: { id: "{{ item.id }}", label: "{{ item.tag }}-{{ item.year }}", by: "{{ args.user }}" }
)");
  Roots roots;
  roots.stash(kPosts).args(R"({"user": "ada"})");
  EXPECT_EQ(describe(roots.run(*map)),
            R"(next [{"id":1,"label":"a-2020","by":"ada"},{"id":2,"label":"b-2023","by":"ada"},)"
            R"({"id":3,"label":"a-2021","by":"ada"},{"id":4,"label":"a-2024","by":"ada"}])");
}

TEST(Map, ItemsDefaultToThePreviousResult) {
  auto map = must_build(map_function(), R"(value: "{{ item * 10 }}")");
  Roots roots;
  roots.prev("[1, 2]");
  EXPECT_EQ(describe(roots.run(*map)), "next [10,20]");
}

TEST(Map, PicksOneFieldOfEachItemWithItsType) {
  auto map = must_build(map_function(), R"(value: "{{ item.id }}")");
  Roots roots;
  roots.prev(R"([{"id": 1}, {"id": "two"}, {}])");
  EXPECT_EQ(describe(roots.run(*map)), R"(next [1,"two",null])");
}

TEST(Map, ConstantValueIsRepeated) {
  auto map = must_build(map_function(), "value: { seen: true }");
  Roots roots;
  roots.prev("[1, 2]");
  EXPECT_EQ(describe(roots.run(*map)), R"(next [{"seen":true},{"seen":true}])");
}

TEST(Map, NullItemsGiveAnEmptyList) {
  auto map = must_build(map_function(), R"(value: "{{ item }}")");
  Roots roots;
  roots.prev("null");
  EXPECT_EQ(describe(roots.run(*map)), "next []");
}

TEST(Map, ItemsThatAreNotAListAreAnError) {
  auto map = must_build(map_function(), R"(
items: "{{ stash.n }}"
value: "{{ item }}"
)");
  Roots roots;
  roots.stash(R"({"n": 3})");
  EXPECT_EQ(describe(roots.run(*map)), "error items must be a list, got an integer");
}

TEST(Map, ValueIsRequired) {
  Built built = build_step(map_function(), "items: []");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("step 1 (map) needs \"value\""));
}

TEST(Map, EvaluationErrorStopsAndRestoresTheItem) {
  auto map = must_build(map_function(), R"(value: "{{ item.a.b }}")");
  Roots roots;
  roots.prev(R"([{"a": {"b": 1}}, {"a": 5}])");
  pipeline::StepOutcome outcome = roots.run(*map);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("value: "));
  EXPECT_EQ(roots.item_after, nullptr);
}

TEST(Map, AnItemsTemplateSeesTheOuterItem) {
  // Inside another walk (a function called per item), items may come from the outer item.
  auto map = must_build(map_function(), R"(
items: "{{ item.tags }}"
value: "#{{ item }}"
)");
  Roots roots;
  roots.item(R"({"tags": ["x", "y"]})");
  const Value* outer = roots.root(expr::Root::item);
  EXPECT_EQ(describe(roots.run(*map)), R"(next ["#x","#y"])");
  EXPECT_EQ(roots.item_after, outer);
}

}  // namespace
}  // namespace stashql::functions
