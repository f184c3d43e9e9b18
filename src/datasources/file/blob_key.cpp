// The checks of blob keys and list prefixes (see blob_key.hpp).
#include "datasources/file/blob_key.hpp"

#include <optional>

#include "graphql/utf8.hpp"

namespace stashql::file {
namespace {

// What is wrong with the characters of `text`, checked byte by byte: these problems hold
// wherever they appear, so keys and prefixes share them.
std::optional<std::string> character_problem(std::string_view text) {
  if (text.size() > kMaxKeyBytes) {
    return "is longer than " + std::to_string(kMaxKeyBytes) + " bytes";
  }
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0) return std::string("must not contain a NUL character");
    if (byte < 0x20 || byte == 0x7F) return std::string("must not contain control characters");
    if (byte == '\\') {
      return std::string("must not contain a backslash: separate folders with /");
    }
    const Utf8Char c = decode_utf8(text, i);
    if (!c.valid) return std::string("must be valid UTF-8");
    i += c.length;
  }
  return std::nullopt;
}

// What is wrong with one segment between slashes.
std::optional<std::string> segment_problem(std::string_view segment) {
  if (segment.empty()) {
    return std::string("must not contain empty segments (a leading, doubled or trailing /)");
  }
  if (segment == "..") return std::string("must not contain .. segments");
  if (segment == ".") return std::string("must not contain . segments");
  if (segment.size() > kMaxSegmentBytes) {
    return "has a segment longer than " + std::to_string(kMaxSegmentBytes) + " bytes";
  }
  if (segment.starts_with(kTempPrefix)) {
    return "must not have a segment starting with " + std::string(kTempPrefix) +
           " (reserved for the store's temp files)";
  }
  return std::nullopt;
}

// Checks `text` as slash-separated segments; the last one may be empty when
// `allow_empty_last` (a list prefix ending with /, or the empty prefix).
std::optional<std::string> path_problem(std::string_view text, bool allow_empty_last) {
  if (text.starts_with('/')) return std::string("must be relative (no leading /)");
  if (auto problem = character_problem(text)) return problem;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = text.find('/', start);
    const std::string_view segment = text.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    const bool last = slash == std::string_view::npos;
    if (!(last && allow_empty_last && segment.empty())) {
      if (auto problem = segment_problem(segment)) return problem;
    }
    if (last) return std::nullopt;
    start = slash + 1;
  }
}

std::string_view before_last_slash(std::string_view text) {
  const std::size_t slash = text.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : text.substr(0, slash);
}

std::string_view after_last_slash(std::string_view text) {
  const std::size_t slash = text.rfind('/');
  return slash == std::string_view::npos ? text : text.substr(slash + 1);
}

}  // namespace

Result<BlobKey, std::string> BlobKey::parse(std::string_view text) {
  if (text.empty()) return std::string("must not be empty");
  if (auto problem = path_problem(text, false)) return std::move(*problem);
  return BlobKey(std::string(text));
}

std::string_view BlobKey::folder() const {
  return before_last_slash(text_);
}
std::string_view BlobKey::name() const {
  return after_last_slash(text_);
}

Result<BlobPrefix, std::string> BlobPrefix::parse(std::string_view text) {
  if (auto problem = path_problem(text, true)) return std::move(*problem);
  return BlobPrefix(std::string(text));
}

std::string_view BlobPrefix::folder() const {
  return before_last_slash(text_);
}
std::string_view BlobPrefix::name_start() const {
  return after_last_slash(text_);
}

bool is_key_segment(std::string_view name) {
  return !character_problem(name) && !segment_problem(name);
}

}  // namespace stashql::file
