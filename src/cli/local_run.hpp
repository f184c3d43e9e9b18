// Running the app in-process for `stashql query` and `stashql run`: what pipelines see of a
// request made from the command line (identity, headers, an observer for traces and dry runs)
// and a private event loop with the app's datasource clients.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include <stashql/app.hpp>
#include <stashql/backends.hpp>
#include <stashql/resolver.hpp>
#include <stashql/value.hpp>

#include "cli/commands.hpp"

namespace stashql::cli {

// A request made from the command line. The operator is the client: internal errors (a
// backend down) are printed to `err` with their detail.
class CliRequestContext final : public RequestContext {
 public:
  CliRequestContext(std::string_view command, Value identity, Value headers,
                    pipeline::Observer* observer, Backends& backends, std::ostream& err)
      : command_(command),
        identity_(std::move(identity)),
        headers_(std::move(headers)),
        observer_(observer),
        backends_(backends),
        err_(err) {}
  const Value& identity() const override { return identity_; }
  const Value& headers() const override { return headers_; }
  Backends* backends() const override { return &backends_; }
  pipeline::Observer* observer() const override { return observer_; }
  Value internal_error(std::string_view detail) override;

 private:
  std::string_view command_;
  Value identity_;
  Value headers_;
  pipeline::Observer* observer_;
  Backends& backends_;
  std::ostream& err_;
};

// What a JSON option may hold.
enum class JsonShape : std::uint8_t { object, any };

// A JSON option given inline, as @file or @- (null when absent); nullopt after printing
// "stashql <command>: <name> …" to `err`.
std::optional<Value> json_option(const std::optional<std::string>& option, std::string_view command,
                                 std::string_view name, JsonShape shape, std::ostream& err);

// The identity of --identity (an object), or the one --jwt's claims give: {sub, username,
// groups, claims}, as the server derives it from a verified token. null when neither is given.
std::optional<Value> identity_option(const Options& options, std::string_view command,
                                     std::ostream& err);

// --headers as pipelines see them: names lower-cased, values strings.
std::optional<Value> headers_option(const Options& options, std::string_view command,
                                    std::ostream& err);

// The claims of a JWT turned into an identity (no signature check: the operator can give any
// identity anyway). The error says what is wrong with the token.
Result<Value, std::string> identity_from_jwt(std::string_view token);

// Runs `body` on a private event loop with the app's datasource clients, then closes them.
// False after printing why the clients could not be built.
using LocalBody = std::function<boost::asio::awaitable<void>(Backends& backends)>;
bool run_locally(const App& app, std::ostream& err, const LocalBody& body);

}  // namespace stashql::cli
