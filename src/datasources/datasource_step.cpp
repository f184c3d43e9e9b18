// The shared run-time wording of datasource failures (see datasource_step.hpp).
#include "datasources/datasource_step.hpp"

#include <utility>

namespace stashql::datasources {

pipeline::StepOutcome no_client(const DatasourceConfig& datasource) {
  std::string text = "datasource \"";
  text += datasource.name;
  text += "\" has no client in this run";
  return pipeline::StepOutcome::error(std::move(text));
}

pipeline::StepOutcome failure(const pipeline::StepContext& context,
                              const DatasourceConfig& datasource, Failure kind,
                              std::string_view detail) {
  std::string message = "Datasource \"";
  message += datasource.name;
  std::string_view code;
  switch (kind) {
    case Failure::unavailable:
      message += "\" is unavailable.";
      code = "DatasourceUnavailable";
      break;
    case Failure::timeout:
      message += "\" did not answer in time.";
      code = "DatasourceTimeout";
      break;
    case Failure::rejected:
      message += "\" refused the request.";
      code = "DatasourceError";
      break;
  }
  Value extensions = Object{};
  RequestContext* request = context.info != nullptr ? context.info->context : nullptr;
  if (request != nullptr) {
    std::string logged = "datasource ";
    logged += datasource.name;
    logged += ": ";
    logged += detail;
    Value ids = request->internal_error(logged);
    if (ids.is_object()) extensions = std::move(ids);
  }
  extensions["code"] = std::string(code);
  extensions["datasource"] = datasource.name;
  return pipeline::StepOutcome::fail(FieldError{std::move(message), std::move(extensions)});
}

}  // namespace stashql::datasources
