// libFuzzer target for the expression language: any bytes either compile or fail with an error
// whose offset lies inside the text, both as an expression and as a template. What compiles is
// evaluated against a fixed scope and must not crash; its references point into the text, and
// a constant evaluates the same whatever the scope.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <stashql/expression.hpp>
#include <stashql/json.hpp>

namespace {

using stashql::Value;
namespace expr = stashql::expr;

void check(bool condition) {
  if (!condition) std::abort();
}

constexpr std::string_view kScope = R"({
  "args": {"input": {"title": "Hello \"world\"", "tags": ["a", "b", null]}, "id": "p1", "n": 3},
  "source": {"id": 7, "price": 2.5, "nested": {"deeper": [[1, 2], {"x": null}]}},
  "identity": {"sub": "u1", "username": "alice", "groups": ["admin", "dev"]},
  "headers": {"x-request-id": "r-1"},
  "info": {"fieldName": "createPost", "path": ["createPost"]},
  "stash": {"count": 5, "user": {"name": "Alice", "maxPosts": 10}, "items": [1, 2.5, "3"],
            "big": 9223372036854775807, "small": -9223372036854775808, "empty": "",
            "text": "h\u00e9llo w\u00f6rld", "zero": 0, "nan": 1e400},
  "prev": {"a": 1, "b": [10, 20]},
  "item": {"price": 2.5, "qty": 4}
})";

const expr::Scope& scope() {
  static const Value data = [] {
    auto parsed = stashql::parse_json(kScope);
    check(parsed.has_value());
    return *parsed;
  }();
  static const expr::Scope s = [] {
    expr::Scope out;
    for (std::size_t i = 0; i < expr::kRootCount; ++i) {
      const auto root = static_cast<expr::Root>(i);
      out.set(root, data.find(expr::root_name(root)));
    }
    return out;
  }();
  return s;
}

// The outcome of an evaluation, comparable across runs.
std::string outcome(const expr::EvalResult& r) {
  if (!r) {
    check(!r.error().message.empty());
    return "error: " + r.error().message;
  }
  return stashql::to_json(r->get());
}

void check_references(const std::vector<expr::Reference>& refs, expr::RootSet roots,
                      std::size_t size) {
  for (const expr::Reference& r : refs) {
    check(r.offset < size);
    check((roots & expr::root_bit(r.root)) != 0);
  }
}

void fuzz_expression(std::string_view text) {
  auto compiled = expr::Expression::compile(text);
  if (!compiled) {
    check(compiled.error().offset <= text.size());
    check(!compiled.error().message.empty());
    return;
  }
  check(compiled->text() == text);
  check_references(compiled->references(), compiled->roots(), text.size());
  const std::string first = outcome(compiled->evaluate(scope()));
  (void)compiled->test(scope());
  if (compiled->is_constant()) {
    check(compiled->roots() == 0);
    check(outcome(compiled->evaluate(expr::Scope{})) == first);
  }
}

void fuzz_template(std::string_view text) {
  auto compiled = expr::Template::compile(text);
  if (!compiled) {
    check(compiled.error().offset <= text.size());
    check(!compiled.error().message.empty());
    return;
  }
  check(compiled->text() == text);
  check_references(compiled->references(), compiled->roots(), text.size());
  const std::string first = outcome(compiled->render(scope()));
  const expr::ValueTemplate value = expr::ValueTemplate::of(*compiled);
  const expr::ValueTemplate list = expr::ValueTemplate::list({value, expr::ValueTemplate{}});
  const std::string listed = outcome(list.render(scope()));
  if (compiled->is_constant()) {
    check(value.is_constant() == (first.rfind("error: ", 0) != 0));
    check(outcome(compiled->render(expr::Scope{})) == first);
    check(outcome(value.render(scope())) == first);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz_expression(text);
  fuzz_template(text);
  return 0;
}
