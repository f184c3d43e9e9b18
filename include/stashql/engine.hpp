// The engine: one GraphQL request from query text to response JSON. It owns the document
// cache (query text -> parsed and validated document, LRU), so the same query is parsed and
// validated once. An Engine is used by one thread; each server thread has its own, sharing
// the immutable schema, resolvers and root value.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <stashql/ast.hpp>
#include <stashql/error.hpp>
#include <stashql/execution.hpp>
#include <stashql/parser.hpp>
#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>
#include <stashql/validation.hpp>
#include <stashql/value.hpp>

namespace stashql {

// A query text parsed and validated once; shared by the cache and in-flight requests.
struct PreparedDocument {
  ast::Document document;
  std::vector<GraphQLError> errors;  // syntax or validation errors; empty = executable
  std::shared_ptr<PlanCache> plans;  // execution plans kept between requests (valid documents)
};

// Everything an engine needs; immutable and shared between threads.
struct EngineConfig {
  std::shared_ptr<const Schema> schema;
  std::shared_ptr<const Resolvers> resolvers;
  std::shared_ptr<const Value> root_value;  // {"query": {…}, "mutation": {…}} or null
  ParseLimits parse_limits;
  ValidationLimits validation_limits;
  std::size_t document_cache_entries = 1024;
};

struct GraphQLRequest {
  std::string_view query;
  std::string_view operation_name;   // empty = the only operation
  const Value* variables = nullptr;  // object or nullptr
};

// A request prepared for execution: the cached document and the selected operation, or the
// errors that stop it (syntax, validation, unknown operation).
struct PreparedRequest {
  std::shared_ptr<const PreparedDocument> document;
  const ast::OperationDefinition* operation = nullptr;
  std::vector<GraphQLError> errors;  // non-empty = a request error: respond without data

  bool ok() const { return errors.empty() && operation != nullptr; }
};

class Engine {
 public:
  explicit Engine(std::shared_ptr<const EngineConfig> config);

  // Parses and validates through the cache, then selects the operation.
  PreparedRequest prepare(std::string_view query, std::string_view operation_name);

  // Executes a prepared request and appends the response JSON to `out`. A request that did
  // not prepare writes its errors (no "data").
  boost::asio::awaitable<ExecutionOutcome> execute(const PreparedRequest& request,
                                                   const Value* variables, RequestContext* context,
                                                   std::string& out);

  // prepare() + execute() on a private io_context, for tools and tests.
  ExecutionOutcome run(const GraphQLRequest& request, RequestContext* context, std::string& out);

  const EngineConfig& config() const { return *config_; }
  std::size_t cached_documents() const { return lru_.size(); }

 private:
  std::shared_ptr<const PreparedDocument> lookup(std::string_view query);

  std::shared_ptr<const EngineConfig> config_;
  // LRU: most recent at the front; the map's keys view the list's strings.
  using Entry = std::pair<std::string, std::shared_ptr<const PreparedDocument>>;
  std::list<Entry> lru_;
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
};

// Writes a response with errors only: {"errors":[…]}.
void write_errors_response(std::string& out, const std::vector<GraphQLError>& errors);

}  // namespace stashql
