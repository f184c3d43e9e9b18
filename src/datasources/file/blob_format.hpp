// How blobs are described to clients, with no I/O: the content type a key's extension
// implies, the strong ETag of a stored file (from its size, modification time and inode, so
// a big blob is never hashed to describe it), the RFC 3339 time of its last change, the
// opaque nextToken of blob.list, and the lines `--dry` records instead of writing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stashql::file {

// "application/json" for "a/b.json" (the extension's case ignored); "text/…" types carry
// "; charset=utf-8". application/octet-stream when the extension is unknown or missing.
std::string_view content_type_of(std::string_view key);

// `"<size>-<mtime ns>-<inode>"` in hex, quoted: it changes whenever a put replaces the
// blob (a new inode) or anything rewrites it in place (a new size or time).
std::string make_etag(std::uint64_t size, std::int64_t modified_ns, std::uint64_t inode);

// "2026-11-23T15:32:29.123Z": UTC, to the millisecond, as JavaScript's toISOString writes it.
std::string rfc3339_utc(std::int64_t unix_ns);

// The token of the page after `last_key` when listing under `prefix`. It holds the key and
// a check over the key and the prefix, so a token edited by hand, or used with another
// prefix, is refused rather than read as some other position.
std::string make_list_token(std::string_view prefix, std::string_view last_key);
// The last key a token holds; nullopt when this prefix's listing did not make it.
std::optional<std::string> read_list_token(std::string_view prefix, std::string_view token);

// What `--dry` records for a put: "PUT blob posts/1.md on blobs (2,048 bytes, text/markdown)"
// — the datasource, the key, the size and the content type without its parameters; never the
// content.
std::string dry_put_line(std::string_view datasource, std::string_view key, std::uint64_t size);
// What `--dry` records for a delete: "DELETE blob posts/1.md on blobs".
std::string dry_delete_line(std::string_view datasource, std::string_view key);

}  // namespace stashql::file
