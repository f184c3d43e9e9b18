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
    co_return co_await on_pool([root = root_] { return disk::check_root(*root); });
  }

  void close() override { closed_ = true; }

  asio::awaitable<Result<std::optional<Blob>, StoreError>> get(BlobKey key) override {
    if (closed_) co_return closed_error();
    co_return co_await on_pool(
        [root = root_, key = std::move(key)] { return disk::read_blob(*root, key); });
  }

  asio::awaitable<Result<BlobInfo, StoreError>> put(BlobKey key, std::string content,
                                                    PutMode mode) override {
    if (closed_) co_return closed_error();
    // Refused before a thread is woken or a folder made.
    if (content.size() > root_->max_bytes) {
      co_return StoreError{StoreError::Kind::too_large,
                           "blob " + key.text() + " is over max_bytes"};
    }
    co_return co_await on_pool([root = root_, key = std::move(key), content = std::move(content),
                                mode] { return disk::write_blob(*root, key, content, mode); });
  }

  asio::awaitable<Result<bool, StoreError>> remove(BlobKey key) override {
    if (closed_) co_return closed_error();
    co_return co_await on_pool(
        [root = root_, key = std::move(key)] { return disk::remove_blob(*root, key); });
  }

  asio::awaitable<Result<ListPage, StoreError>> list(BlobPrefix prefix, std::string after,
                                                     std::size_t limit) override {
    if (closed_) co_return closed_error();
    co_return co_await on_pool([root = root_, prefix = std::move(prefix), after = std::move(after),
                                limit] { return disk::list_blobs(*root, prefix, after, limit); });
  }

  std::uint64_t max_bytes() const override { return root_->max_bytes; }

  void set_io_observer(IoObserver observer) override { observer_ = std::move(observer); }

 private:
  static StoreError closed_error() {
    return StoreError{StoreError::Kind::unavailable, "the store is closed"};
  }

  // Runs `work` on the blocking pool; the caller resumes on its own executor (the loop) when
  // it is done. File calls cannot be cancelled half-way, so a cancelled caller still waits
  // for the call in progress, which is bounded by the disk, not by a peer.
  template <class Work>
  asio::awaitable<std::invoke_result_t<Work&>> on_pool(Work work) {
    using Out = std::invoke_result_t<Work&>;
    co_return co_await asio::co_spawn(
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
