// Command-line requests (see local_run.hpp).
#include "cli/local_run.hpp"

#include <algorithm>
#include <chrono>
#include <ostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <stashql/json.hpp>

#include "pipeline/base64.hpp"

namespace stashql::cli {

Value CliRequestContext::internal_error(std::string_view detail) {
  err_ << "stashql " << command_ << ": " << detail << "\n";
  return Value{};
}

std::optional<Value> json_option(const std::optional<std::string>& option, std::string_view command,
                                 std::string_view name, JsonShape shape, std::ostream& err) {
  // In place: GCC 12 (-O2 with ASan) wrongly warns that a moved-from `Value{}` temporary may be
  // used uninitialized.
  if (!option) return std::optional<Value>(std::in_place);
  std::string error;
  std::optional<std::string> text = text_or_file(*option, error);
  if (!text) {
    err << "stashql " << command << ": " << name << ": " << error << "\n";
    return std::nullopt;
  }
  auto parsed = parse_json(*text);
  if (!parsed.has_value()) {
    err << "stashql " << command << ": " << name << " is not JSON: " << parsed.error().message
        << " at line " << parsed.error().line << ", column " << parsed.error().column << "\n";
    return std::nullopt;
  }
  if (shape == JsonShape::object && !parsed->is_object() && !parsed->is_null()) {
    err << "stashql " << command << ": " << name << " must be a JSON object\n";
    return std::nullopt;
  }
  return std::move(*parsed);
}

Result<Value, std::string> identity_from_jwt(std::string_view token) {
  // Value converts from a string too: say which side is meant.
  auto fail = [](std::string_view message) {
    return Result<Value, std::string>(boost::system::in_place_error, std::string(message));
  };
  const std::size_t first = token.find('.');
  const std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return fail("a JWT has three parts separated by dots (header.claims.signature)");
  }
  std::optional<std::string> payload = base64_decode(token.substr(first + 1, second - first - 1));
  if (!payload) return fail("the claims (second part) are not base64url");
  auto claims = parse_json(*payload);
  if (!claims.has_value() || !claims->is_object()) {
    return fail("the claims (second part) are not a JSON object");
  }
  auto text = [&](std::initializer_list<std::string_view> names) -> Value {
    for (std::string_view name : names) {
      if (const Value* v = claims->find(name); v != nullptr && v->is_string()) return *v;
    }
    return Value{};
  };
  Value groups = List{};
  for (std::string_view name : {"groups", "cognito:groups"}) {
    if (const Value* v = claims->find(name); v != nullptr && v->is_list()) {
      groups = *v;
      break;
    }
  }
  Value sub = text({"sub"});
  if (sub.is_null()) return fail("the claims have no \"sub\" (the subject)");
  Object identity;
  identity.emplace_back("sub", sub);
  Value username = text({"username", "cognito:username", "preferred_username"});
  identity.emplace_back("username", username.is_null() ? sub : std::move(username));
  identity.emplace_back("groups", std::move(groups));
  identity.emplace_back("claims", std::move(*claims));
  return Value(std::move(identity));
}

std::optional<Value> identity_option(const Options& options, std::string_view command,
                                     std::ostream& err) {
  if (!options.jwt)
    return json_option(options.identity, command, "--identity", JsonShape::object, err);
  std::string error;
  std::optional<std::string> token = text_or_file(*options.jwt, error);
  if (!token) {
    err << "stashql " << command << ": --jwt: " << error << "\n";
    return std::nullopt;
  }
  while (!token->empty() &&
         (token->back() == '\n' || token->back() == '\r' || token->back() == ' '))
    token->pop_back();
  auto identity = identity_from_jwt(*token);
  if (!identity.has_value()) {
    err << "stashql " << command << ": --jwt: " << identity.error() << "\n";
    return std::nullopt;
  }
  return std::move(*identity);
}

std::optional<Value> headers_option(const Options& options, std::string_view command,
                                    std::ostream& err) {
  std::optional<Value> given =
      json_option(options.headers, command, "--headers", JsonShape::object, err);
  if (!given || given->is_null()) return given;
  Object headers;
  for (auto& [name, value] : given->as_object()) {
    if (!value.is_string()) {
      err << "stashql " << command << ": --headers: the value of \"" << name
          << "\" must be a string\n";
      return std::nullopt;
    }
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    headers.emplace_back(std::move(lower), std::move(value));
  }
  return Value(std::move(headers));
}

bool run_locally(const App& app, std::ostream& err, const LocalBody& body) {
  boost::asio::io_context loop(1);
  boost::asio::thread_pool blocking(1);
  auto backends = make_backends(app.datasources, loop.get_executor(), blocking.get_executor());
  if (!backends.has_value()) {
    err << backends.error() << "\n";
    return false;
  }
  bool done = false;
  boost::asio::co_spawn(
      loop,
      [&]() -> boost::asio::awaitable<void> {
        co_await body(**backends);
        done = true;
      },
      boost::asio::detached);
  while (!done && loop.run_one() > 0) {
  }
  // Open connections keep the loop busy: close them, then let their handlers finish.
  (*backends)->close();
  loop.restart();
  loop.run_for(std::chrono::seconds(2));
  blocking.join();
  return true;
}

}  // namespace stashql::cli
