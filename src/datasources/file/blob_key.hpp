// Blob keys: the names clients give blobs (`posts/2024/hello.md`), checked before any file is
// touched so that no key can name anything outside the datasource's root — no `..`, no
// absolute path, no empty or `.` segment, no control character, no backslash (which some
// tools read as a separator), nothing over the file system's name limits, and nothing that
// looks like the store's own temp files. Pure logic, no I/O: symlinks that lead out of the
// root are the store's to refuse (blob_store.cpp), since only the file system knows them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <stashql/result.hpp>

namespace stashql::file {

// Names the store gives its temp files while writing; keys may not start a segment with it,
// and blob.list never shows such files.
inline constexpr std::string_view kTempPrefix = ".stashql-tmp-";
inline constexpr std::size_t kMaxKeyBytes = 1024;
inline constexpr std::size_t kMaxSegmentBytes = 255;  // NAME_MAX on Linux file systems

// A key that passed every check: its segments can be opened under the root one by one.
class BlobKey {
 public:
  // The key, or what is wrong with it ("must not contain `..` segments"), worded to follow
  // `blob key "…" `; the message never names the root.
  static Result<BlobKey, std::string> parse(std::string_view text);

  const std::string& text() const { return text_; }
  // "posts/2024" for "posts/2024/hello.md"; empty for a key at the root.
  std::string_view folder() const;
  // "hello.md" for "posts/2024/hello.md".
  std::string_view name() const;

 private:
  explicit BlobKey(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// What blob.list lists under: a folder part and the start of a name, both optional
// ("posts/2024/he" lists posts/2024/hello.md and posts/2024/help/x.md). Checked like a key,
// except that it may be empty and may end with `/`.
class BlobPrefix {
 public:
  static Result<BlobPrefix, std::string> parse(std::string_view text);

  const std::string& text() const { return text_; }
  // "posts/2024" for "posts/2024/he" and for "posts/2024/"; empty for "he" or "".
  std::string_view folder() const;
  // "he" for "posts/2024/he"; empty for "posts/2024/".
  std::string_view name_start() const;

 private:
  explicit BlobPrefix(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// Whether a name found on disk can be a key's segment: blob.list skips the others (temp
// files, names with control characters or invalid UTF-8), which no key could read back.
bool is_key_segment(std::string_view name);

}  // namespace stashql::file
