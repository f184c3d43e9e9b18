// The engine: query text -> response JSON through the document cache (an LRU of parsed and
// validated documents keyed by the query text, invalid ones included, so a client repeating a
// bad query costs a hash lookup), operation selection and execution.
#include <exception>
#include <utility>

#include <stashql/engine.hpp>

#include "graphql/run_blocking.hpp"

namespace stashql {

namespace asio = boost::asio;

Engine::Engine(std::shared_ptr<const EngineConfig> config) : config_(std::move(config)) {}

std::shared_ptr<const PreparedDocument> Engine::lookup(std::string_view query) {
  if (auto it = index_.find(query); it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);  // most recently used first
    return it->second->second;
  }
  auto prepared = std::make_shared<PreparedDocument>();
  auto parsed = parse(query, config_->parse_limits);
  if (!parsed) {
    prepared->errors.push_back(GraphQLError{parsed.error().message, {parsed.error().loc}, {}, {}});
  } else {
    prepared->document = std::move(*parsed);
    prepared->errors = validate(*config_->schema, prepared->document, config_->validation_limits);
    if (prepared->errors.empty()) prepared->plans = make_plan_cache();
  }
  if (config_->document_cache_entries == 0) return prepared;
  lru_.emplace_front(std::string(query), prepared);
  index_.emplace(lru_.front().first, lru_.begin());
  while (lru_.size() > config_->document_cache_entries) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
  return prepared;
}

PreparedRequest Engine::prepare(std::string_view query, std::string_view operation_name) {
  PreparedRequest request;
  request.document = lookup(query);
  if (!request.document->errors.empty()) {
    request.errors = request.document->errors;
    return request;
  }
  auto operation = select_operation(request.document->document, operation_name);
  if (!operation) {
    request.errors.push_back(operation.error());
    return request;
  }
  request.operation = *operation;
  return request;
}

asio::awaitable<ExecutionOutcome> Engine::execute(const PreparedRequest& request,
                                                  const Value* variables, RequestContext* context,
                                                  std::string& out) {
  if (!request.ok()) {
    write_errors_response(out, request.errors);
    co_return ExecutionOutcome{false};
  }
  const Value* root_value = nullptr;  // none: the root fields' parent is an empty object
  if (config_->root_value) {
    root_value = config_->root_value->find(ast::operation_keyword(request.operation->operation));
  }
  ExecutionRequest execution;
  execution.schema = config_->schema.get();
  execution.document = &request.document->document;
  execution.operation = request.operation;
  execution.variables = variables;
  execution.root_value = root_value;
  execution.resolvers = config_->resolvers.get();
  execution.context = context;
  execution.plan_cache = request.document->plans.get();
  co_return co_await stashql::execute(execution, out);
}

ExecutionOutcome Engine::run(const GraphQLRequest& request, RequestContext* context,
                             std::string& out) {
  PreparedRequest prepared = prepare(request.query, request.operation_name);
  return detail::run_blocking(execute(prepared, request.variables, context, out));
}

}  // namespace stashql
