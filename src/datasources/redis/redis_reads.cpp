// The key lookups: redis.get, redis.mget, redis.hgetall, redis.hget, redis.smembers. Each
// sends one command and decodes what Redis stored (`decode: json|string`). Lookups of many
// items of a list leave in one batch because the client batches each event-loop turn: a GET
// per item becomes one MGET, an HGETALL per item one pipeline; a list's items, run as one
// batch, issue their commands together and wait once.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "datasources/datasource_step.hpp"
#include "datasources/redis/redis_client.hpp"
#include "datasources/redis/redis_step.hpp"

namespace stashql::redis {
namespace {

using pipeline::Presence;
using pipeline::StepContext;
using pipeline::StepOutcome;
namespace asio = boost::asio;

// What a lookup's reply becomes.
enum class Shape : std::uint8_t {
  value,    // GET, HGET: a string or nil → the value or null
  object,   // HGETALL: field/value pairs → an object, or null when the key does not exist
  members,  // SMEMBERS: the members, sorted
};

// redis.get, redis.hget, redis.hgetall, redis.smembers: one command on one key (and a field).
class LookupFunction final : public RedisStep {
 public:
  LookupFunction(const DatasourceConfig& ds, std::string command, Shape shape,
                 expr::ValueTemplate key, std::optional<expr::ValueTemplate> field, Decode decode)
      : RedisStep(ds),
        command_(std::move(command)),
        shape_(shape),
        key_(std::move(key)),
        field_(std::move(field)),
        decode_(decode) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    std::vector<std::string> args;
    if (std::optional<StepOutcome> failed = command_for(context, args)) co_return *failed;
    co_return outcome(context, co_await send(context, std::move(args)));
  }

  // The items' commands issued at once and waited for together.
  asio::awaitable<void> run_batch_async(std::span<StepContext* const> contexts,
                                        std::span<StepOutcome> out) const override {
    std::vector<std::vector<std::string>> commands;
    std::vector<std::size_t> sending;  // the items whose command goes out
    commands.reserve(contexts.size());
    sending.reserve(contexts.size());
    for (std::size_t i = 0; i < contexts.size(); ++i) {
      std::vector<std::string> args;
      if (std::optional<StepOutcome> failed = command_for(*contexts[i], args)) {
        out[i] = std::move(*failed);
        continue;
      }
      commands.push_back(std::move(args));
      sending.push_back(i);
    }
    if (sending.empty()) co_return;
    // The items of one request share its client.
    auto* client = datasources::client_for<Client>(*contexts[sending.front()], datasource());
    if (client == nullptr) {
      for (std::size_t i : sending)
        out[i] = datasources::no_client(datasource());
      co_return;
    }
    std::vector<Result<Reply, CommandError>> results =
        co_await client->commands(std::move(commands));
    for (std::size_t m = 0; m < sending.size(); ++m) {
      StepContext& context = *contexts[sending[m]];
      out[sending[m]] = outcome(context, received(context, command_, std::move(results[m])));
    }
  }

 private:
  // The command's arguments; an outcome when a template fails.
  std::optional<StepOutcome> command_for(const StepContext& context,
                                         std::vector<std::string>& args) const {
    auto key = render_text(key_, context.scope, "key");
    if (!key) return std::move(key).error();
    args.push_back(command_);
    args.push_back(std::move(*key));
    if (field_) {
      auto field = render_text(*field_, context.scope, "field");
      if (!field) return std::move(field).error();
      args.push_back(std::move(*field));
    }
    return std::nullopt;
  }

  // The step's result from what the command got.
  StepOutcome outcome(StepContext& context, Sent reply) const {
    if (!reply) return std::move(reply).error();
    if (!expected(*reply)) return unexpected(context, command_, *reply);
    switch (shape_) {
      case Shape::value:
        break;
      case Shape::object:
        // Redis has no empty hash: no fields means no key, hence null.
        return StepOutcome::next(to_object(*reply, decode_));
      case Shape::members: {
        // Redis returns a set in no particular order, which may change as the set grows;
        // sorted by the stored text, the same set always reads the same.
        std::vector<Reply>& members = reply->elements.mutable_items();
        std::sort(members.begin(), members.end(),
                  [](const Reply& a, const Reply& b) { return a.text < b.text; });
        break;
      }
    }
    return StepOutcome::next(to_value(*reply, decode_));
  }

  bool expected(const Reply& reply) const {
    switch (shape_) {
      case Shape::value:
        return reply.kind == Reply::Kind::string || reply.kind == Reply::Kind::nil;
      case Shape::object:
        return reply.kind == Reply::Kind::array && reply.elements.size() % 2 == 0;
      case Shape::members:
        return reply.kind == Reply::Kind::array;
    }
    return false;
  }

  std::string command_;
  Shape shape_;
  expr::ValueTemplate key_;
  std::optional<expr::ValueTemplate> field_;  // HGET's
  Decode decode_;
};

// redis.hgetall with `keys:`: many hashes in one batch → a list of objects (null where a
// key does not exist), in the order of the keys.
class HgetallManyFunction final : public RedisStep {
 public:
  HgetallManyFunction(const DatasourceConfig& ds, expr::ValueTemplate keys, Decode decode)
      : RedisStep(ds), keys_(std::move(keys)), decode_(decode) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto keys = render_texts(keys_, context.scope, "keys", Single::refused);
    if (!keys) co_return std::move(keys).error();
    if (keys->empty()) co_return StepOutcome::next(List{});
    std::vector<std::vector<std::string>> commands;
    commands.reserve(keys->size());
    for (std::string& key : *keys)
      commands.push_back({"HGETALL", std::move(key)});
    auto replies = co_await send_all(context, std::move(commands));
    if (!replies) co_return std::move(replies).error();
    List out;
    out.reserve(replies->size());
    for (const Reply& reply : *replies) {
      if (reply.kind != Reply::Kind::array || reply.elements.size() % 2 != 0) {
        co_return unexpected(context, "HGETALL", reply);
      }
      out.push_back(to_object(reply, decode_));
    }
    co_return StepOutcome::next(Value(std::move(out)));
  }

 private:
  expr::ValueTemplate keys_;
  Decode decode_;
};

class MgetFunction final : public RedisStep {
 public:
  MgetFunction(const DatasourceConfig& ds, expr::ValueTemplate keys, Decode decode)
      : RedisStep(ds), keys_(std::move(keys)), decode_(decode) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto keys = render_texts(keys_, context.scope, "keys", Single::refused);
    if (!keys) co_return std::move(keys).error();
    // MGET needs a key; no keys ask for nothing.
    if (keys->empty()) co_return StepOutcome::next(List{});
    const std::size_t count = keys->size();
    std::vector<std::string> args;
    args.reserve(count + 1);
    args.emplace_back("MGET");
    for (std::string& k : *keys)
      args.push_back(std::move(k));
    Sent reply = co_await send(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    if (reply->kind != Reply::Kind::array || reply->elements.size() != count) {
      co_return unexpected(context, "MGET", *reply);
    }
    co_return StepOutcome::next(to_value(*reply, decode_));
  }

 private:
  expr::ValueTemplate keys_;
  Decode decode_;
};

// A lookup's factory: `key`, `field` when the command takes one, `decode`.
pipeline::Factory lookup(std::string command, Shape shape, Presence field) {
  return [command = std::move(command), shape,
          field](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
    ArgReader in(args);
    auto key = in.required("key");
    std::optional<expr::ValueTemplate> field_template;
    if (field == Presence::required) field_template = in.required("field");
    const Decode decode = in.decode();
    const DatasourceConfig& ds = in.datasource();
    if (!in.ok()) return nullptr;
    return std::make_unique<LookupFunction>(ds, command, shape, std::move(*key),
                                            std::move(field_template), decode);
  };
}

// redis.hgetall: `key` (one hash) or `keys` (a list of them, read in one batch).
std::unique_ptr<pipeline::UnitFunction> build_hgetall(pipeline::StepArgs& args) {
  if (args.has("key") && args.has("keys")) {
    args.error("keys", "takes `key` or `keys`, not both");
    return nullptr;
  }
  if (!args.has("keys")) return lookup("HGETALL", Shape::object, Presence::optional)(args);
  ArgReader in(args);
  auto keys = in.required("keys");
  const Decode decode = in.decode();
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<HgetallManyFunction>(ds, std::move(*keys), decode);
}

std::unique_ptr<pipeline::UnitFunction> build_mget(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto keys = in.required("keys");
  const Decode decode = in.decode();
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<MgetFunction>(ds, std::move(*keys), decode);
}

}  // namespace

std::vector<pipeline::FunctionSpec> read_functions() {
  constexpr auto kReads = pipeline::Effect::reads;
  std::vector<pipeline::FunctionSpec> out;
  out.push_back(redis_spec("redis.get", "The value at `key`, or null.", kReads,
                           pipeline::ResultKind::any, {"key", "decode"},
                           lookup("GET", Shape::value, Presence::optional)));
  out.push_back(redis_spec("redis.mget", "The values at `keys` (a list), null where missing.",
                           kReads, pipeline::ResultKind::list, {"keys", "decode"}, build_mget));
  out.push_back(redis_spec("redis.hgetall",
                           "The hash at `key` as an object, or null; with `keys`, a list of them "
                           "read in one batch.",
                           // an object, or a list of them with `keys:`
                           kReads, pipeline::ResultKind::any, {"key", "keys", "decode"},
                           build_hgetall));
  out.push_back(redis_spec("redis.hget", "The hash field `field` at `key`, or null.", kReads,
                           pipeline::ResultKind::any, {"key", "field", "decode"},
                           lookup("HGET", Shape::value, Presence::required)));
  out.push_back(redis_spec("redis.smembers", "The members of the set at `key`, sorted.", kReads,
                           pipeline::ResultKind::list, {"key", "decode"},
                           lookup("SMEMBERS", Shape::members, Presence::optional)));
  return out;
}

}  // namespace stashql::redis
