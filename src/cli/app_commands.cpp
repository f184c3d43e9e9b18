// `stashql check` and `stashql schema`: the app loaded and used in-process, with no server.
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

int check_command(const Options& options, std::ostream& out, std::ostream& err) {
  std::optional<App> app = load_or_report(options, err);
  if (!app) return kBadUsage;
  std::size_t user_types = 0;
  for (const Type* type : app->engine->schema->types())
    user_types += type->built_in ? 0 : 1;
  auto plural = [](std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
  };
  out << options.config << ": ok (" << plural(user_types, "type", "types") << ", "
      << plural(app->pipelines, "pipeline", "pipelines") << ", "
      << plural(app->functions, "function", "functions") << ", "
      << plural(app->datasources.size(), "datasource", "datasources") << ")\n";
  return kOk;
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
