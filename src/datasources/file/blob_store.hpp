// The `file` datasource: blobs under a root folder (blob.get, blob.put, blob.delete,
// blob.list). Keys are checked so that no key reaches outside the root; writes are atomic;
// file I/O runs on the shared blocking pool, never on an event loop.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include <stashql/backends.hpp>
#include <stashql/datasource.hpp>
#include <stashql/result.hpp>

namespace stashql::file {

// The client of one `file` datasource on one event loop; `blocking` runs the file I/O.
Result<std::unique_ptr<Backend>, std::string> make_store(
    const DatasourceConfig& config, const boost::asio::any_io_executor& loop,
    const boost::asio::any_io_executor& blocking);

}  // namespace stashql::file
