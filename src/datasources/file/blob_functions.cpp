// blob.get, blob.put, blob.delete and blob.list: the steps that read and write the blobs of
// a `file` datasource. Each renders its key, has it checked (blob_key.hpp) before the store
// sees it, and maps the store's answers to what clients see: a bad key or token is the
// client's mistake (BadRequest), an existing blob under `only: absent` a Conflict, a blob
// over max_bytes PayloadTooLarge, and a disk failure a DatasourceError whose detail (errno,
// root) goes only to the log. Under `--dry`, put and delete read what stands at the key,
// answer as the write would have, record a line, and write nothing.
#include "datasources/file/blob_functions.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <stashql/json.hpp>

#include "datasources/datasource_step.hpp"
#include "datasources/file/blob_format.hpp"
#include "datasources/file/blob_key.hpp"
#include "datasources/file/blob_store.hpp"
#include "graphql/utf8.hpp"
#include "pipeline/base64.hpp"
#include "pipeline/page_args.hpp"

namespace stashql::file {
namespace {

namespace asio = boost::asio;
using pipeline::Presence;
using pipeline::StepContext;
using pipeline::StepOutcome;

constexpr std::int64_t kDefaultListLimit = 100;
constexpr std::int64_t kDefaultMaxListLimit = 1000;
constexpr std::int64_t kMaxMaxListLimit = 10000;

enum class Encoding : std::uint8_t { utf8, base64, json };

// `encoding:`, utf8 when absent; nullopt after an error has been reported.
std::optional<Encoding> read_encoding(pipeline::StepArgs& args) {
  if (!args.has("encoding")) return Encoding::utf8;
  auto word = args.word("encoding", Presence::required, {"utf8", "base64", "json"});
  if (!word) return std::nullopt;
  if (*word == "base64") return Encoding::base64;
  if (*word == "json") return Encoding::json;
  return Encoding::utf8;
}

StepOutcome client_error(std::string_view code, std::string message) {
  Value extensions = Object{};
  extensions["code"] = std::string(code);
  return StepOutcome::fail(FieldError{std::move(message), std::move(extensions)});
}

// A key as messages show it: quoted and escaped, and shortened when long.
std::string quoted(std::string_view key) {
  constexpr std::size_t kShown = 80;
  std::string out;
  if (key.size() <= kShown) {
    write_json_string(out, key);
    return out;
  }
  std::size_t cut = kShown;
  // Never cut a UTF-8 sequence in two.
  while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0U) == 0x80U)
    --cut;
  write_json_string(out, std::string(key.substr(0, cut)) + "…");
  return out;
}

// The rendered key, checked; or the outcome that refuses it.
std::variant<BlobKey, StepOutcome> render_key(const expr::ValueTemplate& key,
                                              const expr::Scope& scope) {
  auto rendered = key.render(scope);
  if (!rendered) return StepOutcome::key_error("key", rendered.error().message);
  const Value& value = **rendered;
  if (value.is_null()) return client_error("BadRequest", "blob key is required");
  if (!value.is_string()) {
    return StepOutcome::key_error(
        "key", "must be a string, got " + std::string(expr::describe_kind(value)));
  }
  auto parsed = BlobKey::parse(value.as_string());
  if (!parsed) {
    return client_error("BadRequest",
                        "blob key " + quoted(value.as_string()) + " " + parsed.error());
  }
  return std::move(*parsed);
}

// What a client sees of a store's refusal; `key` is theirs to see, the detail is not.
StepOutcome store_failure(const StepContext& context, const DatasourceConfig& datasource,
                          const StoreError& error, std::string_view key, std::uint64_t max_bytes) {
  switch (error.kind) {
    case StoreError::Kind::unavailable:
      return datasources::failure(context, datasource, datasources::Failure::unavailable,
                                  error.detail);
    case StoreError::Kind::io:
      return datasources::failure(context, datasource, datasources::Failure::rejected,
                                  error.detail);
    case StoreError::Kind::outside_root:
      return client_error("BadRequest", "blob key " + quoted(key) +
                                            " leads outside the datasource (a symbolic link)");
    case StoreError::Kind::exists:
      return client_error("Conflict", "blob " + quoted(key) + " already exists");
    case StoreError::Kind::conflict:
      return client_error("Conflict", "blob key " + quoted(key) +
                                          " conflicts with a folder or a blob on the way to it");
    case StoreError::Kind::too_large:
      return client_error("PayloadTooLarge", "blob " + quoted(key) + " is larger than " +
                                                 std::to_string(max_bytes) + " bytes (max_bytes)");
  }
  return StepOutcome::error("unknown store error");
}

// The fields every description of a stored blob has.
Value describe(const BlobInfo& info) {
  Value out = Object{};
  out["key"] = info.key;
  out["size"] = static_cast<std::int64_t>(info.size);
  out["etag"] = make_etag(info.size, info.modified_ns, info.inode);
  out["contentType"] = std::string(content_type_of(info.key));
  out["modified"] = rfc3339_utc(info.modified_ns);
  return out;
}

// What a put under `--dry` describes: the blob as a put made now would be. Its inode is
// unknown (a put always makes a new file), so the etag has the form of a real one but matches
// none.
BlobInfo simulated_put(std::string key, std::uint64_t size) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return BlobInfo{std::move(key), size,
                  std::chrono::duration_cast<std::chrono::nanoseconds>(now).count(), 0};
}

bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const Utf8Char c = decode_utf8(text, i);
    if (!c.valid) return false;
    i += c.length;
  }
  return true;
}

// The base of the four functions: the datasource, the key template, and the store lookup.
class BlobFunction : public pipeline::UnitFunction {
 public:
  BlobFunction(const DatasourceConfig& datasource, expr::ValueTemplate key)
      : datasource_(datasource), key_(std::move(key)) {}
  bool is_async() const override { return true; }

 protected:
  const DatasourceConfig& datasource_;
  expr::ValueTemplate key_;
};

class GetFunction final : public BlobFunction {
 public:
  GetFunction(const DatasourceConfig& datasource, expr::ValueTemplate key, Encoding encoding)
      : BlobFunction(datasource, std::move(key)), encoding_(encoding) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto* store = datasources::client_for<Store>(context, datasource_);
    if (store == nullptr) co_return datasources::no_client(datasource_);
    auto key = render_key(key_, context.scope);
    if (auto* refused = std::get_if<StepOutcome>(&key)) co_return std::move(*refused);
    const std::string text = std::get<BlobKey>(key).text();
    auto got = co_await store->get(std::get<BlobKey>(std::move(key)));
    if (!got) co_return store_failure(context, datasource_, got.error(), text, store->max_bytes());
    if (!*got) co_return StepOutcome::next(Value());
    Blob& blob = **got;

    Value content;
    switch (encoding_) {
      case Encoding::utf8:
        if (!is_utf8(blob.content)) {
          co_return StepOutcome::error("blob " + quoted(text) +
                                       " is not UTF-8 text: read it with encoding: base64");
        }
        content = std::move(blob.content);
        break;
      case Encoding::base64:
        content = base64_encode(blob.content);
        break;
      case Encoding::json: {
        auto parsed = parse_json(blob.content);
        if (!parsed) {
          co_return StepOutcome::error(
              "blob " + quoted(text) + " is not valid JSON (" +
              std::to_string(parsed.error().line) + ":" + std::to_string(parsed.error().column) +
              ": " + parsed.error().message + "): read it with encoding: utf8 or base64");
        }
        content = std::move(*parsed);
        break;
      }
    }
    Value out = describe(blob.info);
    out["content"] = std::move(content);
    co_return StepOutcome::next(std::move(out));
  }

 private:
  Encoding encoding_;
};

class PutFunction final : public BlobFunction {
 public:
  PutFunction(const DatasourceConfig& datasource, expr::ValueTemplate key,
              expr::ValueTemplate content, Encoding encoding, PutMode mode)
      : BlobFunction(datasource, std::move(key)),
        content_(std::move(content)),
        encoding_(encoding),
        mode_(mode) {}

  bool simulates_writes() const override { return true; }

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto* store = datasources::client_for<Store>(context, datasource_);
    if (store == nullptr) co_return datasources::no_client(datasource_);
    auto key = render_key(key_, context.scope);
    if (auto* refused = std::get_if<StepOutcome>(&key)) co_return std::move(*refused);
    const std::string text = std::get<BlobKey>(key).text();

    auto rendered = content_.render(context.scope);
    if (!rendered) co_return StepOutcome::key_error("content", rendered.error().message);
    std::string bytes;
    if (encoding_ == Encoding::json) {
      bytes = to_json(**rendered);
    } else if (!(*rendered)->is_string()) {
      co_return StepOutcome::key_error(
          "content", "must be a string with encoding " +
                         std::string(encoding_ == Encoding::utf8 ? "utf8" : "base64") + ", got " +
                         std::string(expr::describe_kind(**rendered)) +
                         " (encoding: json stores a value as JSON)");
    } else if (encoding_ == Encoding::base64) {
      auto decoded = base64_decode((*rendered)->as_string());
      if (!decoded) co_return client_error("BadRequest", "blob content is not valid base64");
      bytes = std::move(*decoded);
    } else {
      bytes = std::move(*rendered).take().as_string();
    }
    if (bytes.size() > store->max_bytes()) {
      co_return store_failure(context, datasource_, StoreError{StoreError::Kind::too_large, {}},
                              text, store->max_bytes());
    }

    if (context.dry != nullptr) {
      // What a put would find at the key decides what it would answer; nothing is written.
      auto state = co_await store->stat(std::get<BlobKey>(std::move(key)));
      if (!state) {
        co_return store_failure(context, datasource_, state.error(), text, store->max_bytes());
      }
      if (const auto refused = put_refusal(*state, mode_)) {
        co_return store_failure(context, datasource_, StoreError{*refused, {}}, text,
                                store->max_bytes());
      }
      context.dry->record(dry_put_line(datasource_.name, text, bytes.size()));
      co_return StepOutcome::next(describe(simulated_put(text, bytes.size())));
    }

    auto put = co_await store->put(std::get<BlobKey>(std::move(key)), std::move(bytes), mode_);
    if (!put) co_return store_failure(context, datasource_, put.error(), text, store->max_bytes());
    co_return StepOutcome::next(describe(*put));
  }

 private:
  expr::ValueTemplate content_;
  Encoding encoding_;
  PutMode mode_;
};

class DeleteFunction final : public BlobFunction {
 public:
  using BlobFunction::BlobFunction;

  bool simulates_writes() const override { return true; }

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto* store = datasources::client_for<Store>(context, datasource_);
    if (store == nullptr) co_return datasources::no_client(datasource_);
    auto key = render_key(key_, context.scope);
    if (auto* refused = std::get_if<StepOutcome>(&key)) co_return std::move(*refused);
    const std::string text = std::get<BlobKey>(key).text();
    if (context.dry != nullptr) {
      // True when a blob stands there to remove, as a real delete would answer; nothing goes.
      auto state = co_await store->stat(std::get<BlobKey>(std::move(key)));
      if (!state) {
        co_return store_failure(context, datasource_, state.error(), text, store->max_bytes());
      }
      context.dry->record(dry_delete_line(datasource_.name, text));
      co_return StepOutcome::next(Value(*state == KeyState::blob));
    }
    auto removed = co_await store->remove(std::get<BlobKey>(std::move(key)));
    if (!removed) {
      co_return store_failure(context, datasource_, removed.error(), text, store->max_bytes());
    }
    co_return StepOutcome::next(Value(*removed));
  }
};

class ListFunction final : public pipeline::UnitFunction {
 public:
  ListFunction(const DatasourceConfig& datasource, std::optional<expr::ValueTemplate> prefix,
               pipeline::PageArgs page)
      : datasource_(datasource), prefix_(std::move(prefix)), page_(std::move(page)) {}

  bool is_async() const override { return true; }

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto* store = datasources::client_for<Store>(context, datasource_);
    if (store == nullptr) co_return datasources::no_client(datasource_);

    std::string prefix_text;
    if (prefix_) {
      auto rendered = prefix_->render(context.scope);
      if (!rendered) co_return StepOutcome::key_error("prefix", rendered.error().message);
      if ((*rendered)->is_string()) {
        prefix_text = (*rendered)->as_string();
      } else if (!(*rendered)->is_null()) {
        co_return StepOutcome::key_error(
            "prefix", "must be a string, got " + std::string(expr::describe_kind(**rendered)));
      }
    }
    auto prefix = BlobPrefix::parse(prefix_text);
    if (!prefix) {
      co_return client_error("BadRequest",
                             "blob prefix " + quoted(prefix_text) + " " + prefix.error());
    }

    const auto limit = page_.limit(context.scope);
    if (const auto* failed = std::get_if<StepOutcome>(&limit)) co_return *failed;
    auto token = page_.next_token(context.scope);
    if (auto* failed = std::get_if<StepOutcome>(&token)) co_return std::move(*failed);
    std::string after;
    if (const std::string& text = std::get<std::string>(token); !text.empty()) {
      auto read = read_list_token(prefix_text, text);
      if (!read) co_return client_error("BadRequest", "invalid nextToken");
      after = std::move(*read);
    }

    auto page = co_await store->list(std::move(*prefix), after,
                                     static_cast<std::size_t>(std::get<std::int64_t>(limit)));
    if (!page) {
      co_return store_failure(context, datasource_, page.error(), prefix_text, store->max_bytes());
    }
    List items;
    items.reserve(page->items.size());
    for (const BlobInfo& info : page->items) {
      items.push_back(describe(info));
    }
    Value out = Object{};
    out["nextToken"] = Value();
    if (page->more) {
      out["nextToken"] =
          make_list_token(prefix_text, page->items.empty() ? after : page->items.back().key);
    }
    out["items"] = Value(std::move(items));
    co_return StepOutcome::next(std::move(out));
  }

 private:
  const DatasourceConfig& datasource_;
  std::optional<expr::ValueTemplate> prefix_;  // none: every blob
  pipeline::PageArgs page_;
};

std::unique_ptr<pipeline::UnitFunction> build_get(pipeline::StepArgs& args) {
  auto key = args.value("key", Presence::required);
  auto encoding = read_encoding(args);
  if (!key || !encoding || args.datasource() == nullptr) return nullptr;
  return std::make_unique<GetFunction>(*args.datasource(), std::move(*key), *encoding);
}

std::unique_ptr<pipeline::UnitFunction> build_put(pipeline::StepArgs& args) {
  bool ok = true;
  auto key = args.value("key", Presence::required);
  auto content = args.value("content", Presence::required);
  auto encoding = read_encoding(args);
  if (!encoding) ok = false;
  PutMode mode = PutMode::replace;
  if (args.has("only")) {
    if (args.word("only", Presence::required, {"absent"})) {
      mode = PutMode::only_absent;
    } else {
      ok = false;
    }
  }
  if (!key || !content || !ok || args.datasource() == nullptr) return nullptr;
  return std::make_unique<PutFunction>(*args.datasource(), std::move(*key), std::move(*content),
                                       *encoding, mode);
}

std::unique_ptr<pipeline::UnitFunction> build_delete(pipeline::StepArgs& args) {
  auto key = args.value("key", Presence::required);
  if (!key || args.datasource() == nullptr) return nullptr;
  return std::make_unique<DeleteFunction>(*args.datasource(), std::move(*key));
}

std::unique_ptr<pipeline::UnitFunction> build_list(pipeline::StepArgs& args) {
  bool ok = true;
  std::optional<expr::ValueTemplate> prefix;
  if (args.has("prefix")) {
    prefix = args.value("prefix", Presence::required);
    if (!prefix) ok = false;
  }
  auto page = pipeline::PageArgs::read(
      args, pipeline::PageDefaults{kDefaultListLimit, kDefaultMaxListLimit, kMaxMaxListLimit});
  if (!page || !ok || args.datasource() == nullptr) return nullptr;
  return std::make_unique<ListFunction>(*args.datasource(), std::move(prefix), std::move(*page));
}

}  // namespace

std::vector<pipeline::FunctionSpec> blob_functions() {
  std::vector<pipeline::FunctionSpec> out;
  out.push_back(pipeline::FunctionSpec{
      .name = "blob.get",
      .summary = "The blob under `key`: {key, content, size, etag, contentType, modified}, or "
                 "null.",
      .effect = pipeline::Effect::reads,
      .result = pipeline::ResultKind::object,
      .keys = {"key", "encoding"},
      .datasource = DatasourceKind::file,
      .build = build_get,
  });
  out.push_back(pipeline::FunctionSpec{
      .name = "blob.put",
      .summary = "Writes `content` under `key`, atomically: {key, size, etag, contentType, "
                 "modified}.",
      .effect = pipeline::Effect::writes,
      .result = pipeline::ResultKind::object,
      .keys = {"key", "content", "encoding", "only"},
      .datasource = DatasourceKind::file,
      .build = build_put,
  });
  out.push_back(pipeline::FunctionSpec{
      .name = "blob.delete",
      .summary = "Removes the blob under `key`: true, or false when there was none.",
      .effect = pipeline::Effect::writes,
      .result = pipeline::ResultKind::boolean,
      .keys = {"key"},
      .datasource = DatasourceKind::file,
      .build = build_delete,
  });
  out.push_back(pipeline::FunctionSpec{
      .name = "blob.list",
      .summary = "One page of the blobs under `prefix`, in key order: {items, nextToken}.",
      .effect = pipeline::Effect::reads,
      .result = pipeline::ResultKind::object,
      .keys = {"prefix", "limit", "maxLimit", "nextToken"},
      .datasource = DatasourceKind::file,
      .build = build_list,
  });
  return out;
}

}  // namespace stashql::file
