// Execution of a validated operation (spec §6): variable and argument coercion, field
// collection with fragments and @skip/@include, resolvers, abstract types (named by a
// `__typename` property), result coercion, null propagation with error paths, mutation
// fields in order and sibling fields concurrently.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <stashql/ast.hpp>
#include <stashql/error.hpp>
#include <stashql/resolver.hpp>
#include <stashql/result.hpp>
#include <stashql/schema.hpp>
#include <stashql/value.hpp>

namespace stashql {

// What execution can keep of a document between requests: the fields collected and the
// arguments coerced wherever no variable is involved. The engine keeps one with each cached
// document. Opaque; used by one thread at a time, always with the same schema and resolvers.
class PlanCache;
std::shared_ptr<PlanCache> make_plan_cache();

struct ExecutionRequest {
  const Schema* schema = nullptr;
  const ast::Document* document = nullptr;
  const ast::OperationDefinition* operation = nullptr;  // chosen with select_operation()
  const Value* variables = nullptr;                     // as sent: an object, or nullptr for none
  const Value* root_value = nullptr;  // parent of the root fields; nullptr = empty object
  const Resolvers* resolvers = nullptr;
  RequestContext* context = nullptr;
  PlanCache* plan_cache = nullptr;  // optional: plans of this document kept between requests
};

struct ExecutionOutcome {
  // False when the request failed before execution (variable coercion): the response has
  // errors and no "data" (GraphQL over HTTP answers 400 then).
  bool data_present = true;
};

// Picks the operation to run (spec §6.1 GetOperation): by name, or the only one.
Result<const ast::OperationDefinition*, GraphQLError> select_operation(
    const ast::Document& document, std::string_view operation_name);

// Coerces the request's variables against the operation's definitions (spec §6.1.2).
Result<Value, std::vector<GraphQLError>> coerce_variables(const Schema& schema,
                                                          const ast::OperationDefinition& operation,
                                                          const Value* variables);

// Executes the operation and appends the whole response, `{"data":…}` or
// `{"errors":[…],"data":…}`, to `out`. Subtrees with no async resolver run without
// suspending; async resolvers of sibling fields run concurrently on the caller's executor.
boost::asio::awaitable<ExecutionOutcome> execute(const ExecutionRequest& request, std::string& out);

// For tools and tests: runs execute() to completion on a private io_context.
ExecutionOutcome execute_blocking(const ExecutionRequest& request, std::string& out);

}  // namespace stashql
