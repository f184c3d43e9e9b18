// Describing blobs to clients (see blob_format.hpp).
#include "datasources/file/blob_format.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <utility>

#include "datasources/dry_text.hpp"
#include "pipeline/base64.hpp"

namespace stashql::file {
namespace {

// Sorted by extension for a binary search; lower case.
constexpr std::array<std::pair<std::string_view, std::string_view>, 35> kContentTypes{{
    {"avif", "image/avif"},
    {"bin", "application/octet-stream"},
    {"css", "text/css; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"gif", "image/gif"},
    {"gz", "application/gzip"},
    {"htm", "text/html; charset=utf-8"},
    {"html", "text/html; charset=utf-8"},
    {"ico", "image/x-icon"},
    {"jpeg", "image/jpeg"},
    {"jpg", "image/jpeg"},
    {"js", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"jsonl", "application/x-ndjson"},
    {"md", "text/markdown; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"mp3", "audio/mpeg"},
    {"mp4", "video/mp4"},
    {"ndjson", "application/x-ndjson"},
    {"pdf", "application/pdf"},
    {"png", "image/png"},
    {"svg", "image/svg+xml"},
    {"tar", "application/x-tar"},
    {"tsv", "text/tab-separated-values; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"wasm", "application/wasm"},
    {"wav", "audio/wav"},
    {"webm", "video/webm"},
    {"webp", "image/webp"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"xml", "application/xml"},
    {"yaml", "application/yaml"},
    {"yml", "application/yaml"},
    {"zip", "application/zip"},
}};
constexpr std::string_view kOctetStream = "application/octet-stream";

constexpr std::string_view kTokenVersion = "b1:";

// FNV-1a: not a secret, only a check that the token is one this code made for this prefix.
std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string token_check(std::string_view prefix, std::string_view key) {
  std::uint64_t hash = fnv1a(0xcbf29ce484222325ULL, kTokenVersion);
  hash = fnv1a(hash, prefix);
  hash = fnv1a(hash, std::string_view("\0", 1));
  hash = fnv1a(hash, key);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::string(hex, 16);
}

}  // namespace

std::string_view content_type_of(std::string_view key) {
  const std::size_t slash = key.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? key : key.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  // A leading dot starts a hidden name (".env"), not an extension.
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return kOctetStream;
  std::string extension(name.substr(dot + 1));
  if (extension.size() > 8) return kOctetStream;
  for (char& c : extension) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const auto* it = std::lower_bound(kContentTypes.begin(), kContentTypes.end(), extension,
                                    [](const auto& entry, const std::string& ext) {
                                      return entry.first < std::string_view(ext);
                                    });
  if (it == kContentTypes.end() || it->first != extension) return kOctetStream;
  return it->second;
}

std::string make_etag(std::uint64_t size, std::int64_t modified_ns, std::uint64_t inode) {
  char text[64];
  std::snprintf(text, sizeof text, "\"%llx-%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(modified_ns),
                static_cast<unsigned long long>(inode));
  return text;
}

std::string rfc3339_utc(std::int64_t unix_ns) {
  using namespace std::chrono;
  const sys_time<milliseconds> when{floor<milliseconds>(nanoseconds(unix_ns))};
  const sys_days day = floor<days>(when);
  const year_month_day date(day);
  const hh_mm_ss<milliseconds> time(when - day);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return text;
}

std::string make_list_token(std::string_view prefix, std::string_view last_key) {
  std::string payload(kTokenVersion);
  payload += token_check(prefix, last_key);
  payload += ':';
  payload += last_key;
  return base64_encode(payload);
}

std::optional<std::string> read_list_token(std::string_view prefix, std::string_view token) {
  std::optional<std::string> payload = base64_decode(token);
  if (!payload || !payload->starts_with(kTokenVersion)) return std::nullopt;
  const std::string_view rest = std::string_view(*payload).substr(kTokenVersion.size());
  if (rest.size() < 17 || rest[16] != ':') return std::nullopt;
  std::string_view key = rest.substr(17);
  if (rest.substr(0, 16) != token_check(prefix, key)) return std::nullopt;
  return std::string(key);
}

std::string dry_put_line(std::string_view datasource, std::string_view key, std::uint64_t size) {
  std::string_view type = content_type_of(key);
  type = type.substr(0, type.find(';'));
  std::string out = "PUT blob ";
  out += key;
  out += " on ";
  out += datasource;
  out += " (";
  out += datasources::byte_count(size);
  out += ", ";
  out += type;
  out += ')';
  return out;
}

std::string dry_delete_line(std::string_view datasource, std::string_view key) {
  std::string out = "DELETE blob ";
  out += key;
  out += " on ";
  out += datasource;
  return out;
}

}  // namespace stashql::file
