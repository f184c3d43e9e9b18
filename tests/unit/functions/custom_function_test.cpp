// The registry: the list of built-ins, and a unit function of one's own registered in a few
// lines — the extension point DESIGN.md §3 promises.
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stashql/unit_function.hpp>

#include "functions/core/core.hpp"
#include "unit/functions/function_test_support.hpp"

namespace stashql::functions {
namespace {

using testing::build_step;
using testing::Built;
using testing::describe;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Roots;

// A custom function: `use: shout` upper-cases `text` (ASCII) and appends `suffix` (default !).
class Shout final : public pipeline::UnitFunction {
 public:
  Shout(expr::ValueTemplate text, std::string suffix)
      : text_(std::move(text)), suffix_(std::move(suffix)) {}

  pipeline::StepOutcome run(pipeline::StepContext& context) const override {
    auto text = text_.render(context.scope);
    if (!text) return pipeline::StepOutcome::error("shout: " + text.error().message);
    std::string out;
    expr::append_as_text(out, **text);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return pipeline::StepOutcome::next(Value(out + suffix_));
  }

 private:
  expr::ValueTemplate text_;
  std::string suffix_;
};

pipeline::FunctionSpec shout_function() {
  return {
      .name = "shout",
      .summary = "Upper-cases `text`.",
      .keys = {"text", "suffix"},
      .build = [](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
        auto text = args.value("text", pipeline::Presence::required);
        auto suffix = args.word("suffix", pipeline::Presence::optional);
        if (!text || (!suffix && args.has("suffix"))) return nullptr;
        return std::make_unique<Shout>(std::move(*text), suffix.value_or("!"));
      },
  };
}

TEST(CustomFunction, RegistersBuildsAndRuns) {
  pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  registry.add(shout_function());

  const pipeline::FunctionSpec* spec = registry.find("shout");
  ASSERT_NE(spec, nullptr);
  Built built = build_step(*spec, R"(text: "hello {{ args.name }}")");
  ASSERT_NE(built.function, nullptr) << built.error_text();
  Roots roots;
  roots.args(R"({"name": "ada"})");
  EXPECT_EQ(describe(roots.run(*built.function)), R"(next "HELLO ADA!")");
  EXPECT_THAT(registry.names(), ::testing::Contains("shout"));
}

TEST(CustomFunction, ItsArgumentsAreCheckedAtLoadTime) {
  Built built = build_step(shout_function(), "suffix: [a]");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("step 1 (shout) needs \"text\""));
}

TEST(Registry, BuiltinsAreListedByName) {
  EXPECT_THAT(pipeline::builtin_functions().names(),
              ElementsAre("append_error", "auth", "fail", "filter", "http", "http.send", "map",
                          "paginate", "return", "set", "sort"));
}

TEST(Registry, CoreFunctionsReadOnlyAndRunSynchronously) {
  const pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  for (const char* name :
       {"set", "return", "fail", "append_error", "filter", "map", "sort", "paginate", "auth"}) {
    const pipeline::FunctionSpec* spec = registry.find(name);
    ASSERT_NE(spec, nullptr) << name;
    EXPECT_EQ(spec->effect, pipeline::Effect::reads) << name;
    EXPECT_FALSE(spec->summary.empty()) << name;
  }
  auto set = testing::must_build(*registry.find("set"), "value: 1");
  EXPECT_FALSE(set->is_async());
}

TEST(Registry, SpecsNameTheKeysTheirStepsTake) {
  const pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  EXPECT_THAT(registry.find("sort")->keys, ElementsAre("items", "by", "order"));
  EXPECT_THAT(registry.find("paginate")->keys,
              ElementsAre("items", "limit", "nextToken", "maxLimit"));
  EXPECT_THAT(registry.find("auth")->keys,
              ElementsAre("signedIn", "groups", "allow", "deny", "owner", "apiKey"));
  EXPECT_THAT(registry.find("fail")->keys, ElementsAre("error"));
}

TEST(Registry, UnknownNameIsNotFound) {
  const pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  EXPECT_EQ(registry.find("filtr"), nullptr);
  EXPECT_EQ(registry.find(""), nullptr);
}

TEST(Registry, AddingANameAgainReplacesIt) {
  pipeline::FunctionRegistry registry;
  registry.add(shout_function());
  pipeline::FunctionSpec other = shout_function();
  other.summary = "replaced";
  registry.add(std::move(other));
  EXPECT_THAT(registry.names(), ElementsAre("shout"));
  EXPECT_EQ(registry.find("shout")->summary, "replaced");
}

}  // namespace
}  // namespace stashql::functions
