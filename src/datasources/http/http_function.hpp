// The unit functions of http datasources: `http` (GET and HEAD: reads) and `http.send` (POST,
// PUT, PATCH and DELETE: writes). One implementation; two names, because a function has one
// effect and `stashql run --dry` must intercept every write. docs/http.md is their reference.
#pragma once

#include <vector>

#include <stashql/unit_function.hpp>

namespace stashql::http_client {

std::vector<pipeline::FunctionSpec> http_functions();

}  // namespace stashql::http_client
