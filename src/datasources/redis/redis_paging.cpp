// The paged reads: redis.zrange (members of a sorted set by rank, a page at a time) and
// redis.scan (keys matching a pattern, a cursor step at a time), both as {items, nextToken}
// like `paginate`, with the position in an opaque token (redis_paging.hpp).
#include "datasources/redis/redis_paging.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <utility>
#include <vector>

#include <stashql/json.hpp>

#include "datasources/redis/redis_step.hpp"
#include "pipeline/base64.hpp"
#include "pipeline/page_args.hpp"

namespace stashql::redis {
namespace {

using pipeline::bad_request;
using pipeline::StepContext;
using pipeline::StepOutcome;
namespace asio = boost::asio;

// Far beyond any sorted set (Redis caps them at 2^32 members), and far from overflowing
// offset + limit.
constexpr std::int64_t kMaxOffset = std::int64_t{1} << 40;

// FNV-1a: a check that the token belongs to this list, not a secret (the position it guards
// is one the client could ask for anyway).
std::string check_of(std::string_view scope) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : scope) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 20 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A nextToken argument: "" or null is the first page (`first`); a token for this scope gives
// its position; anything else is the client's mistake.
Result<std::string, StepOutcome> render_position(const std::optional<expr::ValueTemplate>& t,
                                                 const expr::Scope& scope, std::string_view paged,
                                                 std::string first) {
  if (!t) return first;
  auto rendered = t->render(scope);
  if (!rendered) return StepOutcome::key_error("nextToken", rendered.error().message);
  const Value& token = **rendered;
  if (token.is_null() || (token.is_string() && token.as_string().empty())) return first;
  if (!token.is_string()) return StepOutcome::fail(bad_request("invalid nextToken"));
  auto position = read_page_token(token.as_string(), paged);
  if (!position) return StepOutcome::fail(bad_request("invalid nextToken"));
  return std::move(*position);
}

// A page size from the client: null is the default; anything outside [min, max] is refused
// as paginate refuses it.
Result<std::int64_t, StepOutcome> render_limit(const std::optional<expr::ValueTemplate>& t,
                                               const expr::Scope& scope, std::int64_t fallback,
                                               std::int64_t min, std::int64_t max) {
  if (!t) return fallback;
  auto rendered = t->render(scope);
  if (!rendered) return StepOutcome::key_error("limit", rendered.error().message);
  if ((*rendered)->is_null()) return fallback;
  const auto n = pipeline::as_whole(**rendered);
  if (!n || *n < min || *n > max) {
    return StepOutcome::fail(bad_request("limit must be between " + std::to_string(min) + " and " +
                                         std::to_string(max)));
  }
  return *n;
}

Value page(List items, std::optional<std::string> next_token) {
  Value out = Object{};
  out["items"] = Value(std::move(items));
  out["nextToken"] = next_token ? Value(std::move(*next_token)) : Value();
  return out;
}

enum class Order : std::uint8_t { asc, desc };
enum class Scores : std::uint8_t { without, with };

class ZrangeFunction final : public RedisStep {
 public:
  struct Config {
    expr::ValueTemplate key;
    std::optional<expr::ValueTemplate> limit;
    std::optional<expr::ValueTemplate> next_token;
    std::int64_t max_limit = 100;
    Order order = Order::asc;
    Scores scores = Scores::without;
    Decode decode = Decode::json;
  };

  ZrangeFunction(const DatasourceConfig& ds, Config config)
      : RedisStep(ds), config_(std::move(config)) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(config_.key, context.scope, "key");
    if (!key) co_return std::move(key).error();
    auto limit = render_limit(config_.limit, context.scope,
                              std::min<std::int64_t>(20, config_.max_limit), 0, config_.max_limit);
    if (!limit) co_return std::move(limit).error();
    const std::string paged =
        std::string(config_.order == Order::asc ? "zrange asc\n" : "zrange desc\n") + *key;
    auto position = render_position(config_.next_token, context.scope, paged, "0");
    if (!position) co_return std::move(position).error();
    std::int64_t offset = 0;
    const std::from_chars_result read =
        std::from_chars(position->data(), position->data() + position->size(), offset);
    if (read.ec != std::errc() || read.ptr != position->data() + position->size() ||
        offset > kMaxOffset) {
      co_return StepOutcome::fail(bad_request("invalid nextToken"));
    }

    // One more than the page: whether it comes back says whether there is a next page.
    std::vector<std::string> args = {"ZRANGE", std::move(*key), std::to_string(offset),
                                     std::to_string(offset + *limit)};
    if (config_.order == Order::desc) args.emplace_back("REV");
    if (config_.scores == Scores::with) args.emplace_back("WITHSCORES");
    Sent reply = co_await send(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    const std::size_t stride = config_.scores == Scores::with ? 2 : 1;
    if (reply->kind != Reply::Kind::array || reply->elements.size() % stride != 0) {
      co_return unexpected(context, "ZRANGE", *reply);
    }

    const std::size_t got = reply->elements.size() / stride;
    const std::size_t wanted = std::min(got, static_cast<std::size_t>(*limit));
    List items;
    items.reserve(wanted);
    for (std::size_t i = 0; i < wanted; ++i) {
      const Reply& member = reply->elements[i * stride];
      if (config_.scores == Scores::without) {
        items.push_back(to_value(member, config_.decode));
        continue;
      }
      const std::string& text = reply->elements[i * stride + 1].text;
      double score = 0;
      const auto parsed = std::from_chars(text.data(), text.data() + text.size(), score);
      if (parsed.ec != std::errc()) co_return unexpected(context, "ZRANGE", *reply);
      Value item = Object{};
      item["member"] = to_value(member, config_.decode);
      item["score"] = score;
      items.push_back(std::move(item));
    }
    // A limit of 0 asks for no items: the token stays where it was, unless that is the end.
    std::optional<std::string> next;
    if (got > wanted) next = make_page_token(std::to_string(offset + *limit), paged);
    co_return StepOutcome::next(page(std::move(items), std::move(next)));
  }

 private:
  Config config_;
};

class ScanFunction final : public RedisStep {
 public:
  static constexpr std::int64_t kDefaultLimit = 100;
  static constexpr std::int64_t kMaxLimit = 1000;

  ScanFunction(const DatasourceConfig& ds, std::optional<expr::ValueTemplate> match,
               std::optional<expr::ValueTemplate> limit,
               std::optional<expr::ValueTemplate> next_token)
      : RedisStep(ds),
        match_(std::move(match)),
        limit_(std::move(limit)),
        next_token_(std::move(next_token)) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    std::string match = "*";
    if (match_) {
      auto rendered = render_text(*match_, context.scope, "match");
      if (!rendered) co_return std::move(rendered).error();
      match = std::move(*rendered);
    }
    auto limit = render_limit(limit_, context.scope, kDefaultLimit, 1, kMaxLimit);
    if (!limit) co_return std::move(limit).error();
    const std::string paged = "scan\n" + match;
    auto cursor = render_position(next_token_, context.scope, paged, "0");
    if (!cursor) co_return std::move(cursor).error();
    std::uint64_t number = 0;
    const std::from_chars_result read =
        std::from_chars(cursor->data(), cursor->data() + cursor->size(), number);
    if (read.ec != std::errc() || read.ptr != cursor->data() + cursor->size()) {
      co_return StepOutcome::fail(bad_request("invalid nextToken"));
    }

    std::vector<std::string> args = {"SCAN",  std::move(*cursor),    "MATCH", std::move(match),
                                     "COUNT", std::to_string(*limit)};
    Sent reply = co_await send(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    if (reply->kind != Reply::Kind::array || reply->elements.size() != 2 ||
        reply->elements[0].kind != Reply::Kind::string || !all_digits(reply->elements[0].text) ||
        reply->elements[1].kind != Reply::Kind::array) {
      co_return unexpected(context, "SCAN", *reply);
    }
    List items;
    items.reserve(reply->elements[1].elements.size());
    for (const Reply& key : reply->elements[1].elements)
      items.emplace_back(key.text);
    // Cursor 0 is where SCAN says the walk is over.
    std::optional<std::string> next;
    if (reply->elements[0].text != "0") next = make_page_token(reply->elements[0].text, paged);
    co_return StepOutcome::next(page(std::move(items), std::move(next)));
  }

 private:
  std::optional<expr::ValueTemplate> match_;  // none: "*"
  std::optional<expr::ValueTemplate> limit_;
  std::optional<expr::ValueTemplate> next_token_;
};

std::unique_ptr<pipeline::UnitFunction> build_zrange(pipeline::StepArgs& args) {
  ArgReader in(args);
  ZrangeFunction::Config config;
  auto key = in.required("key");
  config.max_limit = in.integer("maxLimit", 1, 10000).value_or(100);
  config.limit = in.whole("limit", 0, config.max_limit);
  config.next_token = in.optional("nextToken");
  if (in.word("order", {"asc", "desc"}).value_or("asc") == "desc") config.order = Order::desc;
  if (in.boolean("withScores").value_or(false)) config.scores = Scores::with;
  config.decode = in.decode();
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  config.key = std::move(*key);
  return std::make_unique<ZrangeFunction>(ds, std::move(config));
}

std::unique_ptr<pipeline::UnitFunction> build_scan(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto match = in.optional("match");
  auto limit = in.whole("limit", 1, ScanFunction::kMaxLimit);
  auto next_token = in.optional("nextToken");
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<ScanFunction>(ds, std::move(match), std::move(limit),
                                        std::move(next_token));
}

}  // namespace

std::string make_page_token(std::string_view position, std::string_view scope) {
  std::string payload = R"({"at":)";
  write_json_string(payload, position);
  payload += R"(,"of":")";
  payload += check_of(scope);
  payload += "\"}";
  return base64_encode(payload, Base64Alphabet::url);
}

std::optional<std::string> read_page_token(std::string_view token, std::string_view scope) {
  const auto payload = base64_decode(token);
  if (!payload) return std::nullopt;
  auto parsed = parse_json(*payload, JsonLimits{.max_depth = 2});
  if (!parsed || !parsed->is_object()) return std::nullopt;
  const Value* at = parsed->find("at");
  if (at == nullptr || !at->is_string() || !all_digits(at->as_string())) return std::nullopt;
  // One spelling per token: anything but what make_page_token writes for this scope (another
  // check, extra members, other spacing, stray bits) is refused.
  if (make_page_token(at->as_string(), scope) != token) return std::nullopt;
  return at->as_string();
}

std::vector<pipeline::FunctionSpec> paged_functions() {
  std::vector<pipeline::FunctionSpec> out;
  out.push_back(redis_spec(
      "redis.zrange", "One page of the sorted set at `key` by rank: {items, nextToken}.",
      pipeline::Effect::reads, pipeline::ResultKind::object,
      {"key", "limit", "maxLimit", "nextToken", "order", "withScores", "decode"}, build_zrange));
  out.push_back(redis_spec("redis.scan",
                           "One SCAN step over the keys that `match`: {items, nextToken}.",
                           pipeline::Effect::reads, pipeline::ResultKind::object,
                           {"match", "limit", "nextToken"}, build_scan));
  return out;
}

}  // namespace stashql::redis
