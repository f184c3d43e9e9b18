// The `file` datasource: blobs under a root folder (blob.get, blob.put, blob.delete,
// blob.list). Keys are checked so that no key reaches outside the root; writes are atomic;
// file I/O runs on the shared blocking pool, never on an event loop.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <stashql/backends.hpp>
#include <stashql/datasource.hpp>
#include <stashql/result.hpp>

#include "datasources/file/blob_key.hpp"

namespace stashql::file {

inline constexpr std::int64_t kDefaultMaxBytes = std::int64_t{64} << 20;

// What the file system says about a stored blob.
struct BlobInfo {
  std::string key;
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0;  // mtime, nanoseconds since the Unix epoch
  std::uint64_t inode = 0;
};

struct Blob {
  BlobInfo info;
  std::string content;
};

// Why an operation did not happen. `detail` is for the operator's log: it may name the root
// and carries the errno text; clients see only the kind (and their own key).
struct StoreError {
  enum class Kind : std::uint8_t {
    unavailable,   // the root is missing or not a folder, or the store was closed
    io,            // the file system refused: EACCES, ENOSPC, EIO, …
    outside_root,  // the key leads out of the root through a symbolic link
    exists,        // put with only: absent, and the blob exists
    conflict,      // a folder stands where the blob would go, or a blob where a folder would
    too_large,     // over max_bytes
  };
  Kind kind = Kind::io;
  std::string detail;
};

enum class PutMode : std::uint8_t { replace, only_absent };

// What stands at a key, as a put or a delete would find it: a dry run (`--dry`) reads this
// instead of writing, and answers as the write would have.
enum class KeyState : std::uint8_t {
  absent,   // nothing (or a folder on the way is missing): a put creates it, a delete finds none
  blob,     // a file, or a link: a put replaces it, a delete removes it
  folder,   // a folder has the key: a put conflicts, a delete finds no blob
  blocked,  // a blob stands where one of the key's folders would be: a put conflicts
};

// Why a put in `mode` would be refused at a key in `state` (exists, conflict), or nullopt when
// it would write: what the file system answers a real put, said without writing.
std::optional<StoreError::Kind> put_refusal(KeyState state, PutMode mode);

struct ListPage {
  std::vector<BlobInfo> items;
  bool more = false;  // keys beyond the last item exist
};

// The client of one `file` datasource on one event loop. Each call runs its file work on the
// blocking pool and resumes its caller on the loop.
class Store : public Backend {
 public:
  // The blob, or nullopt when no blob has this key (a folder is not a blob).
  virtual boost::asio::awaitable<Result<std::optional<Blob>, StoreError>> get(BlobKey key) = 0;
  // Writes the whole blob atomically (temp file, fsync, rename, fsync of the folder),
  // creating its folders; readers see the old content or the new, never a part.
  virtual boost::asio::awaitable<Result<BlobInfo, StoreError>> put(BlobKey key, std::string content,
                                                                   PutMode mode) = 0;
  // True when a blob was removed, false when there was none.
  virtual boost::asio::awaitable<Result<bool, StoreError>> remove(BlobKey key) = 0;
  // Up to `limit` blobs whose keys start with `prefix` and sort after `after` (byte order),
  // recursively; temp files and symbolic links are never listed.
  // What stands at the key, read without changing anything; a key that leads outside the
  // root is refused as every other call refuses it.
  virtual boost::asio::awaitable<Result<KeyState, StoreError>> stat(BlobKey key) = 0;
  virtual boost::asio::awaitable<Result<ListPage, StoreError>> list(BlobPrefix prefix,
                                                                    std::string after,
                                                                    std::size_t limit) = 0;
  virtual std::uint64_t max_bytes() const = 0;

  // Called on the thread that does each file operation, before it starts: tests check that
  // an event loop never does one. Operations started later use it.
  using IoObserver = std::function<void()>;
  virtual void set_io_observer(IoObserver observer) = 0;
};

// The client of one `file` datasource on one event loop; `blocking` runs the file I/O.
Result<std::unique_ptr<Backend>, std::string> make_store(
    const DatasourceConfig& config, const boost::asio::any_io_executor& loop,
    const boost::asio::any_io_executor& blocking);

}  // namespace stashql::file
