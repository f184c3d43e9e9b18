// The `http` datasource: a Beast HTTP/1.1 client per event loop with a keep-alive pool per
// host, TLS through OpenSSL, timeouts, retries of idempotent methods, deduplication of
// identical in-flight GETs and batching of calls that declare a batch form.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include <stashql/backends.hpp>
#include <stashql/datasource.hpp>
#include <stashql/result.hpp>

namespace stashql::http_client {

Result<std::unique_ptr<Backend>, std::string> make_client(const DatasourceConfig& config,
                                                          const boost::asio::any_io_executor& loop);

}  // namespace stashql::http_client
