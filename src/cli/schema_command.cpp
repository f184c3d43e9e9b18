// `stashql schema`: the app's schema as SDL or as the result of the introspection query.
#include <memory>
#include <ostream>

#include <stashql/engine.hpp>
#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>

#include "cli/commands.hpp"

namespace stashql::cli {

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
