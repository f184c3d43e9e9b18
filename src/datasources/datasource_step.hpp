// What the unit functions of every datasource kind share at run time: finding the step's
// client among the request's Backends, and turning a backend failure into the field error a
// client sees — a code and the datasource's name, never a host, a path or a password (those
// go to the operator's log under the request id the error carries).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <stashql/backends.hpp>
#include <stashql/datasource.hpp>
#include <stashql/unit_function.hpp>

namespace stashql::datasources {

// The client of `datasource` for this request, as the concrete client type; nullptr when the
// run has no backends (then `no_client` says so).
template <class Client>
Client* client_for(const pipeline::StepContext& context, const DatasourceConfig& datasource) {
  if (context.backends == nullptr) return nullptr;
  return dynamic_cast<Client*>(context.backends->find(datasource.index));
}

pipeline::StepOutcome no_client(const DatasourceConfig& datasource);

enum class Failure : std::uint8_t {
  unavailable,  // cannot connect, connection lost: code DatasourceUnavailable
  timeout,      // no answer in time: code DatasourceTimeout
  rejected,     // the backend answered with an error (a Redis error reply, an unexpected HTTP
                // status, a blob too large): code DatasourceError
};

// Fails the field: `Datasource "main" is unavailable.` with extensions {code, datasource} and
// the request id of the log line that holds `detail` (RequestContext::internal_error).
pipeline::StepOutcome failure(const pipeline::StepContext& context,
                              const DatasourceConfig& datasource, Failure kind,
                              std::string_view detail);

}  // namespace stashql::datasources
