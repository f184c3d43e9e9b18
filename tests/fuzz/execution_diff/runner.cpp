// The stashql side of the differential test: runs generated cases through execute() with the
// execution tests' schema and resolvers, and prints the responses as a JSON list.
//   execution_diff_runner --schema            prints the schema's SDL
//   execution_diff_runner CASES.json [async]  "async": some fields get async resolvers
#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stashql/execution.hpp>
#include <stashql/json.hpp>

#include "unit/graphql/execution_fixture.hpp"

namespace asio = boost::asio;
using namespace stashql;

// Reads the parent's property, as the default resolver does, after yielding `yields` times.
struct SlowProperty : FieldResolver {
  int yields;
  explicit SlowProperty(int y) : yields(y) {}
  bool is_async() const override { return true; }
  Resolved resolve(const ResolveInfo&) const override { return Resolved::fail("sync call"); }
  asio::awaitable<Resolved> resolve_async(const ResolveInfo& info) const override {
    for (int i = 0; i < yields; ++i) {
      co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
    }
    const Value* v = info.source.find(info.field.name);
    co_return v != nullptr ? Resolved::ref(*v) : Resolved::of(Value());
  }
};

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "--schema") {
    std::cout << stashql::testing::kExecutionSchema;
    return 0;
  }
  if (argc < 2) return 2;
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  auto cases = parse_json(text.str(), JsonLimits{1000});
  if (!cases) return 2;
  stashql::testing::ExecutionFixture fx;
  if (argc > 2) {
    int y = 0;
    for (auto [type, field] :
         std::vector<std::pair<const char*, const char*>>{{"Query", "obj"},
                                                          {"Query", "objs"},
                                                          {"Query", "pets"},
                                                          {"Obj", "b"},
                                                          {"Obj", "c"},
                                                          {"Obj", "d"},
                                                          {"Dog", "name"},
                                                          {"Cat", "meows"},
                                                          {"Query", "nonNullObj"},
                                                          {"Query", "nonNullList"}}) {
      fx.resolvers.set(*fx.schema->type(type)->field(field),
                       std::make_shared<SlowProperty>(y++ % 3));
    }
  }
  List out;
  for (const Value& c : cases->as_list()) {
    const Value* vars = c.find("vars");
    std::string variables = vars != nullptr && vars->is_string() ? vars->as_string() : "";
    out.push_back(Value(fx.run(c.find("query")->as_string(), c.find("root")->as_string(),
                               variables.empty() ? nullptr : variables.c_str())));
  }
  std::cout << to_json(Value(std::move(out)));
}
