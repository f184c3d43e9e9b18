// The `file` datasource's client on one event loop: each call hops to the shared blocking
// pool, does its file work there (blob_disk.cpp) and resumes its caller back on the loop, so
// an event-loop thread never waits on the disk. The client holds no mutable state that the
// pool touches: each job carries its own copy of the settings, so no lock is needed.
#include "datasources/file/blob_store.hpp"

#include <type_traits>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "datasources/file/blob_disk.hpp"

namespace stashql::file {
namespace {

namespace asio = boost::asio;

class FileStore final : public Store {
 public:
  FileStore(const DatasourceConfig& config, disk::Root root, asio::any_io_executor blocking)
      : config_(config),
        root_(std::make_shared<const disk::Root>(std::move(root))),
        blocking_(std::move(blocking)) {}

  const DatasourceConfig& config() const override { return config_; }

  asio::awaitable<BackendHealth> check() override {
    return on_pool([root = root_] { return disk::check_root(*root); });
  }

  void close() override { closed_ = true; }

  // These are plain functions that hand a job to on_pool, not coroutines: the arguments are
  // moved into the job here, once, and nothing of theirs lives in a coroutine frame. (Written
  // as coroutines whose lambdas moved their parameters, GCC 12 left a moved std::string
  // pointing into the caller's frame: ASan saw it freed on a pool thread.)
  asio::awaitable<Result<std::optional<Blob>, StoreError>> get(BlobKey key) override {
    return on_pool([root = root_, closed = closed_,
                    key = std::move(key)]() -> Result<std::optional<Blob>, StoreError> {
      if (closed) return closed_error();
      return disk::read_blob(*root, key);
    });
  }

  asio::awaitable<Result<BlobInfo, StoreError>> put(BlobKey key, std::string content,
                                                    PutMode mode) override {
    return on_pool([root = root_, closed = closed_, key = std::move(key),
                    content = std::move(content), mode]() -> Result<BlobInfo, StoreError> {
      if (closed) return closed_error();
      return disk::write_blob(*root, key, content, mode);
    });
  }

  asio::awaitable<Result<bool, StoreError>> remove(BlobKey key) override {
    return on_pool(
        [root = root_, closed = closed_, key = std::move(key)]() -> Result<bool, StoreError> {
          if (closed) return closed_error();
          return disk::remove_blob(*root, key);
        });
  }

  asio::awaitable<Result<KeyState, StoreError>> stat(BlobKey key) override {
    return on_pool(
        [root = root_, closed = closed_, key = std::move(key)]() -> Result<KeyState, StoreError> {
          if (closed) return closed_error();
          return disk::stat_key(*root, key);
        });
  }

  asio::awaitable<Result<ListPage, StoreError>> list(BlobPrefix prefix, std::string after,
                                                     std::size_t limit) override {
    return on_pool([root = root_, closed = closed_, prefix = std::move(prefix),
                    after = std::move(after), limit]() -> Result<ListPage, StoreError> {
      if (closed) return closed_error();
      return disk::list_blobs(*root, prefix, after, limit);
    });
  }

  std::uint64_t max_bytes() const override { return root_->max_bytes; }

  void set_io_observer(IoObserver observer) override { observer_ = std::move(observer); }

 private:
  static StoreError closed_error() {
    return StoreError{StoreError::Kind::unavailable, "the store is closed"};
  }

  // The awaitable of `work` run on the blocking pool; its awaiter resumes on its own
  // executor (the loop) when the work is done. File calls cannot be cancelled half-way, so a
  // cancelled caller still waits for the call in progress, which is bounded by the disk,
  // not by a peer.
  template <class Work>
  asio::awaitable<std::invoke_result_t<Work&>> on_pool(Work work) const {
    using Out = std::invoke_result_t<Work&>;
    return asio::co_spawn(
        blocking_,
        [work = std::move(work), observer = observer_]() mutable -> asio::awaitable<Out> {
          if (observer) observer();
          co_return work();
        },
        asio::use_awaitable);
  }

  DatasourceConfig config_;
  // Shared with the jobs in flight, which may outlive this client at shutdown.
  std::shared_ptr<const disk::Root> root_;
  asio::any_io_executor blocking_;
  IoObserver observer_;
  bool closed_ = false;
};

}  // namespace

std::optional<StoreError::Kind> put_refusal(KeyState state, PutMode mode) {
  switch (state) {
    case KeyState::absent:
      return std::nullopt;
    case KeyState::blob:
      if (mode == PutMode::only_absent) return StoreError::Kind::exists;
      return std::nullopt;
    case KeyState::folder:
      // rename(2) over a folder: EEXIST without replacing (only_absent), EISDIR with.
      return mode == PutMode::only_absent ? StoreError::Kind::exists : StoreError::Kind::conflict;
    case KeyState::blocked:
      return StoreError::Kind::conflict;
  }
  return std::nullopt;
}

Result<std::unique_ptr<Backend>, std::string> make_store(const DatasourceConfig& config,
                                                         const asio::any_io_executor& /*loop*/,
                                                         const asio::any_io_executor& blocking) {
  disk::Root root;
  const Value* path = config.settings.find("root");
  if (path == nullptr || !path->is_string() || !path->as_string().starts_with('/')) {
    return std::string("root must be an absolute folder");
  }
  root.path = path->as_string();
  // "/srv/blobs/" and "/srv/blobs" name the same root; the log reads better without "//".
  while (root.path.size() > 1 && root.path.ends_with('/'))
    root.path.pop_back();
  if (const Value* max = config.settings.find("max_bytes"); max != nullptr && max->is_int()) {
    if (max->as_int() < 1) return std::string("max_bytes must be at least 1");
    root.max_bytes = static_cast<std::uint64_t>(max->as_int());
  }
  return std::unique_ptr<Backend>(std::make_unique<FileStore>(config, std::move(root), blocking));
}

}  // namespace stashql::file
