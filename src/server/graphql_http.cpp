// GraphQL over HTTP, sans I/O: negotiation, parameter decoding, status codes, response heads.
#include "server/graphql_http.hpp"

#include <array>
#include <charconv>
#include <ctime>

#include <stashql/json.hpp>

namespace stashql::http {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string_view unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

// Splits "a; b; c" one piece at a time (the separator is outside quoted strings).
std::string_view next_piece(std::string_view& rest, char separator) {
  bool in_quotes = false;
  std::size_t i = 0;
  for (; i < rest.size(); ++i) {
    if (rest[i] == '"') in_quotes = !in_quotes;
    if (rest[i] == separator && !in_quotes) break;
  }
  const std::string_view piece = rest.substr(0, i);
  rest.remove_prefix(i < rest.size() ? i + 1 : i);
  return piece;
}

// RFC 9110 qvalue: 0, 0.x, 1, 1.0 (up to three decimals). -1 when malformed.
int parse_q(std::string_view s) {
  if (s.empty() || (s[0] != '0' && s[0] != '1')) return -1;
  int whole = s[0] - '0';
  int milli = 0;
  if (s.size() > 1) {
    if (s[1] != '.' || s.size() > 5) return -1;
    int scale = 100;
    for (std::size_t i = 2; i < s.size(); ++i, scale /= 10) {
      if (s[i] < '0' || s[i] > '9') return -1;
      milli += (s[i] - '0') * scale;
    }
  }
  const int q = whole * 1000 + milli;
  return q > 1000 ? -1 : q;
}

bool is_utf8_charset(std::string_view value) {
  value = unquote(trim(value));
  return iequals(value, "utf-8") || iequals(value, "utf8");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct Offer {
  MediaType type;
  std::string_view main;
  std::string_view sub;
};
// Wildcard ties go to the first: application/json is the default representation.
constexpr std::array<Offer, 3> kOffers = {{
    {MediaType::json, "application", "json"},
    {MediaType::graphql_response_json, "application", "graphql-response+json"},
    {MediaType::html, "text", "html"},
}};

struct Match {
  int q = -1;            // -1 = no range matched
  int specificity = -1;  // 2 exact, 1 type/*, 0 */*
  std::size_t position = 0;
};

Result<void, ParamsError> read_optional_object(const Value* v, std::string_view name) {
  if (v == nullptr || v->is_null() || v->is_object()) return {};
  return ParamsError{"Invalid " + std::string(name) + ": it must be an object or null"};
}

Result<void, ParamsError> read_json_param(std::string_view raw, std::string_view name,
                                          std::string& scratch, Value& out) {
  scratch.clear();
  if (!url_decode(raw, scratch)) {
    return ParamsError{"Invalid " + std::string(name) + ": malformed percent-encoding"};
  }
  auto parsed = parse_json(scratch);
  if (!parsed.has_value()) {
    return ParamsError{"Invalid " + std::string(name) + ": it is not JSON (" +
                       parsed.error().message + ")"};
  }
  if (!parsed->is_null() && !parsed->is_object()) {
    return ParamsError{"Invalid " + std::string(name) + ": it must be a JSON object"};
  }
  out = std::move(*parsed);
  return {};
}

}  // namespace

std::string_view content_type_of(MediaType type) {
  switch (type) {
    case MediaType::graphql_response_json:
      return "application/graphql-response+json; charset=utf-8";
    case MediaType::json:
      return "application/json; charset=utf-8";
    case MediaType::html:
      return "text/html; charset=utf-8";
  }
  return "application/json; charset=utf-8";
}

std::optional<MediaType> negotiate(std::string_view accept, bool allow_html) {
  accept = trim(accept);
  if (accept.empty()) return MediaType::json;
  std::array<Match, kOffers.size()> best{};
  std::size_t position = 0;
  while (!accept.empty()) {
    std::string_view range = next_piece(accept, ',');
    std::string_view type = trim(next_piece(range, ';'));
    if (type.empty()) continue;
    ++position;
    int q = 1000;
    bool charset_ok = true;
    while (!range.empty()) {
      std::string_view param = next_piece(range, ';');
      const std::size_t eq = param.find('=');
      if (eq == std::string_view::npos) continue;
      const std::string_view name = trim(param.substr(0, eq));
      const std::string_view value = trim(param.substr(eq + 1));
      if (iequals(name, "q")) q = parse_q(value);
      if (iequals(name, "charset")) charset_ok = is_utf8_charset(value);
    }
    if (q < 0 || !charset_ok) continue;
    const std::size_t slash = type.find('/');
    if (slash == std::string_view::npos) continue;
    const std::string_view main = type.substr(0, slash);
    const std::string_view sub = type.substr(slash + 1);
    for (std::size_t i = 0; i < kOffers.size(); ++i) {
      int specificity = -1;
      if (main == "*" && sub == "*") {
        specificity = 0;
      } else if (iequals(main, kOffers[i].main) && sub == "*") {
        specificity = 1;
      } else if (iequals(main, kOffers[i].main) && iequals(sub, kOffers[i].sub)) {
        specificity = 2;
      }
      // The most specific range that matches an offer sets its quality (RFC 9110 §12.5.1).
      if (specificity > best[i].specificity) best[i] = Match{q, specificity, position};
    }
  }
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < kOffers.size(); ++i) {
    if (kOffers[i].type == MediaType::html && !allow_html) continue;
    const Match& m = best[i];
    if (m.q <= 0) continue;
    if (!chosen) {
      chosen = i;
      continue;
    }
    const Match& c = best[*chosen];
    if (m.q != c.q                       ? m.q > c.q
        : m.specificity != c.specificity ? m.specificity > c.specificity
                                         : m.position < c.position) {
      chosen = i;
    }
  }
  if (!chosen) return std::nullopt;
  return kOffers[*chosen].type;
}

bool is_json_content_type(std::string_view content_type) {
  std::string_view rest = content_type;
  if (!iequals(trim(next_piece(rest, ';')), "application/json")) return false;
  while (!rest.empty()) {
    std::string_view param = next_piece(rest, ';');
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (iequals(trim(param.substr(0, eq)), "charset") && !is_utf8_charset(param.substr(eq + 1))) {
      return false;
    }
  }
  return true;
}

bool url_decode(std::string_view in, std::string& out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

Target split_target(std::string_view target) {
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) return Target{target, {}};
  return Target{target.substr(0, q), target.substr(q + 1)};
}

std::optional<std::string_view> find_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (key == name) return value;
    if (key.find_first_of("%+") != std::string_view::npos) {
      std::string decoded;
      if (url_decode(key, decoded) && decoded == name) return value;
    }
  }
  return std::nullopt;
}

void GraphQLParams::reset() {
  query = {};
  operation_name = {};
  variables = nullptr;
  body = Value();
  query_text.clear();
  operation_text.clear();
  variables_value = Value();
}

Result<void, ParamsError> read_post_params(std::string_view body, GraphQLParams& out) {
  auto parsed = parse_json(body);
  if (!parsed.has_value()) {
    const JsonError& e = parsed.error();
    return ParamsError{"The request body is not valid JSON: " + e.message + " at line " +
                       std::to_string(e.line) + ", column " + std::to_string(e.column)};
  }
  out.body = std::move(*parsed);
  if (!out.body.is_object()) {
    return ParamsError{"The request body must be a JSON object with a \"query\""};
  }
  const Value* query = out.body.find("query");
  if (query == nullptr || query->is_null()) return ParamsError{"Missing query"};
  if (!query->is_string()) return ParamsError{"Invalid query: it must be a string"};
  out.query = query->as_string();
  if (const Value* name = out.body.find("operationName"); name != nullptr && !name->is_null()) {
    if (!name->is_string()) {
      return ParamsError{"Invalid operationName: it must be a string or null"};
    }
    out.operation_name = name->as_string();
  }
  const Value* variables = out.body.find("variables");
  if (auto r = read_optional_object(variables, "variables"); !r.has_value()) return r;
  if (variables != nullptr && variables->is_object()) out.variables = variables;
  return read_optional_object(out.body.find("extensions"), "extensions");
}

Result<void, ParamsError> read_get_params(std::string_view query_string, GraphQLParams& out) {
  const std::optional<std::string_view> query = find_param(query_string, "query");
  if (!query || query->empty()) return ParamsError{"Missing query"};
  if (!url_decode(*query, out.query_text)) {
    return ParamsError{"Invalid query: malformed percent-encoding"};
  }
  out.query = out.query_text;
  if (auto name = find_param(query_string, "operationName"); name && !name->empty()) {
    if (!url_decode(*name, out.operation_text)) {
      return ParamsError{"Invalid operationName: malformed percent-encoding"};
    }
    out.operation_name = out.operation_text;
  }
  if (auto raw = find_param(query_string, "variables"); raw && !raw->empty()) {
    auto r = read_json_param(*raw, "variables", out.scratch, out.variables_value);
    if (!r.has_value()) return r;
    if (out.variables_value.is_object()) out.variables = &out.variables_value;
  }
  if (auto raw = find_param(query_string, "extensions"); raw && !raw->empty()) {
    Value extensions;
    auto r = read_json_param(*raw, "extensions", out.scratch, extensions);
    if (!r.has_value()) return r;
  }
  return {};
}

unsigned status_for(MediaType type, bool data_present) {
  if (type == MediaType::graphql_response_json && !data_present) return 400;
  return 200;
}

std::string_view reason_phrase(unsigned status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

namespace {

// The IMF-fixdate of the current second, formatted once a second per thread.
std::string_view http_date() {
  thread_local std::time_t cached_second = -1;
  thread_local std::array<char, 32> buffer{};
  thread_local std::size_t length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    const int n = std::snprintf(buffer.data(), buffer.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    length = n > 0 ? static_cast<std::size_t>(n) : 0;
    cached_second = now;
  }
  return {buffer.data(), length};
}

void append_number(std::string& out, std::size_t n) {
  std::array<char, 24> digits{};
  auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), n);
  out.append(digits.data(), end);
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

}  // namespace

void write_head(std::string& out, const ResponseHead& head, std::size_t content_length) {
  out += "HTTP/1.1 ";
  append_number(out, head.status);
  out += ' ';
  out += reason_phrase(head.status);
  out += "\r\nServer: stashql\r\n";
  append_header(out, "Date", http_date());
  if (!head.content_type.empty()) append_header(out, "Content-Type", head.content_type);
  if (head.status != 304 && head.status != 204 && head.status >= 200) {
    out += "Content-Length: ";
    append_number(out, content_length);
    out += "\r\n";
  }
  if (!head.allow.empty()) append_header(out, "Allow", head.allow);
  if (!head.cache_control.empty()) append_header(out, "Cache-Control", head.cache_control);
  if (!head.etag.empty()) append_header(out, "ETag", head.etag);
  if (!head.request_id.empty()) append_header(out, "X-Request-Id", head.request_id);
  if (!head.keep_alive) {
    out += "Connection: close\r\n";
  } else if (head.http10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "X-Content-Type-Options: nosniff\r\n\r\n";
}

void write_error_body(std::string& out, std::string_view message) {
  out += "{\"errors\":[{\"message\":";
  write_json_string(out, message);
  out += "}]}";
}

void write_internal_error_body(std::string& out, std::string_view request_id) {
  out +=
      "{\"errors\":[{\"message\":\"Internal server error\",\"extensions\":{\"code\":"
      "\"INTERNAL_SERVER_ERROR\",\"requestId\":";
  write_json_string(out, request_id);
  out += "}}]}";
}

}  // namespace stashql::http
