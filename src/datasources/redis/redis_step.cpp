// What the redis.* unit functions share (see redis_step.hpp).
#include "datasources/redis/redis_step.hpp"

#include <chrono>
#include <cmath>
#include <cstddef>
#include <tuple>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stashql/json.hpp>

#include "datasources/datasource_step.hpp"
#include "datasources/redis/redis_client.hpp"
#include "datasources/redis/redis_dry.hpp"
#include "pipeline/base64.hpp"
#include "pipeline/page_args.hpp"

namespace stashql::redis {
namespace {

using datasources::Failure;
using pipeline::Presence;
using pipeline::StepOutcome;

// "an object", or the number itself when a number is out of range.
std::string described(const Value& v) {
  if (v.is_number()) return to_json(v);
  return std::string(expr::describe_kind(v));
}

std::string range_text(std::int64_t min, std::int64_t max) {
  return "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
}

// The text of one value, or why it has none ("got an object").
std::optional<std::string> text_of(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_double() && std::isfinite(v.as_double())) {
    std::string out;
    write_json_number(out, v.as_double());
    return out;
  }
  return std::nullopt;
}

}  // namespace

pipeline::FunctionSpec redis_spec(std::string name, std::string summary, pipeline::Effect effect,
                                  pipeline::ResultKind result, std::vector<std::string_view> keys,
                                  pipeline::Factory build) {
  return pipeline::FunctionSpec{
      .name = std::move(name),
      .summary = std::move(summary),
      .effect = effect,
      .result = result,
      .keys = std::move(keys),
      .datasource = DatasourceKind::redis,
      .build = std::move(build),
  };
}

ArgReader::ArgReader(pipeline::StepArgs& args) : args_(args) {}

std::optional<expr::ValueTemplate> ArgReader::required(std::string_view key) {
  auto t = args_.value(key, Presence::required);
  if (!t) ok_ = false;
  return t;
}

std::optional<expr::ValueTemplate> ArgReader::optional(std::string_view key) {
  if (!args_.has(key)) return std::nullopt;
  return required(key);
}

std::optional<expr::ValueTemplate> ArgReader::whole(std::string_view key, std::int64_t min,
                                                    std::int64_t max) {
  auto t = optional(key);
  if (!t || !t->is_constant()) return t;
  auto value = t->render(expr::Scope{});
  if (!value || (*value)->is_null()) return t;
  const auto n = pipeline::as_whole(**value);
  if (!n || *n < min || *n > max) {
    error(key, "must be " + range_text(min, max) + " (or a template giving one)");
    return std::nullopt;
  }
  return t;
}

std::optional<std::string> ArgReader::word(std::string_view key,
                                           std::vector<std::string_view> allowed) {
  if (!args_.has(key)) return std::nullopt;
  auto w = args_.word(key, Presence::required, std::move(allowed));
  if (!w) ok_ = false;
  return w;
}

std::optional<std::int64_t> ArgReader::integer(std::string_view key, std::int64_t min,
                                               std::int64_t max) {
  if (!args_.has(key)) return std::nullopt;
  auto n = args_.integer(key, Presence::required, min, max);
  if (!n) ok_ = false;
  return n;
}

std::optional<bool> ArgReader::boolean(std::string_view key) {
  if (!args_.has(key)) return std::nullopt;
  auto b = args_.boolean(key, Presence::required);
  if (!b) ok_ = false;
  return b;
}

Decode ArgReader::decode() {
  const auto w = word("decode", {"json", "string"});
  return w && *w == "string" ? Decode::string : Decode::json;
}

const DatasourceConfig& ArgReader::datasource() {
  const DatasourceConfig* ds = args_.datasource();
  if (ds != nullptr) return *ds;
  // The loader resolves the datasource before any factory runs; this is a registry misuse.
  error("datasource", "needs a redis datasource");
  return none_;
}

void ArgReader::error(std::string_view key, std::string message) {
  args_.error(key, std::move(message));
  ok_ = false;
}

Result<std::string, StepOutcome> render_text(const expr::ValueTemplate& t, const expr::Scope& scope,
                                             std::string_view key) {
  auto rendered = t.render(scope);
  if (!rendered) return StepOutcome::key_error(key, rendered.error().message);
  auto text = text_of(**rendered);
  if (!text) {
    return StepOutcome::key_error(key,
                                  "must be a string or a number, got " + described(**rendered));
  }
  return std::move(*text);
}

Result<std::vector<std::string>, StepOutcome> render_texts(const expr::ValueTemplate& t,
                                                           const expr::Scope& scope,
                                                           std::string_view key, Single single) {
  auto rendered = t.render(scope);
  if (!rendered) return StepOutcome::key_error(key, rendered.error().message);
  const Value& v = **rendered;
  std::vector<std::string> out;
  if (!v.is_list()) {
    auto text = single == Single::accepted ? text_of(v) : std::nullopt;
    if (!text) {
      return StepOutcome::key_error(
          key, std::string(single == Single::accepted ? "must be a string, a number or a list"
                                                      : "must be a list") +
                   ", got " + described(v));
    }
    out.push_back(std::move(*text));
    return out;
  }
  out.reserve(v.as_list().size());
  for (std::size_t i = 0; i < v.as_list().size(); ++i) {
    auto text = text_of(v.as_list()[i]);
    if (!text) {
      return StepOutcome::key_error(key, "item [" + std::to_string(i) +
                                             "] must be a string or a number, got " +
                                             described(v.as_list()[i]));
    }
    out.push_back(std::move(*text));
  }
  return out;
}

Result<std::optional<std::int64_t>, StepOutcome> render_whole(const expr::ValueTemplate& t,
                                                              const expr::Scope& scope,
                                                              std::string_view key,
                                                              std::int64_t min, std::int64_t max) {
  auto rendered = t.render(scope);
  if (!rendered) return StepOutcome::key_error(key, rendered.error().message);
  if ((*rendered)->is_null()) return std::optional<std::int64_t>();
  const auto n = pipeline::as_whole(**rendered);
  if (!n || *n < min || *n > max) {
    return StepOutcome::key_error(
        key, "must be " + range_text(min, max) + ", got " + described(**rendered));
  }
  return std::optional<std::int64_t>(*n);
}

Result<Value, StepOutcome> render_value(const expr::ValueTemplate& t, const expr::Scope& scope,
                                        std::string_view key) {
  auto rendered = t.render(scope);
  if (!rendered) return StepOutcome::key_error(key, rendered.error().message);
  return std::move(*rendered).take();
}

std::string encode(const Value& v) {
  return v.is_string() ? v.as_string() : to_json(v);
}

boost::asio::awaitable<RedisStep::Sent> RedisStep::send(pipeline::StepContext& context,
                                                        std::vector<std::string> args) const {
  auto* client = datasources::client_for<Client>(context, datasource_);
  if (client == nullptr) co_return datasources::no_client(datasource_);
  // The operator's log names the command, never its arguments (keys may be personal data).
  const std::string command = args.empty() ? std::string() : args.front();
  co_return received(context, command, co_await client->command(std::move(args)));
}

RedisStep::Sent RedisStep::received(pipeline::StepContext& context, std::string_view command,
                                    Result<Reply, CommandError> result) const {
  if (!result) {
    const CommandError error = std::move(result).error();
    // `closed` (shutdown, a connection broken mid-command) is unavailability to a client.
    const Failure kind =
        error.kind == CommandError::Kind::timeout ? Failure::timeout : Failure::unavailable;
    return datasources::failure(context, datasource_, kind,
                                std::string(command) + ": " + error.message);
  }
  if (result->is_error()) {
    return datasources::failure(context, datasource_, Failure::rejected,
                                std::string(command) + ": " + result->text);
  }
  return std::move(*result);
}

boost::asio::awaitable<RedisStep::SentPair> RedisStep::send_both(
    pipeline::StepContext& context, std::vector<std::string> first,
    std::vector<std::string> second) const {
  using boost::asio::experimental::awaitable_operators::operator&&;
  // Both coroutines start in the same turn of the event loop, so the client batches them.
  std::tuple<Sent, Sent> both =
      co_await (send(context, std::move(first)) && send(context, std::move(second)));
  Sent& a = std::get<0>(both);
  Sent& b = std::get<1>(both);
  if (!a) co_return std::move(a).error();
  if (!b) co_return std::move(b).error();
  co_return std::pair<Reply, Reply>(std::move(*a), std::move(*b));
}

boost::asio::awaitable<Result<std::vector<Reply>, StepOutcome>> RedisStep::send_all(
    pipeline::StepContext& context, std::vector<std::vector<std::string>> commands) const {
  auto* client = datasources::client_for<Client>(context, datasource_);
  if (client == nullptr) co_return datasources::no_client(datasource_);
  std::vector<std::string> names;
  names.reserve(commands.size());
  for (const std::vector<std::string>& args : commands)
    names.push_back(args.empty() ? std::string() : args.front());
  std::vector<Result<Reply, CommandError>> results = co_await client->commands(std::move(commands));
  std::vector<Reply> out;
  out.reserve(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    Sent reply = received(context, names[i], std::move(results[i]));
    if (!reply) co_return std::move(reply).error();
    out.push_back(std::move(*reply));
  }
  co_return out;
}

StepOutcome RedisStep::unexpected(const pipeline::StepContext& context, std::string_view command,
                                  const Reply& reply) const {
  static constexpr std::string_view kKinds[] = {"nil",     "status", "error",
                                                "integer", "string", "array"};
  std::string detail(command);
  detail += ": unexpected ";
  detail += kKinds[static_cast<std::size_t>(reply.kind)];
  detail += " reply";
  return datasources::failure(context, datasource_, Failure::rejected, detail);
}

boost::asio::awaitable<RedisStep::Sent> RedisWrite::write(pipeline::StepContext& context,
                                                          std::vector<std::string> command) const {
  if (context.dry == nullptr) co_return co_await send(context, std::move(command));
  std::vector<std::vector<std::string>> commands;
  commands.push_back(std::move(command));
  auto replies = co_await simulate(context, std::move(commands));
  if (!replies) co_return std::move(replies).error();
  co_return std::move(replies->front());
}

boost::asio::awaitable<RedisStep::SentPair> RedisWrite::write_both(
    pipeline::StepContext& context, std::vector<std::string> first,
    std::vector<std::string> second) const {
  if (context.dry == nullptr) {
    co_return co_await send_both(context, std::move(first), std::move(second));
  }
  std::vector<std::vector<std::string>> commands;
  commands.push_back(std::move(first));
  commands.push_back(std::move(second));
  auto replies = co_await simulate(context, std::move(commands));
  if (!replies) co_return std::move(replies).error();
  co_return std::pair<Reply, Reply>(std::move((*replies)[0]), std::move((*replies)[1]));
}

boost::asio::awaitable<Result<std::vector<Reply>, StepOutcome>> RedisWrite::simulate(
    pipeline::StepContext& context, std::vector<std::vector<std::string>> commands) const {
  // A dry run without the datasource's client fails as a real one does, even when no read is
  // needed: what it shows must be what a real run would do.
  if (datasources::client_for<Client>(context, datasource()) == nullptr) {
    co_return datasources::no_client(datasource());
  }
  constexpr std::size_t kNoRead = static_cast<std::size_t>(-1);
  std::vector<std::vector<std::string>> reads;
  std::vector<std::size_t> read_of(commands.size(), kNoRead);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    context.dry->record(command_line(commands[i]));
    std::vector<std::string> read = stand_in_read(commands[i]);
    if (read.empty()) continue;
    read_of[i] = reads.size();
    reads.push_back(std::move(read));
  }
  std::vector<Reply> read_replies;
  if (reads.size() == 1) {
    Sent reply = co_await send(context, std::move(reads.front()));
    if (!reply) co_return std::move(reply).error();
    read_replies.push_back(std::move(*reply));
  } else if (reads.size() > 1) {
    auto replies = co_await send_all(context, std::move(reads));
    if (!replies) co_return std::move(replies).error();
    read_replies = std::move(*replies);
  }
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  std::vector<Reply> out;
  out.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const Reply none = Reply::nil();
    Reply reply = simulated_reply(commands[i],
                                  read_of[i] == kNoRead ? none : read_replies[read_of[i]], now_ms);
    // Where Redis would have refused the write, the dry run fails the step as the real one.
    if (reply.is_error()) {
      co_return datasources::failure(context, datasource(), Failure::rejected,
                                     commands[i].front() + ": " + reply.text);
    }
    out.push_back(std::move(reply));
  }
  co_return out;
}

}  // namespace stashql::redis
