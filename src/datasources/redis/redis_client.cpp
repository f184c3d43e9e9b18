// Placeholder until the Redis client lands in this change: refuses redis datasources.
#include "datasources/redis/redis_client.hpp"

namespace stashql::redis {

Result<Settings, std::string> settings_of(const DatasourceConfig&) {
  return std::string("the redis client is not built yet");
}

std::unique_ptr<Client> make_client(const DatasourceConfig&, Settings,
                                    const boost::asio::any_io_executor&) {
  return nullptr;
}

}  // namespace stashql::redis
