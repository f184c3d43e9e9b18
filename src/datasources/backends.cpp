// make_backends: one client per declared datasource, by kind, on one event loop. The only
// place that knows every kind of datasource.
#include <stashql/backends.hpp>

#include "datasources/file/blob_store.hpp"
#include "datasources/http/http_client.hpp"
#include "datasources/redis/redis_client.hpp"

namespace stashql {
namespace {

Result<std::unique_ptr<Backend>, std::string> make_one(
    const DatasourceConfig& config, const boost::asio::any_io_executor& loop,
    const boost::asio::any_io_executor& blocking) {
  switch (config.kind) {
    case DatasourceKind::redis: {
      auto settings = redis::settings_of(config);
      if (!settings) return settings.error();
      return std::unique_ptr<Backend>(redis::make_client(config, std::move(*settings), loop));
    }
    case DatasourceKind::file:
      return file::make_store(config, loop, blocking);
    case DatasourceKind::http:
      return http_client::make_client(config, loop);
  }
  return std::string("unknown datasource kind");
}

}  // namespace

Result<std::unique_ptr<Backends>, std::string> make_backends(
    const Datasources& datasources, const boost::asio::any_io_executor& loop,
    const boost::asio::any_io_executor& blocking) {
  std::vector<std::unique_ptr<Backend>> clients;
  clients.reserve(datasources.size());
  std::string errors;
  for (const DatasourceConfig& config : datasources) {
    auto client = make_one(config, loop, blocking);
    if (client) {
      clients.push_back(std::move(*client));
      continue;
    }
    if (!errors.empty()) errors += '\n';
    errors += config.file;
    errors += ':';
    errors += std::to_string(config.location.line);
    errors += ':';
    errors += std::to_string(config.location.column);
    errors += ": datasources.";
    errors += config.name;
    errors += ": ";
    errors += client.error();
  }
  if (!errors.empty()) return errors;
  return std::make_unique<Backends>(std::move(clients));
}

}  // namespace stashql
