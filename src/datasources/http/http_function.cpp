// `http` and `http.send`: a step that calls a JSON service through an http datasource. Its
// arguments are read and checked once at load time (method, a path that starts with "/",
// header names, no body on a GET, statuses, select and batch paths); at run time the
// templates are rendered, header values refused if they could inject a line, and the client
// (http_client.hpp) does the call. The response is parsed as JSON when it says it is JSON,
// then `select` picks the part the pipeline wants. Under `--dry`, http.send renders and checks
// its call as a real run does, records it ("POST https://host/path with a JSON body of N
// bytes"), sends nothing, and gives null: the service's answer cannot be known unsent.
#include "datasources/http/http_function.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <stashql/json.hpp>

#include "datasources/datasource_step.hpp"
#include "datasources/http/http_client.hpp"

namespace stashql::http_client {
namespace {

using pipeline::Presence;
using pipeline::StepArgs;
using pipeline::StepContext;
using pipeline::StepOutcome;

constexpr std::int64_t kDefaultBatchMax = 100;
constexpr std::int64_t kMaxBatchMax = 1000;

// Which of the two functions a step uses.
enum class Flavour : std::uint8_t { read, write };

struct BatchSpec {
  std::string key;      // the query parameter that differs between calls
  SelectPath key_path;  // where each item of the response holds it
  std::size_t max = kDefaultBatchMax;
};

struct HttpStep {
  Flavour flavour = Flavour::read;
  const DatasourceConfig* datasource = nullptr;
  Method method = Method::get;
  expr::ValueTemplate path;
  std::optional<expr::ValueTemplate> query;
  std::optional<expr::ValueTemplate> headers;
  std::optional<expr::ValueTemplate> body;
  std::vector<unsigned> expect;  // empty: any 2xx
  SelectPath select;
  std::optional<BatchSpec> batch;
};

datasources::Failure failure_of(CallError::Kind kind) {
  switch (kind) {
    case CallError::Kind::unavailable:
      return datasources::Failure::unavailable;
    case CallError::Kind::timeout:
      return datasources::Failure::timeout;
    case CallError::Kind::rejected:
      return datasources::Failure::rejected;
  }
  return datasources::Failure::unavailable;
}

// Why a header cannot be sent as `name`, or empty.
std::string header_name_problem(std::string_view name) {
  if (!is_token(name)) {
    // Appended, not `"\"" + std::string(name)`: GCC 12 -O3 warns falsely (-Wrestrict) on that.
    std::string problem = "\"";
    problem += name;
    problem += "\" is not a header name";
    return problem;
  }
  if (is_reserved_header(name)) {
    return std::string(name) + " is set by the client itself and cannot be given";
  }
  return {};
}

// The rendered headers as sent, or the error naming the header (never its value).
Result<Headers, std::string> headers_of(const Value& rendered) {
  Headers out;
  if (rendered.is_null()) return out;
  if (!rendered.is_object()) {
    return "must be an object of header names to values, not " +
           std::string(expr::describe_kind(rendered));
  }
  for (const auto& [name, value] : rendered.as_object()) {
    if (auto problem = header_name_problem(name); !problem.empty()) return problem;
    if (value.is_null()) continue;  // an optional header left out
    auto text = scalar_text(value);
    if (!text) {
      return "the value of header " + name + " is " + std::string(expr::describe_kind(value)) +
             ", not a string";
    }
    if (auto problem = header_value_problem(*text); !problem.empty()) {
      return "the value of header " + name + " " + std::string(problem) + ": refused";
    }
    out.emplace_back(name, std::move(*text));
  }
  return out;
}

class HttpFunction final : public pipeline::UnitFunction {
 public:
  explicit HttpFunction(HttpStep step) : step_(std::move(step)) {}

  bool is_async() const override { return true; }
  // http.send; an `http` step only reads, and reads run in a dry run too.
  bool simulates_writes() const override { return step_.flavour == Flavour::write; }

  boost::asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    // Everything before the call is rendered by plain functions, so the frame that waits for
    // the upstream keeps only the call: a list of a hundred items waits in a hundred of them.
    Prepared call;
    if (std::optional<StepOutcome> refused = prepare(context, call)) co_return std::move(*refused);
    if (step_.batch) {
      co_return co_await run_batched(context, *call.client, std::move(call.request),
                                     std::move(call.target), call.query);
    }
    if (std::optional<StepOutcome> done = finish_request(context, call)) {
      co_return std::move(*done);
    }
    co_return answer(context, call.target, co_await call.client->call(std::move(call.request)));
  }

  // The items' calls sent together and waited for in one frame; a step with a batch form
  // goes through its queue item by item, which merges the calls anyway.
  boost::asio::awaitable<void> run_batch_async(std::span<StepContext* const> contexts,
                                               std::span<StepOutcome> out) const override {
    if (step_.batch || contexts.size() == 1) {
      co_await UnitFunction::run_batch_async(contexts, out);
      co_return;
    }
    std::vector<Prepared> calls(contexts.size());
    std::vector<std::size_t> sending;  // the items whose call goes out
    sending.reserve(contexts.size());
    for (std::size_t i = 0; i < contexts.size(); ++i) {
      if (std::optional<StepOutcome> refused = prepare(*contexts[i], calls[i])) {
        out[i] = std::move(*refused);
      } else if (std::optional<StepOutcome> done = finish_request(*contexts[i], calls[i])) {
        out[i] = std::move(*done);
      } else {
        sending.push_back(i);
      }
    }
    // The items of one request share its clients; items of another client (none, unless the
    // contexts came from different requests) go in a call_many of their own. Identical GETs of
    // the batch (posts asking for the same author) go out as one call that answers them all.
    const bool reads = step_.method == Method::get || step_.method == Method::head;
    while (!sending.empty()) {
      Client* client = calls[sending.front()].client;
      std::vector<std::size_t> these;    // the items of this client
      std::vector<std::size_t> call_of;  // for each of `these`, its call in `requests`
      std::vector<std::size_t> others;
      these.reserve(sending.size());
      call_of.reserve(sending.size());
      std::vector<Request> requests;
      requests.reserve(sending.size());  // never reallocated: `by_target` views their targets
      std::unordered_map<std::string_view, std::size_t> by_target;
      for (std::size_t i : sending) {
        if (calls[i].client != client) {
          others.push_back(i);
          continue;
        }
        these.push_back(i);
        Request& request = calls[i].request;
        if (reads) {
          if (auto found = by_target.find(request.target); found != by_target.end()) {
            Request& same = requests[found->second];
            if (same_call(same, request)) {
              ++same.callers;
              call_of.push_back(found->second);
              continue;
            }
          }
        }
        call_of.push_back(requests.size());
        requests.push_back(std::move(request));
        if (reads) by_target.try_emplace(requests.back().target, requests.size() - 1);
      }
      std::vector<Result<Response, CallError>> responses =
          co_await client->call_many(std::move(requests));
      for (std::size_t m = 0; m < these.size(); ++m) {
        const std::size_t i = these[m];
        out[i] = answer(*contexts[i], calls[i].target, responses[call_of[m]]);
      }
      sending = std::move(others);
    }
  }

 private:
  // A call rendered from the step's templates, not yet sent.
  struct Prepared {
    Client* client = nullptr;
    Request request;
    std::string target;  // the path, joined to the base URL's; the query goes on later
    Object query;
  };

  // Renders the step into `call`; an outcome when the step ends here (a template that fails,
  // no client).
  std::optional<StepOutcome> prepare(StepContext& context, Prepared& call) const {
    const DatasourceConfig& datasource = *step_.datasource;
    call.client = datasources::client_for<Client>(context, datasource);
    if (call.client == nullptr) return datasources::no_client(datasource);

    auto path = step_.path.render(context.scope);
    if (!path) return StepOutcome::key_error("path", path.error().message);
    if (!(*path)->is_string()) {
      return StepOutcome::key_error(
          "path", "must be a string, not " + std::string(expr::describe_kind(**path)));
    }
    auto target = join_path(call.client->settings().base.prefix, (*path)->as_string());
    if (!target) return StepOutcome::key_error("path", target.error());
    call.target = std::move(*target);

    if (step_.query) {
      auto rendered = step_.query->render(context.scope);
      if (!rendered) return StepOutcome::key_error("query", rendered.error().message);
      if ((*rendered)->is_object()) {
        Value object = std::move(*rendered).take();
        call.query = std::move(object.as_object());
      } else if (!(*rendered)->is_null()) {
        return StepOutcome::key_error(
            "query", "must be an object, not " + std::string(expr::describe_kind(**rendered)));
      }
    }

    Request& request = call.request;
    request.method = step_.method;
    request.requester = context.info != nullptr ? context.info->context : nullptr;
    if (step_.headers) {
      auto rendered = step_.headers->render(context.scope);
      if (!rendered) return StepOutcome::key_error("headers", rendered.error().message);
      auto headers = headers_of(**rendered);
      if (!headers) return StepOutcome::key_error("headers", headers.error());
      request.headers = std::move(*headers);
    }
    if (step_.body) {
      auto rendered = step_.body->render(context.scope);
      if (!rendered) return StepOutcome::key_error("body", rendered.error().message);
      write_json(request.body, **rendered);
    }
    return std::nullopt;
  }

  // Puts the query on the target; under --dry, records a write instead of sending it.
  std::optional<StepOutcome> finish_request(StepContext& context, Prepared& call) const {
    auto encoded = encode_query(call.query);
    if (!encoded) return StepOutcome::key_error("query", encoded.error());
    call.request.target = with_query(call.target, *encoded);
    if (context.dry != nullptr && step_.flavour == Flavour::write) {
      context.dry->record(describe_call(call.client->settings().base, call.request));
      return StepOutcome::next(Value());
    }
    return std::nullopt;
  }

  // The step's result from the upstream's answer to the call on `target`.
  StepOutcome answer(StepContext& context, const std::string& target,
                     const Result<Response, CallError>& response) const {
    const DatasourceConfig& datasource = *step_.datasource;
    const auto call_name = [&] { return std::string(method_name(step_.method)) + " " + target; };
    if (!response) {
      return datasources::failure(context, datasource, failure_of(response.error().kind),
                                  call_name() + ": " + response.error().message);
    }
    if (!is_expected(response->status, step_.expect)) {
      return datasources::failure(context, datasource, datasources::Failure::rejected,
                                  call_name() + " → " + std::to_string(response->status));
    }
    auto body = read_body(*response);
    if (!body) {
      return datasources::failure(context, datasource, datasources::Failure::rejected,
                                  call_name() + ": " + body.error());
    }
    return StepOutcome::next(select(std::move(*body), step_.select));
  }

  boost::asio::awaitable<StepOutcome> run_batched(StepContext& context, Client& client,
                                                  Request request, std::string target,
                                                  const Object& query) const {
    const BatchSpec& batch = *step_.batch;
    BatchCall call;
    call.form.path = std::move(target);
    call.form.key_name = encode_component(batch.key);
    Object before;
    Object after;
    const Value* key = nullptr;
    for (const auto& member : query) {
      if (key == nullptr && member.first == batch.key) {
        key = &member.second;
      } else {
        (key == nullptr ? before : after).push_back(member);
      }
    }
    // No key, no item: nothing to ask for.
    if (key == nullptr || key->is_null()) co_return StepOutcome::next(Value{});
    auto key_text = scalar_text(*key);
    if (!key_text) {
      co_return StepOutcome::key_error("query", batch.key + " (the batch key) is " +
                                                    std::string(expr::describe_kind(*key)) +
                                                    ", not a string or number");
    }
    auto encoded_before = encode_query(before);
    if (!encoded_before) co_return StepOutcome::key_error("query", encoded_before.error());
    auto encoded_after = encode_query(after);
    if (!encoded_after) co_return StepOutcome::key_error("query", encoded_after.error());
    call.form.before = std::move(*encoded_before);
    call.form.after = std::move(*encoded_after);
    call.request = std::move(request);
    call.key = std::move(*key_text);
    call.key_path = batch.key_path;
    call.select = step_.select;
    call.expect = step_.expect;
    call.max_keys = batch.max;
    auto item = co_await client.call_batched(std::move(call));
    if (!item) {
      co_return datasources::failure(context, *step_.datasource, failure_of(item.error().kind),
                                     item.error().message);
    }
    co_return StepOutcome::next(std::move(*item));
  }

  HttpStep step_;
};

// ---- Load time ------------------------------------------------------------------------------

bool read_method(StepArgs& args, Flavour flavour, HttpStep& step) {
  const bool reads = flavour == Flavour::read;
  auto word = args.word("method", reads ? Presence::optional : Presence::required);
  if (!word) return !args.has("method") && reads;
  const auto method = method_of(*word);
  const bool is_read = method == Method::get || method == Method::head;
  if (!method) {
    args.error("method", "must be GET, HEAD, POST, PUT, PATCH or DELETE, not \"" + *word + "\"");
    return false;
  }
  if (reads && !is_read) {
    args.error("method", *word + " changes data: use `http.send` for POST, PUT, PATCH and DELETE");
    return false;
  }
  if (!reads && is_read) {
    args.error("method", *word + " only reads: use `http` for GET and HEAD");
    return false;
  }
  step.method = *method;
  return true;
}

bool read_path(StepArgs& args, HttpStep& step) {
  auto path = args.value("path", Presence::required);
  if (!path) return false;
  if (path->is_constant()) {
    auto rendered = path->render(expr::Scope{});
    if (!rendered || !(*rendered)->is_string()) {
      args.error("path",
                 "must be a string that starts with \"/\", such as \"/users/{{ args.id }}\"");
      return false;
    }
    if (auto joined = join_path("", (*rendered)->as_string()); !joined) {
      args.error("path", joined.error());
      return false;
    }
  }
  step.path = std::move(*path);
  return true;
}

bool read_query(StepArgs& args, HttpStep& step) {
  if (!args.has("query")) return true;
  auto query = args.value("query", Presence::required);
  if (!query) return false;
  if (query->is_constant()) {
    auto rendered = query->render(expr::Scope{});
    if (rendered && (*rendered)->is_object()) {
      if (auto encoded = encode_query((*rendered)->as_object()); !encoded) {
        args.error("query", encoded.error());
        return false;
      }
    } else if (!rendered || !(*rendered)->is_null()) {
      args.error("query", "must be a mapping of parameter names to values");
      return false;
    }
  }
  step.query = std::move(*query);
  return true;
}

bool read_headers(StepArgs& args, HttpStep& step) {
  if (!args.has("headers")) return true;
  auto headers = args.value("headers", Presence::required);
  if (!headers) return false;
  bool ok = true;
  if (auto names = headers->keys()) {
    for (const std::string& name : *names) {
      if (auto problem = header_name_problem(name); !problem.empty()) {
        args.error("headers", problem);
        ok = false;
      }
    }
  } else if (headers->is_constant()) {
    args.error("headers", "must be a mapping of header names to values");
    return false;
  }
  if (ok && headers->is_constant()) {
    auto rendered = headers->render(expr::Scope{});
    if (rendered) {
      if (auto checked = headers_of(**rendered); !checked) {
        args.error("headers", checked.error());
        ok = false;
      }
    }
  }
  if (ok) step.headers = std::move(*headers);
  return ok;
}

bool read_body(StepArgs& args, HttpStep& step) {
  if (!args.has("body")) return true;
  if (step.method == Method::get || step.method == Method::head) {
    args.error("body", "is not allowed with " + std::string(method_name(step.method)) +
                           ": send a body with http.send (POST, PUT, PATCH or DELETE)");
    return false;
  }
  step.body = args.value("body", Presence::required);
  return step.body.has_value();
}

bool read_expect(StepArgs& args, HttpStep& step) {
  if (!args.has("expect")) return true;
  auto expect = args.value("expect", Presence::required);
  if (!expect) return false;
  const auto wrong = [&] {
    args.error("expect", "must be a status or a list of statuses (100 to 599), such as [200, 404]");
    return false;
  };
  if (!expect->is_constant()) return wrong();
  auto rendered = expect->render(expr::Scope{});
  if (!rendered) return wrong();
  List statuses = (*rendered)->is_list() ? (*rendered)->as_list() : List{**rendered};
  if (statuses.empty()) return wrong();
  for (const Value& status : statuses) {
    if (!status.is_int() || status.as_int() < 100 || status.as_int() > 599) return wrong();
    step.expect.push_back(static_cast<unsigned>(status.as_int()));
  }
  return true;
}

bool read_select(StepArgs& args, HttpStep& step) {
  if (!args.has("select")) return true;
  auto text = args.word("select", Presence::required);
  if (!text) return false;
  auto path = parse_select(*text);
  if (!path || path->empty()) {
    args.error("select", "must be a dotted path such as data.items");
    return false;
  }
  step.select = std::move(*path);
  return true;
}

bool read_batch(StepArgs& args, HttpStep& step) {
  if (!args.has("batch")) return true;
  auto batch = args.mapping("batch", Presence::required, {"key", "path", "max"});
  if (batch == nullptr) return false;
  if (step.method != Method::get) {
    args.error("batch", "is for GET calls only");
    return false;
  }
  BatchSpec spec;
  auto key = batch->word("key", Presence::required);
  auto path = batch->word("path", Presence::required);
  if (!key || !path) return false;
  auto key_path = parse_select(*path);
  if (!key_path || key_path->empty()) {
    batch->error("path", "must be a dotted path into each item, such as id or user.id");
    return false;
  }
  if (batch->has("max")) {
    auto max = batch->integer("max", Presence::required, 1, kMaxBatchMax);
    if (!max) return false;
    spec.max = static_cast<std::size_t>(*max);
  }
  const auto names = step.query ? step.query->keys() : std::nullopt;
  if (!step.query || (names && std::find(names->begin(), names->end(), *key) == names->end())) {
    batch->error("key", "\"" + *key + "\" must be a parameter of the step's query, such as " +
                            "query: { " + *key + ": \"{{ source.userId }}\" }");
    return false;
  }
  spec.key = std::move(*key);
  spec.key_path = std::move(*key_path);
  step.batch = std::move(spec);
  return true;
}

std::unique_ptr<pipeline::UnitFunction> build(StepArgs& args, Flavour flavour) {
  HttpStep step;
  step.flavour = flavour;
  // Until `method` is read: the default of each function, so that later checks read sensibly.
  step.method = flavour == Flavour::read ? Method::get : Method::post;
  step.datasource = args.datasource();
  if (step.datasource == nullptr) {
    args.error("", "needs an http datasource");
    return nullptr;
  }
  // Each reader reports its own problems; all run, so that one load shows every mistake.
  bool ok = read_method(args, flavour, step);
  ok = read_path(args, step) && ok;
  ok = read_query(args, step) && ok;
  ok = read_headers(args, step) && ok;
  ok = read_body(args, step) && ok;
  ok = read_expect(args, step) && ok;
  ok = read_select(args, step) && ok;
  ok = read_batch(args, step) && ok;
  if (!ok) return nullptr;
  return std::make_unique<HttpFunction>(std::move(step));
}

}  // namespace

std::vector<pipeline::FunctionSpec> http_functions() {
  std::vector<pipeline::FunctionSpec> out;
  out.push_back(pipeline::FunctionSpec{
      .name = "http",
      .summary = "GET (or HEAD) a JSON service's `path` on an http datasource; the parsed "
                 "response, or its `select`ed part.",
      .effect = pipeline::Effect::reads,
      .result = pipeline::ResultKind::any,
      // `body` is read to say why it is refused: a GET carries none.
      .keys = {"method", "path", "query", "headers", "body", "expect", "select", "batch"},
      .datasource = DatasourceKind::http,
      .build = [](StepArgs& args) { return build(args, Flavour::read); },
  });
  out.push_back(pipeline::FunctionSpec{
      .name = "http.send",
      .summary = "POST, PUT, PATCH or DELETE to a JSON service on an http datasource, with a "
                 "JSON `body`; the parsed response.",
      .effect = pipeline::Effect::writes,
      .result = pipeline::ResultKind::any,
      .keys = {"method", "path", "query", "headers", "body", "expect", "select"},
      .datasource = DatasourceKind::http,
      .build = [](StepArgs& args) { return build(args, Flavour::write); },
  });
  return out;
}

}  // namespace stashql::http_client
