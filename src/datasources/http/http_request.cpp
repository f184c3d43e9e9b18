// URL, query and header rules of the http datasource, and the reading of responses: pure
// functions (see http_request.hpp).
#include "datasources/http/http_request.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <stashql/expression.hpp>
#include <stashql/json.hpp>

#include "datasources/dry_text.hpp"

namespace stashql::http_client {
namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";

// A string result is a value or an error of the same type: say which.
Result<std::string, std::string> value(std::string text) {
  return {boost::system::in_place_value, std::move(text)};
}
Result<std::string, std::string> error(std::string message) {
  return {boost::system::in_place_error, std::move(message)};
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

bool is_unreserved(char c) {
  return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// RFC 3986 pchar without '%' (handled apart), plus '/'.
bool is_path_char(char c) {
  if (is_unreserved(c)) return true;
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
    case '/':
      return true;
    default:
      return false;
  }
}

void append_escape(std::string& out, char c) {
  const auto byte = static_cast<unsigned char>(c);
  out += '%';
  out += kHex[byte >> 4U];
  out += kHex[byte & 0xFU];
}

// Whether a path segment is "." or "..", escapes decoded (`%2e` is a dot): a server would
// resolve it. Read in place: this runs for every call a step renders.
bool is_dot_segment(std::string_view segment) {
  std::size_t dots = 0;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '.') {
      ++dots;
    } else if (segment[i] == '%' && i + 2 < segment.size() && segment[i + 1] == '2' &&
               lower(segment[i + 2]) == 'e') {
      ++dots;
      i += 2;
    } else {
      return false;
    }
  }
  return dots == 1 || dots == 2;
}

}  // namespace

std::string BaseUrl::host_header() const {
  const bool is_default =
      (scheme == Scheme::http && port == 80) || (scheme == Scheme::https && port == 443);
  const bool is_v6 = host.find(':') != std::string::npos;
  std::string out = is_v6 ? "[" + host + "]" : host;
  if (!is_default) {
    out += ':';
    out += std::to_string(port);
  }
  return out;
}

std::string BaseUrl::authority() const {
  const bool is_v6 = host.find(':') != std::string::npos;
  return (is_v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<BaseUrl, std::string> parse_base_url(std::string_view url) {
  BaseUrl out;
  std::string_view rest;
  if (url.size() >= 7 && iequals(url.substr(0, 7), "http://")) {
    out.scheme = Scheme::http;
    out.port = 80;
    rest = url.substr(7);
  } else if (url.size() >= 8 && iequals(url.substr(0, 8), "https://")) {
    out.scheme = Scheme::https;
    out.port = 443;
    rest = url.substr(8);
  } else {
    return std::string("must start with http:// or https://");
  }
  const std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view path = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (authority.find('@') != std::string_view::npos) {
    return std::string("must not hold a user or password: send credentials in headers");
  }
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::string("has an unclosed [ in its host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::string("has something after its IPv6 address");
      port_text = after.substr(1);
      if (port_text.empty()) return std::string("has an empty port");
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return std::string("has an empty port");
    }
  }
  if (out.host.empty()) return std::string("has no host");
  for (const char c : out.host) {
    if (!is_unreserved(c) && c != ':' && c != '%') {
      return std::string("has a host with a character that is not allowed");
    }
  }
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto [p, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return std::string("has a port that is not a number from 1 to 65535");
    }
    out.port = static_cast<std::uint16_t>(port);
  }
  if (path.find_first_of("?#") != std::string_view::npos) {
    return std::string("must not hold a query or a fragment: give them in each step");
  }
  for (const char c : path) {
    if (!is_path_char(c) && c != '%') return std::string("has a path with a character to escape");
  }
  while (path.ends_with('/'))
    path.remove_suffix(1);
  out.prefix = std::string(path);
  return out;
}

std::string_view method_name(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
  }
  return "GET";
}

std::optional<Method> method_of(std::string_view name) {
  for (const Method m :
       {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::del}) {
    if (method_name(m) == name) return m;
  }
  return std::nullopt;
}

bool is_idempotent(Method method) {
  return method == Method::get || method == Method::head || method == Method::put ||
         method == Method::del;
}

Result<std::string, std::string> join_path(std::string_view prefix, std::string_view path) {
  if (!path.starts_with('/')) {
    return error("must start with \"/\"");
  }
  std::string out(prefix);
  out.reserve(prefix.size() + path.size());
  // Segments are checked as written: "/a/../b" is refused, not resolved.
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (is_dot_segment(path.substr(start, slash - start))) {
      return error("must not hold a \".\" or \"..\" segment");
    }
    start = slash + 1;
  }
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '%') {
      const bool is_escape = i + 2 < path.size() && is_hex(path[i + 1]) && is_hex(path[i + 2]);
      if (is_escape) {
        out += c;
      } else {
        append_escape(out, c);
      }
    } else if (is_path_char(c)) {
      out += c;
    } else {
      append_escape(out, c);
    }
  }
  return value(std::move(out));
}

std::string encode_component(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (is_unreserved(c)) {
      out += c;
    } else {
      append_escape(out, c);
    }
  }
  return out;
}

std::optional<std::string> scalar_text(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_bool() || v.is_number()) {
    std::string out;
    expr::append_as_text(out, v);
    return out;
  }
  return std::nullopt;
}

Result<std::string, std::string> encode_query(const Object& query) {
  std::string out;
  const auto add = [&](const std::string& key, const std::string& value) {
    if (!out.empty()) out += '&';
    out += encode_component(key);
    out += '=';
    out += encode_component(value);
  };
  for (const auto& [key, value] : query) {
    if (value.is_null()) continue;
    if (auto text = scalar_text(value)) {
      add(key, *text);
      continue;
    }
    if (value.is_list()) {
      for (const Value& item : value.as_list()) {
        if (item.is_null()) continue;
        auto text = scalar_text(item);
        if (!text) {
          return error("query." + key + ": a list item is " +
                       std::string(expr::describe_kind(item)) +
                       ", not a string, number or boolean");
        }
        add(key, *text);
      }
      continue;
    }
    return error("query." + key + " is " + std::string(expr::describe_kind(value)) +
                 ", not a string, number, boolean, null or list");
  }
  return value(std::move(out));
}

std::string with_query(std::string target, std::string_view query) {
  if (query.empty()) return target;
  target += target.find('?') == std::string::npos ? '?' : '&';
  target += query;
  return target;
}

bool is_token(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    if (is_alnum(c)) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

std::string_view header_value_problem(std::string_view value) {
  for (const char c : value) {
    if (c == '\r' || c == '\n') return "holds a line break (CR or LF)";
    if (c == '\0') return "holds a NUL byte";
  }
  return {};
}

bool is_reserved_header(std::string_view name) {
  constexpr std::array<std::string_view, 9> kReserved = {
      "host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade",
      "te",   "trailer",        "proxy-connection"};
  return std::any_of(kReserved.begin(), kReserved.end(),
                     [&](std::string_view r) { return iequals(r, name); });
}

std::optional<SelectPath> parse_select(std::string_view text) {
  SelectPath out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view segment = text.substr(start, dot - start);
    if (segment.empty()) return std::nullopt;
    out.emplace_back(segment);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

namespace {

// One walk for the const and the mutable lookups.
template <class V>
V* walk(V& v, const SelectPath& path) {
  V* at = &v;
  for (const std::string& segment : path) {
    if (at->is_object()) {
      at = at->find(segment);
    } else if (at->is_list()) {
      std::size_t index = 0;
      const auto [p, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
      if (ec != std::errc() || p != segment.data() + segment.size() ||
          index >= at->as_list().size()) {
        return nullptr;
      }
      at = &at->as_list()[index];
    } else {
      return nullptr;
    }
    if (at == nullptr) return nullptr;
  }
  return at;
}

}  // namespace

const Value* find_path(const Value& v, const SelectPath& path) {
  return walk(v, path);
}

Value select(Value v, const SelectPath& path) {
  if (path.empty()) return v;
  Value* found = walk(v, path);
  // The parsed response is ours: the selected part is moved out rather than copied.
  return found == nullptr ? Value{} : std::move(*found);
}

bool is_json(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t'))
    media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t'))
    media.remove_prefix(1);
  if (iequals(media, "application/json")) return true;
  return media.size() > 5 && iequals(media.substr(media.size() - 5), "+json") &&
         media.find('/') != std::string_view::npos;
}

void parse_body(Response& response) {
  if (response.json || response.body.empty() || !is_json(response.content_type)) return;
  auto parsed = parse_json(response.body);
  if (!parsed) return;
  response.json = Value::shared(std::move(*parsed));
  // Read by nobody once the body is parsed; every caller's copy of the response is then cheap.
  std::string().swap(response.body);
  std::string().swap(response.content_type);
}

Result<Value, std::string> read_body(const Response& response) {
  if (response.json) return *response.json;
  if (response.body.empty()) return Value{};
  if (!is_json(response.content_type)) return {boost::system::in_place_value, response.body};
  auto parsed = parse_json(response.body);
  if (!parsed) {
    return {boost::system::in_place_error,
            "the response is not valid JSON: " + parsed.error().message + " at " +
                std::to_string(parsed.error().line) + ":" + std::to_string(parsed.error().column)};
  }
  return std::move(*parsed);
}

bool is_expected(unsigned status, const std::vector<unsigned>& expect) {
  if (expect.empty()) return status >= 200 && status < 300;
  return std::find(expect.begin(), expect.end(), status) != expect.end();
}

std::string describe_call(const BaseUrl& base, const Request& request) {
  std::string out(method_name(request.method));
  out += base.scheme == Scheme::https ? " https://" : " http://";
  out += base.host_header();
  out += request.target;
  if (!request.body.empty()) {
    out += " with a JSON body of ";
    out += datasources::byte_count(request.body.size());
  }
  return out;
}

}  // namespace stashql::http_client
