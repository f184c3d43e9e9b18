// Where a redis datasource connects, read from its settings with no I/O: the URL forms
// operators know from other Redis clients (redis://, unix://), and the pool and timeouts.
// Errors say what is wrong and never repeat the password (they end up in logs and in the
// output of `stashql check`).
#include <charconv>
#include <cmath>

#include "datasources/redis/redis_client.hpp"

namespace stashql::redis {
namespace {

constexpr std::string_view kTcpScheme = "redis://";
constexpr std::string_view kUnixScheme = "unix://";
constexpr std::int64_t kMaxDatabase = 2'147'483'647;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; false on a malformed escape.
bool percent_decode(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return false;
    const int high = hex_digit(text[i + 1]);
    const int low = hex_digit(text[i + 2]);
    if (high < 0 || low < 0) return false;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return true;
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  out += text;
  out += '"';
  return out;
}

Result<std::int64_t, std::string> database_of(std::string_view text) {
  std::int64_t db = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), db);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || db < 0 ||
      db > kMaxDatabase) {
    return "the database must be a number from 0 (as in redis://host:6379/3 or "
           "unix:///path?db=3), not " +
           quoted(text);
  }
  return db;
}

// `user:password` (either may be empty, both percent-encoded).
Result<void, std::string> read_userinfo(std::string_view userinfo, Endpoint& endpoint) {
  const auto colon = userinfo.find(':');
  if (colon == std::string_view::npos) {
    return std::string(
        "the url names a user but no password: write redis://user:password@host, or "
        "redis://:password@host for a password alone");
  }
  if (!percent_decode(userinfo.substr(0, colon), endpoint.user))
    return std::string("the url's user has a malformed %-escape");
  if (!percent_decode(userinfo.substr(colon + 1), endpoint.password))
    return std::string("the url's password has a malformed %-escape");
  if (!endpoint.user.empty() && endpoint.password.empty())
    return std::string("the url names a user but its password is empty");
  return {};
}

// `host[:port]`, the host possibly an IPv6 address in brackets.
Result<void, std::string> read_authority(std::string_view authority, Endpoint& endpoint) {
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::string("the url's IPv6 host lacks its ]");
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::string("unexpected text after the url's ]");
      port = after.substr(1);
      if (port.empty()) return std::string("the url's port is empty");
    }
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return std::string("the url's port is empty");
  }
  if (host.empty()) return std::string("the url has no host (redis://host:6379)");
  endpoint.host = std::string(host);
  if (!port.empty()) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return "the url's port must be a number from 1 to 65535, not " + quoted(port);
    }
    endpoint.port = static_cast<std::uint16_t>(value);
  }
  return {};
}

// `db=N`, the only query parameter.
Result<void, std::string> read_query(std::string_view query, bool has_path_database,
                                     Endpoint& endpoint) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    if (name != "db") return "unknown url parameter " + quoted(name) + " (only db is known)";
    if (has_path_database) return std::string("the url gives the database twice (path and ?db=)");
    auto db = database_of(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!db) return db.error();
    endpoint.database = *db;
  }
  return {};
}

std::chrono::milliseconds milliseconds_of(const Value& seconds) {
  const double ms = std::ceil(seconds.as_number() * 1000.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(ms < 1.0 ? 1.0 : ms));
}

// Endpoint is constructible from a string, so an error is built explicitly.
Result<Endpoint, std::string> url_error(std::string message) {
  return Result<Endpoint, std::string>(boost::system::in_place_error, std::move(message));
}

}  // namespace

Result<Endpoint, std::string> parse_url(std::string_view url) {
  const bool tcp = url.rfind(kTcpScheme, 0) == 0;
  const bool unix_socket = url.rfind(kUnixScheme, 0) == 0;
  if (!tcp && !unix_socket) {
    return url_error(url.rfind("rediss://", 0) == 0
                         ? "rediss:// (TLS) is not supported: use redis:// through a local TLS "
                           "tunnel, or unix://"
                         : "the url must start with redis:// or unix://");
  }
  std::string_view rest = url.substr(tcp ? kTcpScheme.size() : kUnixScheme.size());
  if (rest.find('#') != std::string_view::npos) return url_error("a redis url has no #fragment");
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }

  Endpoint endpoint;
  // The last @ ends the user and password, so a password with an unescaped @ or / still
  // reads as the operator meant it.
  const auto at = rest.rfind('@');
  if (at != std::string_view::npos && !(unix_socket && rest.front() == '/')) {
    if (auto userinfo = read_userinfo(rest.substr(0, at), endpoint); !userinfo)
      return url_error(userinfo.error());
    rest = rest.substr(at + 1);
  }

  bool has_path_database = false;
  if (tcp) {
    const auto slash = rest.find('/');
    if (auto authority = read_authority(rest.substr(0, slash), endpoint); !authority)
      return url_error(authority.error());
    if (slash != std::string_view::npos && slash + 1 < rest.size()) {
      auto db = database_of(rest.substr(slash + 1));
      if (!db) return url_error(db.error());
      endpoint.database = *db;
      has_path_database = true;
    }
  } else {
    if (rest.empty() || rest.front() != '/' || rest == "/")
      return url_error("a unix socket url needs an absolute path: unix:///run/redis.sock");
    if (!percent_decode(rest, endpoint.socket_path))
      return url_error("the socket path has a malformed %-escape");
  }
  if (auto q = read_query(query, has_path_database, endpoint); !q) return url_error(q.error());
  return endpoint;
}

Result<Settings, std::string> settings_of(const DatasourceConfig& config) {
  Settings settings;
  const Value* url = config.settings.find("url");
  if (url == nullptr || !url->is_string()) return std::string("url is required");
  auto endpoint = parse_url(url->as_string());
  if (!endpoint) return "url: " + endpoint.error();
  settings.endpoint = std::move(*endpoint);
  if (const Value* pool = config.settings.find("pool"); pool != nullptr && pool->is_int()) {
    if (pool->as_int() < 1 || pool->as_int() > 64)
      return std::string("pool must be from 1 to 64 connections");
    settings.pool = static_cast<unsigned>(pool->as_int());
  }
  if (const Value* t = config.settings.find("connect_timeout"); t != nullptr && t->is_number())
    settings.connect_timeout = milliseconds_of(*t);
  if (const Value* t = config.settings.find("command_timeout"); t != nullptr && t->is_number())
    settings.command_timeout = milliseconds_of(*t);
  return settings;
}

}  // namespace stashql::redis
