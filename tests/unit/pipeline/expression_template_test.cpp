// Templates and value templates as pipeline files use them: `"{{ expr }}"` alone keeps its
// type, longer strings interpolate, `\{{` escapes, braces inside an expression do not end it,
// offsets of errors and references point into the template text, and constant parts fold.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <stashql/expression.hpp>
#include <stashql/json.hpp>

#include "unit/pipeline/expression_test_support.hpp"

namespace stashql::expr {
namespace {

using testing::EvalCase;
using testing::test_scope;

std::string render_json(std::string_view text) {
  auto t = Template::compile(text);
  if (!t) return "COMPILE ERROR: " + t.error().message;
  auto r = t->render(test_scope());
  if (!r) return "ERROR: " + r.error().message;
  return to_json(r->get());
}

class Renders : public ::testing::TestWithParam<EvalCase> {};

TEST_P(Renders, ToTheExpectedJson) {
  EXPECT_EQ(render_json(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Template, Renders,
    ::testing::Values(
        EvalCase{"user:{{ identity.username }}", R"("user:alice")"},
        EvalCase{"{{ stash.count }}", "5"}, EvalCase{"{{stash.count}}", "5"},
        EvalCase{"  {{ stash.user }}\n", R"({"name":"Alice","maxPosts":10,"nick":null})"},
        EvalCase{"{{ stash.missing }}", "null"},
        EvalCase{"{{ stash.count }}{{ stash.count }}", R"("55")"},
        EvalCase{"{{ stash.count }} ", "5"}, EvalCase{"x{{ stash.count }}", R"("x5")"},
        EvalCase{"plain text", R"("plain text")"}, EvalCase{"", R"("")"},
        EvalCase{"\\{{ not an expression }}", R"("{{ not an expression }}")"},
        EvalCase{"a \\{{ b }} {{ stash.count }}", R"("a {{ b }} 5")"},
        EvalCase{"back\\slash \\n {{ 1 }}", R"("back\\slash \\n 1")"},
        EvalCase{"{{ {a: {b: 1}} }}", R"({"a":{"b":1}})"},
        EvalCase{"{{ {a: {b: stash.count}}.a }}", R"({"b":5})"},
        EvalCase{"{{{a: 1}}}", R"({"a":1})"}, EvalCase{"{{ '}}' }}", R"("}}")"},
        EvalCase{"{{ \"{{\" + '}' }}", R"("{{}")"}, EvalCase{"{{ 'it\\'s }}' }}", R"("it's }}")"},
        EvalCase{"x {{ stash.missing }} y", R"("x  y")"},
        EvalCase{"{{ stash.items }}!", R"("[1,2,3]!")"},
        EvalCase{"{{ stash.f }} and {{ stash.t }}", R"("1.5 and true")"},
        EvalCase{"{{ stash.user }}.", R"("{\"name\":\"Alice\",\"maxPosts\":10,\"nick\":null}.")"},
        EvalCase{"quota of {{ stash.user.maxPosts }} posts reached",
                 R"("quota of 10 posts reached")"},
        EvalCase{"}} alone {", R"("}} alone {")"},
        EvalCase{"{{ stash.s.x }}", R"(ERROR: cannot read "x" of a string (stash.s.x))"},
        EvalCase{"a {{ 1 / 0 }}", "ERROR: division by zero"}));

struct TemplateErrorCase {
  std::string_view text;
  std::string_view message;
  std::size_t offset;
};

// NOLINTNEXTLINE(readability-identifier-naming): GoogleTest looks it up by this name
void PrintTo(const TemplateErrorCase& c, std::ostream* os) {
  *os << c.text;
}

class TemplateErrors : public ::testing::TestWithParam<TemplateErrorCase> {};

TEST_P(TemplateErrors, PointIntoTheTemplateText) {
  auto t = Template::compile(GetParam().text);
  ASSERT_FALSE(t.has_value()) << GetParam().text;
  EXPECT_EQ(t.error().message, GetParam().message) << GetParam().text;
  EXPECT_EQ(t.error().offset, GetParam().offset) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Template, TemplateErrors,
    ::testing::Values(
        TemplateErrorCase{"abc {{ stash.count", "unterminated {{: expected }} to close it", 4},
        TemplateErrorCase{"{{ stash.count } }", "unterminated {{: expected }} to close it", 0},
        TemplateErrorCase{"ok {{ 1 }} then {{ 'open }}", "unterminated {{: expected }} to close it",
                          16},
        TemplateErrorCase{"a {{ }} b", "empty {{ }}: expected an expression inside", 2},
        TemplateErrorCase{"{{}}", "empty {{ }}: expected an expression inside", 0},
        TemplateErrorCase{"ab {{ foo }}",
                          "unknown name \"foo\": expected one of args, source, identity, headers, "
                          "info, stash, prev, item, or a function call",
                          6},
        TemplateErrorCase{"{{ 1 }}{{ 1 + }}",
                          "expected an expression, found the end of the expression", 14},
        TemplateErrorCase{"x{{ size() }}", "size() takes 1 argument, got 0", 4}));

TEST(Template, ASingleExpressionKeepsItsTypeAndRefersIntoTheScope) {
  auto t = Template::compile(" {{ stash.user }} ");
  ASSERT_TRUE(t.has_value());
  auto r = t->render(test_scope());
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->is_ref());
  EXPECT_EQ(&r->get(), test_scope().get(Root::stash)->find("user"));

  auto n = Template::compile("{{ stash.count }}");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->render(test_scope())->get().is_int());
}

TEST(Template, AStringWithoutExpressionsIsAConstantReference) {
  auto t = Template::compile("just text");
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->is_constant());
  EXPECT_EQ(t->roots(), 0);
  EXPECT_TRUE(t->references().empty());
  auto a = t->render(test_scope());
  auto b = t->render(Scope{});
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->is_ref());
  EXPECT_EQ(&a->get(), &b->get());
  EXPECT_EQ(t->text(), "just text");
}

TEST(Template, ConstantExpressionsAreRenderedOnce) {
  auto t = Template::compile("n={{ 1 + 1 }}");
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->is_constant());
  auto r = t->render(Scope{});
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->is_ref());
  EXPECT_EQ(r->get(), Value("n=2"));
}

TEST(Template, ChangingFunctionsAreRenderedEachTime) {
  auto t = Template::compile("id-{{ uuid() }}");
  ASSERT_TRUE(t.has_value());
  EXPECT_FALSE(t->is_constant());
  EXPECT_NE(t->render(Scope{})->get(), t->render(Scope{})->get());
}

TEST(Template, ReferencesAndRootsUseOffsetsIntoTheTemplate) {
  auto t = Template::compile("x {{ args.input.title }} {{ stash.user }} {{ prev.result.a }}");
  ASSERT_TRUE(t.has_value());
  std::vector<std::tuple<Root, std::string, std::size_t>> got;
  for (const Reference& r : t->references())
    got.emplace_back(r.root, r.first_key, r.offset);
  const std::vector<std::tuple<Root, std::string, std::size_t>> expected = {
      {Root::args, "input", 5}, {Root::stash, "user", 28}, {Root::prev, "a", 45}};
  EXPECT_EQ(got, expected);
  EXPECT_EQ(t->roots(), root_bit(Root::args) | root_bit(Root::stash) | root_bit(Root::prev));
  EXPECT_FALSE(t->is_constant());
}

// ---- ValueTemplate --------------------------------------------------------------------------

ValueTemplate tmpl(std::string_view text) {
  auto t = Template::compile(text);
  EXPECT_TRUE(t.has_value()) << text;
  return ValueTemplate::of(std::move(*t));
}

TEST(ValueTemplate, DefaultIsTheConstantNull) {
  const ValueTemplate t;
  EXPECT_TRUE(t.is_constant());
  auto r = t.render(test_scope());
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->get().is_null());
}

TEST(ValueTemplate, AConstantRendersAsAReferenceToItself) {
  const ValueTemplate t = ValueTemplate::constant(Value(List{1, "a"}));
  EXPECT_TRUE(t.is_constant());
  auto a = t.render(test_scope());
  auto b = t.render(Scope{});
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->is_ref());
  EXPECT_EQ(&a->get(), &b->get());
  EXPECT_EQ(to_json(a->get()), R"([1,"a"])");
}

TEST(ValueTemplate, PlainStringsAndConstantTemplatesFold) {
  EXPECT_TRUE(tmpl("plain").is_constant());
  EXPECT_TRUE(tmpl("{{ [1, 2] }}").is_constant());
  EXPECT_EQ(to_json(tmpl("{{ [1, 2] }}").render(Scope{})->get()), "[1,2]");
  EXPECT_FALSE(tmpl("{{ stash.count }}").is_constant());
  EXPECT_EQ(tmpl("{{ stash.count }}").roots(), root_bit(Root::stash));
}

TEST(ValueTemplate, AWhollyConstantTreeFoldsIntoOneConstant) {
  std::vector<std::pair<std::string, ValueTemplate>> members;
  members.emplace_back("a", ValueTemplate::constant(Value(1)));
  members.emplace_back("b", ValueTemplate::list({tmpl("x"), tmpl("{{ 2 * 3 }}")}));
  const ValueTemplate t = ValueTemplate::object(std::move(members));
  EXPECT_TRUE(t.is_constant());
  EXPECT_EQ(t.roots(), 0);
  auto r = t.render(Scope{});
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->is_ref());
  EXPECT_EQ(to_json(r->get()), R"({"a":1,"b":["x",6]})");
}

TEST(ValueTemplate, ATreeWithTemplatesRendersEachTime) {
  std::vector<std::pair<std::string, ValueTemplate>> members;
  members.emplace_back("postId", tmpl("{{ uuid() }}"));
  members.emplace_back("userId", tmpl("{{ identity.username }}"));
  members.emplace_back("title", tmpl("{{ args.input.title }}"));
  members.emplace_back("tags", ValueTemplate::list({tmpl("{{ args.input.tags[0] }}"),
                                                    ValueTemplate::constant(Value(true))}));
  members.emplace_back("n", ValueTemplate::constant(Value(1)));
  const ValueTemplate t = ValueTemplate::object(std::move(members));
  EXPECT_FALSE(t.is_constant());
  EXPECT_EQ(t.roots(), root_bit(Root::identity) | root_bit(Root::args));
  auto r = t.render(test_scope());
  ASSERT_TRUE(r.has_value());
  const Value& v = r->get();
  ASSERT_TRUE(v.is_object());
  ASSERT_TRUE(v.find("postId") != nullptr && v.find("postId")->is_string());
  EXPECT_EQ(v.find("postId")->as_string().size(), 36U);
  EXPECT_EQ(to_json(Value(Object(v.as_object().begin() + 1, v.as_object().end()))),
            R"({"userId":"alice","title":"Hello","tags":["a",true],"n":1})");
}

TEST(ValueTemplate, RenderErrorsComeBackFromInsideTheTree) {
  const ValueTemplate t =
      ValueTemplate::list({ValueTemplate::constant(Value(1)), tmpl("{{ stash.s < 1 }}")});
  auto r = t.render(test_scope());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "cannot compare a string with an integer");
}

TEST(ValueTemplate, ForEachTemplateVisitsEveryTemplateEvenWhenFolded) {
  std::vector<std::pair<std::string, ValueTemplate>> members;
  members.emplace_back("a", tmpl("{{ args.x }}"));
  members.emplace_back("b", ValueTemplate::list({tmpl("k:{{ stash.k }}"), tmpl("plain")}));
  members.emplace_back("c", ValueTemplate::constant(Value(2)));
  const ValueTemplate t = ValueTemplate::object(std::move(members));
  std::vector<std::string> seen;
  t.for_each_template([&](const Template& each) { seen.push_back(each.text()); });
  EXPECT_EQ(seen, (std::vector<std::string>{"{{ args.x }}", "k:{{ stash.k }}", "plain"}));
}

}  // namespace
}  // namespace stashql::expr
