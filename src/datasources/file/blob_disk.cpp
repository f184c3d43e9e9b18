// The blob store's file-system work (see blob_disk.hpp). Errors carry the errno text and,
// for the operator's log only, the root's path.
#include "datasources/file/blob_disk.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <random>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

namespace stashql::file::disk {
namespace {

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

std::string errno_text(int error) {
  return std::generic_category().message(error);
}

StoreError io_error(const Root& root, std::string_view what, std::string_view key, int error) {
  std::string detail(what);
  detail += ' ';
  detail += root.path;
  detail += '/';
  detail += key;
  detail += ": ";
  detail += errno_text(error);
  return StoreError{StoreError::Kind::io, std::move(detail)};
}

StoreError outside_root(std::string_view key) {
  return StoreError{StoreError::Kind::outside_root,
                    "key " + std::string(key) + " resolves outside the root"};
}

// Opens the root itself; each operation starts here.
Result<Fd, StoreError> open_root(const Root& root) {
  Fd fd(::open(root.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.valid()) return fd;
  const int error = errno;
  std::string detail = "root " + root.path;
  if (error == ENOENT) {
    detail += " does not exist";
  } else if (error == ENOTDIR) {
    detail += " is not a folder";
  } else {
    detail += ": " + errno_text(error);
  }
  return StoreError{StoreError::Kind::unavailable, std::move(detail)};
}

// Opens `relative` (a checked key or folder; "" is the root) beneath the root: the kernel
// refuses any resolution that leaves it (EXDEV), through `..` or a symbolic link, and any
// /proc magic link (ELOOP).
int open_beneath(int root, std::string_view relative, int flags) {
  const std::string path = relative.empty() ? std::string(".") : std::string(relative);
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int attempt = 0;; ++attempt) {
    const long fd = ::syscall(SYS_openat2, root, path.c_str(), &how, sizeof how);
    // EAGAIN: a rename raced with the lookup; the kernel asks to try again.
    if (fd < 0 && (errno == EINTR || (errno == EAGAIN && attempt < 8))) continue;
    return static_cast<int>(fd);
  }
}

bool is_escape(int error) {
  return error == EXDEV || error == ELOOP;
}

enum class Create : std::uint8_t { no, yes };

// The folder of a key, opened for reading (and fsync), beneath the root; created with its
// parents when `create`. nullopt when it does not exist (or a blob stands where a folder
// should) and `create` is no.
Result<std::optional<Fd>, StoreError> open_folder(const Root& root, int root_fd,
                                                  std::string_view folder, Create create) {
  Fd fd(open_beneath(root_fd, folder, O_RDONLY | O_DIRECTORY));
  if (fd.valid()) return std::optional<Fd>(std::move(fd));
  int error = errno;
  if (is_escape(error)) return outside_root(folder);
  if (error == ENOTDIR) {
    if (create == Create::no) return std::optional<Fd>();
    return StoreError{StoreError::Kind::conflict,
                      "a blob stands where folder " + std::string(folder) + " should be"};
  }
  if (error != ENOENT) return io_error(root, "cannot open folder", folder, error);
  if (create == Create::no) return std::optional<Fd>();

  // Make the missing folders one by one, each inside a parent already opened beneath the
  // root: mkdirat never follows a link in the name it creates.
  Fd parent(open_beneath(root_fd, "", O_RDONLY | O_DIRECTORY));
  if (!parent.valid()) return io_error(root, "cannot open", "", errno);
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = folder.find('/', start);
    const std::string_view path = folder.substr(0, slash);
    const std::string name(
        folder.substr(start, slash == std::string_view::npos ? slash : slash - start));
    Fd next(open_beneath(root_fd, path, O_RDONLY | O_DIRECTORY));
    if (!next.valid()) {
      error = errno;
      if (is_escape(error)) return outside_root(path);
      if (error == ENOTDIR) {
        return StoreError{StoreError::Kind::conflict,
                          "a blob stands where folder " + std::string(path) + " should be"};
      }
      if (error != ENOENT) return io_error(root, "cannot open folder", path, error);
      if (::mkdirat(parent.get(), name.c_str(), 0777) != 0 && errno != EEXIST) {
        return io_error(root, "cannot create folder", path, errno);
      }
      // The new folder's name is durable only once its parent is.
      if (::fsync(parent.get()) != 0) return io_error(root, "cannot sync folder", path, errno);
      next = Fd(open_beneath(root_fd, path, O_RDONLY | O_DIRECTORY));
      if (!next.valid()) {
        error = errno;
        if (is_escape(error)) return outside_root(path);
        return io_error(root, "cannot open folder", path, error);
      }
    }
    parent = std::move(next);
    if (slash == std::string_view::npos) return std::optional<Fd>(std::move(parent));
    start = slash + 1;
  }
}

// When the key's last segment is a symbolic link, whether it stays beneath the root: put
// and delete act on the link itself, but a key that resolves outside is refused the same way
// for every function.
std::optional<StoreError> refuse_outside_link(int root_fd, int folder_fd, const BlobKey& key) {
  struct stat st {};
  const std::string name(key.name());
  if (::fstatat(folder_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(st.st_mode)) {
    return std::nullopt;
  }
  Fd target(open_beneath(root_fd, key.text(), O_PATH));
  if (!target.valid() && is_escape(errno)) return outside_root(key.text());
  return std::nullopt;
}

BlobInfo info_of(std::string key, const struct stat& st) {
  BlobInfo info;
  info.key = std::move(key);
  info.size = static_cast<std::uint64_t>(st.st_size);
  info.modified_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                     static_cast<std::int64_t>(st.st_mtim.tv_nsec);
  info.inode = static_cast<std::uint64_t>(st.st_ino);
  return info;
}

StoreError too_large(const Root& root, std::string_view key) {
  return StoreError{
      StoreError::Kind::too_large,
      "blob " + std::string(key) + " is over max_bytes (" + std::to_string(root.max_bytes) + ")"};
}

// A name no client can ask for (kTempPrefix) and no other writer picks at the same time.
std::string temp_name() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string name(kTempPrefix);
  std::uint64_t bits = random();
  for (int i = 0; i < 16; ++i, bits >>= 4U)
    name += kHex[bits & 0xFU];
  return name;
}

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Moves the written temp file to its key; only_absent never replaces an existing blob.
int publish(int folder_fd, const std::string& temp, const std::string& name, PutMode mode) {
  if (mode == PutMode::replace) return ::renameat(folder_fd, temp.c_str(), folder_fd, name.c_str());
  if (::renameat2(folder_fd, temp.c_str(), folder_fd, name.c_str(), RENAME_NOREPLACE) == 0) {
    return 0;
  }
  if (errno != EINVAL) return -1;
  // A file system without RENAME_NOREPLACE: a hard link also fails when the name exists.
  if (::linkat(folder_fd, temp.c_str(), folder_fd, name.c_str(), 0) != 0) return -1;
  ::unlinkat(folder_fd, temp.c_str(), 0);
  return 0;
}

struct Entry {
  std::string order;  // the name, with a trailing '/' for a folder: keys sort by it
  std::string name;
  bool folder = false;
};

// The entries of a folder that can hold blobs, in key order. Names no key can spell (temp
// files, control characters), symbolic links and special files are left out.
struct Errno {
  int value = 0;
};

Result<std::vector<Entry>, Errno> read_folder(int folder_fd, std::string_view name_start) {
  const int copy = ::fcntl(folder_fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return Errno{errno};
  DIR* dir = ::fdopendir(copy);
  if (dir == nullptr) {
    const int error = errno;
    ::close(copy);
    return Errno{error};
  }
  ::rewinddir(dir);
  std::vector<Entry> entries;
  errno = 0;
  while (const dirent* d = ::readdir(dir)) {
    const std::string_view name = d->d_name;
    if (!name.starts_with(name_start) || !is_key_segment(name)) continue;
    unsigned char type = d->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(folder_fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type != DT_DIR && type != DT_REG) continue;
    Entry entry{std::string(name), std::string(name), type == DT_DIR};
    if (entry.folder) entry.order += '/';
    entries.push_back(std::move(entry));
  }
  const int error = errno;
  ::closedir(dir);
  if (error != 0) return Errno{error};
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.order < b.order; });
  return entries;
}

// Appends the blobs under `folder_fd` (whose keys start with `base`) that sort after
// `after`, depth first in key order, until `want` are found. A folder's keys all start with
// "name/", so visiting entries by that order yields keys in byte order overall, and a folder
// whose keys all sort before `after` is skipped unopened.
std::optional<StoreError> walk(const Root& root, int folder_fd, const std::string& base,
                               std::string_view name_start, std::string_view after,
                               std::size_t want, std::vector<BlobInfo>& out) {
  auto entries = read_folder(folder_fd, name_start);
  if (!entries) return io_error(root, "cannot list folder", base, entries.error().value);
  for (const Entry& entry : *entries) {
    if (out.size() >= want) return std::nullopt;
    std::string key = base + entry.order;
    if (key.size() > kMaxKeyBytes) continue;
    if (!entry.folder) {
      if (key <= after) continue;
      struct stat st {};
      if (::fstatat(folder_fd, entry.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;  // deleted since the folder was read
        return io_error(root, "cannot stat", key, errno);
      }
      if (!S_ISREG(st.st_mode)) continue;
      out.push_back(info_of(std::move(key), st));
      continue;
    }
    if (key < std::string_view(after) && !after.starts_with(key)) continue;
    Fd sub(
        ::openat(folder_fd, entry.name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!sub.valid()) {
      // Deleted, or swapped for a link, since the folder was read.
      if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP) continue;
      return io_error(root, "cannot open folder", key, errno);
    }
    if (auto error = walk(root, sub.get(), key, "", after, want, out)) return error;
  }
  return std::nullopt;
}

}  // namespace

Result<std::optional<Blob>, StoreError> read_blob(const Root& root, const BlobKey& key) {
  auto root_fd = open_root(root);
  if (!root_fd) return root_fd.error();
  // O_NONBLOCK: a FIFO planted under the root must not hang a pool thread on open.
  Fd fd(open_beneath(root_fd->get(), key.text(), O_RDONLY | O_NONBLOCK | O_NOCTTY));
  if (!fd.valid()) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return std::optional<Blob>();
    if (is_escape(error)) return outside_root(key.text());
    return io_error(root, "cannot open", key.text(), error);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_error(root, "cannot stat", key.text(), errno);
  if (!S_ISREG(st.st_mode)) return std::optional<Blob>();
  if (static_cast<std::uint64_t>(st.st_size) > root.max_bytes) return too_large(root, key.text());

  Blob blob;
  blob.info = info_of(key.text(), st);
  // Read to the end rather than trusting st_size, bounded by max_bytes all the same.
  blob.content.resize(static_cast<std::size_t>(st.st_size));
  std::size_t filled = 0;
  while (true) {
    if (filled == blob.content.size()) {
      if (blob.content.size() > root.max_bytes) return too_large(root, key.text());
      blob.content.resize(std::max<std::size_t>(blob.content.size() * 2, 4096));
    }
    const ssize_t n = ::read(fd.get(), blob.content.data() + filled, blob.content.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(root, "cannot read", key.text(), errno);
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  if (filled > root.max_bytes) return too_large(root, key.text());
  blob.content.resize(filled);
  return std::optional<Blob>(std::move(blob));
}

Result<BlobInfo, StoreError> write_blob(const Root& root, const BlobKey& key,
                                        std::string_view content, PutMode mode) {
  if (content.size() > root.max_bytes) return too_large(root, key.text());
  auto root_fd = open_root(root);
  if (!root_fd) return root_fd.error();
  auto folder = open_folder(root, root_fd->get(), key.folder(), Create::yes);
  if (!folder) return folder.error();
  const int folder_fd = (*folder)->get();
  if (auto refused = refuse_outside_link(root_fd->get(), folder_fd, key)) return *refused;

  std::string temp;
  Fd fd;
  for (int attempt = 0; attempt < 8 && !fd.valid(); ++attempt) {
    temp = temp_name();
    fd = Fd(::openat(folder_fd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     0666));
    if (!fd.valid() && errno != EEXIST) return io_error(root, "cannot create", key.text(), errno);
  }
  if (!fd.valid()) return io_error(root, "cannot create", key.text(), EEXIST);

  // From here on a failure removes the temp file: nothing half-written stays behind.
  auto fail = [&](std::string_view what, int error) {
    ::unlinkat(folder_fd, temp.c_str(), 0);
    return io_error(root, what, key.text(), error);
  };
  if (!write_all(fd.get(), content)) return fail("cannot write", errno);
  if (::fsync(fd.get()) != 0) return fail("cannot sync", errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail("cannot stat", errno);
  if (::close(fd.release()) != 0) return fail("cannot close", errno);

  const std::string name(key.name());
  if (publish(folder_fd, temp, name, mode) != 0) {
    const int error = errno;
    ::unlinkat(folder_fd, temp.c_str(), 0);
    if (error == EEXIST && mode == PutMode::only_absent) {
      return StoreError{StoreError::Kind::exists, "blob " + key.text() + " exists"};
    }
    if (error == EISDIR || error == ENOTEMPTY || error == EEXIST) {
      return StoreError{StoreError::Kind::conflict, "a folder has the key " + key.text()};
    }
    return io_error(root, "cannot rename into", key.text(), error);
  }
  // The rename is durable only once the folder is.
  if (::fsync(folder_fd) != 0)
    return io_error(root, "cannot sync the folder of", key.text(), errno);
  return info_of(key.text(), st);
}

Result<bool, StoreError> remove_blob(const Root& root, const BlobKey& key) {
  auto root_fd = open_root(root);
  if (!root_fd) return root_fd.error();
  auto folder = open_folder(root, root_fd->get(), key.folder(), Create::no);
  if (!folder) return folder.error();
  if (!*folder) return false;
  const int folder_fd = (*folder)->get();
  if (auto refused = refuse_outside_link(root_fd->get(), folder_fd, key)) return *refused;
  const std::string name(key.name());
  if (::unlinkat(folder_fd, name.c_str(), 0) != 0) {
    const int error = errno;
    // A folder is not a blob (Linux says EISDIR): there was no blob to remove.
    if (error == ENOENT || error == EISDIR) return false;
    return io_error(root, "cannot remove", key.text(), error);
  }
  if (::fsync(folder_fd) != 0)
    return io_error(root, "cannot sync the folder of", key.text(), errno);
  return true;
}

Result<KeyState, StoreError> stat_key(const Root& root, const BlobKey& key) {
  auto root_fd = open_root(root);
  if (!root_fd) return root_fd.error();
  // The key's folder as write_blob and remove_blob open it, but never created: a missing
  // folder means nothing is there yet, a blob on the way (ENOTDIR) means a put would conflict.
  Fd folder(open_beneath(root_fd->get(), key.folder(), O_RDONLY | O_DIRECTORY));
  if (!folder.valid()) {
    const int error = errno;
    if (is_escape(error)) return outside_root(key.folder());
    if (error == ENOENT) return KeyState::absent;
    if (error == ENOTDIR) return KeyState::blocked;
    return io_error(root, "cannot open folder", key.folder(), error);
  }
  if (auto refused = refuse_outside_link(root_fd->get(), folder.get(), key)) return *refused;
  struct stat st {};
  const std::string name(key.name());
  if (::fstatat(folder.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return KeyState::absent;
    return io_error(root, "cannot stat", key.text(), errno);
  }
  // A link is what put and delete act on (they replace or remove the link itself).
  return S_ISDIR(st.st_mode) ? KeyState::folder : KeyState::blob;
}

Result<ListPage, StoreError> list_blobs(const Root& root, const BlobPrefix& prefix,
                                        std::string_view after, std::size_t limit) {
  auto root_fd = open_root(root);
  if (!root_fd) return root_fd.error();
  auto folder = open_folder(root, root_fd->get(), prefix.folder(), Create::no);
  if (!folder) return folder.error();
  ListPage page;
  if (!*folder) return page;
  std::string base(prefix.folder());
  if (!base.empty()) base += '/';
  // One more than asked says whether another page exists.
  const std::size_t want = limit + 1;
  if (auto error =
          walk(root, (*folder)->get(), base, prefix.name_start(), after, want, page.items)) {
    return *error;
  }
  if (page.items.size() > limit) {
    page.items.resize(limit);
    page.more = true;
  }
  return page;
}

BackendHealth check_root(const Root& root) {
  auto fd = open_root(root);
  if (!fd) return BackendHealth{false, fd.error().detail};
  // Without openat2 (Linux before 5.6, or a seccomp profile that blocks it) no key can be
  // opened safely, so every call would fail: say so here rather than per request.
  if (Fd beneath(open_beneath(fd->get(), "", O_RDONLY | O_DIRECTORY)); !beneath.valid()) {
    return BackendHealth{false, "cannot open beneath root " + root.path +
                                    " with openat2 (Linux 5.6 or later): " + errno_text(errno)};
  }
  if (::faccessat(fd->get(), ".", W_OK, AT_EACCESS) != 0) {
    return BackendHealth{true,
                         "root " + root.path + " is a folder, read-only: " + errno_text(errno)};
  }
  return BackendHealth{true, "root " + root.path + " is a writable folder"};
}

}  // namespace stashql::file::disk
