// Placeholder until the file datasource lands in this change: refuses file datasources.
#include "datasources/file/blob_store.hpp"

namespace stashql::file {

Result<std::unique_ptr<Backend>, std::string> make_store(const DatasourceConfig&,
                                                         const boost::asio::any_io_executor&,
                                                         const boost::asio::any_io_executor&) {
  return std::string("the file datasource is not built yet");
}

}  // namespace stashql::file
