// `stashql query` and `stashql schema`: the app loaded and used in-process, with no server.
#include <chrono>
#include <ostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <stashql/backends.hpp>
#include <stashql/engine.hpp>
#include <stashql/json.hpp>
#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>

#include "cli/commands.hpp"

namespace stashql::cli {
namespace {

// Prints a response as indented JSON; 1 when it has errors.
int print_response(const std::string& response, std::ostream& out) {
  auto parsed = parse_json(response);
  if (!parsed.has_value()) {  // not expected: print it as it is
    out << response << "\n";
    return kResponseErrors;
  }
  std::string text;
  write_pretty_json(text, *parsed);
  out << text << "\n";
  return parsed->find("errors") != nullptr ? kResponseErrors : kOk;
}

// A JSON object option (inline, @file or @-); null when absent, nullopt after an error.
std::optional<Value> json_option(const std::optional<std::string>& option, std::string_view name,
                                 std::ostream& err) {
  // In place: GCC 12 (-O2 with ASan) wrongly warns that a moved-from `Value{}` temporary may be
  // used uninitialized.
  if (!option) return std::optional<Value>(std::in_place);
  std::string error;
  std::optional<std::string> text = text_or_file(*option, error);
  if (!text) {
    err << "stashql query: " << name << ": " << error << "\n";
    return std::nullopt;
  }
  auto parsed = parse_json(*text);
  if (!parsed.has_value()) {
    err << "stashql query: " << name << " is not JSON: " << parsed.error().message << " at line "
        << parsed.error().line << ", column " << parsed.error().column << "\n";
    return std::nullopt;
  }
  if (!parsed->is_object() && !parsed->is_null()) {
    err << "stashql query: " << name << " must be a JSON object\n";
    return std::nullopt;
  }
  return std::move(*parsed);
}

// What pipelines see of a request run from the command line: the identity given with
// --identity, and the datasources' clients.
class CliRequestContext final : public RequestContext {
 public:
  CliRequestContext(Value identity, Backends& backends, std::ostream& err)
      : identity_(std::move(identity)), backends_(backends), err_(err) {}
  const Value& identity() const override { return identity_; }
  Backends* backends() const override { return &backends_; }
  Value internal_error(std::string_view detail) override {
    // The operator is the client here: the detail is theirs to read.
    err_ << "stashql query: " << detail << "\n";
    return Value{};
  }

 private:
  Value identity_;
  Backends& backends_;
  std::ostream& err_;
};

// Runs one request on this thread's own event loop, with the app's datasources.
std::string run_with_backends(const App& app, const GraphQLRequest& request, const Value& identity,
                              std::ostream& err, bool& ok) {
  boost::asio::io_context loop(1);
  boost::asio::thread_pool blocking(1);
  auto backends = make_backends(app.datasources, loop.get_executor(), blocking.get_executor());
  std::string response;
  ok = backends.has_value();
  if (!ok) {
    err << backends.error() << "\n";
    return response;
  }
  Engine engine(app.engine);
  CliRequestContext context(identity, **backends, err);
  PreparedRequest prepared = engine.prepare(request.query, request.operation_name);
  bool done = false;
  boost::asio::co_spawn(
      loop,
      [&]() -> boost::asio::awaitable<void> {
        co_await engine.execute(prepared, request.variables, &context, response);
        done = true;
      },
      boost::asio::detached);
  while (!done && loop.run_one() > 0) {
  }
  // Open connections keep the loop busy: close them, then let their handlers finish.
  (*backends)->close();
  loop.restart();
  loop.run_for(std::chrono::seconds(2));
  blocking.join();
  return response;
}

}  // namespace

int query_command(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.positional.empty()) {
    err << "stashql query: give the query text, or @file\n";
    return kBadUsage;
  }
  std::string error;
  std::optional<std::string> query = text_or_file(options.positional[0], error);
  if (!query) {
    err << "stashql query: " << error << "\n";
    return kBadUsage;
  }
  std::optional<Value> variables = json_option(options.variables, "--variables", err);
  std::optional<Value> identity = json_option(options.identity, "--identity", err);
  if (!variables || !identity) return kBadUsage;
  std::optional<App> app = load_or_report(options, err);
  if (!app) return kBadUsage;

  GraphQLRequest request;
  request.query = *query;
  if (options.operation) request.operation_name = *options.operation;
  request.variables = variables->is_object() ? &*variables : nullptr;
  bool ok = false;
  const std::string response = run_with_backends(*app, request, *identity, err, ok);
  if (!ok) return kBadUsage;
  return print_response(response, out);
}

int schema_command(const Options& options, std::ostream& out, std::ostream& err) {
  std::optional<App> app = load_or_report(options, err);
  if (!app) return kBadUsage;
  if (!options.introspection) {
    out << print_schema(*app->engine->schema);
    return kOk;
  }
  // The operator may read the schema even when the app hides introspection from clients.
  auto config = std::make_shared<EngineConfig>(*app->engine);
  auto resolvers = std::make_shared<Resolvers>();
  install_introspection(*resolvers, config->schema);
  config->resolvers = std::move(resolvers);
  Engine engine(config);
  GraphQLRequest request;
  request.query = introspection_query();
  std::string response;
  engine.run(request, nullptr, response);
  return print_response(response, out);
}

}  // namespace stashql::cli
