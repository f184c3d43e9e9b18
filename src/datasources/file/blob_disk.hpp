// The file-system side of the blob store: synchronous POSIX calls that run on the blocking
// pool (blob_store.cpp hops there and back). Every path is opened relative to the root with
// openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), so a symbolic link can never lead a key
// out of the root, whatever the key checks let through; the root is opened afresh by each
// operation, so a root that appears (or comes back) later is used without a restart.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <stashql/backends.hpp>
#include <stashql/result.hpp>

#include "datasources/file/blob_key.hpp"
#include "datasources/file/blob_store.hpp"

namespace stashql::file::disk {

struct Root {
  std::string path;  // absolute
  std::uint64_t max_bytes = kDefaultMaxBytes;
};

Result<std::optional<Blob>, StoreError> read_blob(const Root& root, const BlobKey& key);
Result<BlobInfo, StoreError> write_blob(const Root& root, const BlobKey& key,
                                        std::string_view content, PutMode mode);
Result<bool, StoreError> remove_blob(const Root& root, const BlobKey& key);
// What stands at the key; creates, changes and removes nothing.
Result<KeyState, StoreError> stat_key(const Root& root, const BlobKey& key);
Result<ListPage, StoreError> list_blobs(const Root& root, const BlobPrefix& prefix,
                                        std::string_view after, std::size_t limit);
// Whether the root is a folder the store can read (and write), for check().
BackendHealth check_root(const Root& root);

}  // namespace stashql::file::disk
