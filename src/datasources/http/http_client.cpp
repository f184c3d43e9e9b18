// Placeholder until the HTTP client lands in this change: refuses http datasources.
#include "datasources/http/http_client.hpp"

namespace stashql::http_client {

Result<std::unique_ptr<Backend>, std::string> make_client(const DatasourceConfig&,
                                                          const boost::asio::any_io_executor&) {
  return std::string("the http client is not built yet");
}

}  // namespace stashql::http_client
