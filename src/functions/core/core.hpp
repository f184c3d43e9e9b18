// The core unit functions: the steps that shape data and guard a pipeline without touching a
// backend (set, return, fail, append_error, filter, map, sort, paginate, auth). Each lives in
// its own file; the registry (src/functions/registry.cpp) lists them. docs/functions.md is
// their reference for pipeline authors.
#pragma once

#include <stashql/unit_function.hpp>

namespace stashql::functions {

pipeline::FunctionSpec set_function();           // the rendered `value`
pipeline::FunctionSpec return_function();        // ends the pipeline with `value`
pipeline::FunctionSpec fail_function();          // fails the field with `error`
pipeline::FunctionSpec append_error_function();  // adds `error` and goes on
pipeline::FunctionSpec filter_function();        // the items for which `where` holds
pipeline::FunctionSpec map_function();           // `value` rendered for each item
pipeline::FunctionSpec sort_function();          // the items ordered `by` keys
pipeline::FunctionSpec paginate_function();      // one page and a nextToken
pipeline::FunctionSpec auth_function();          // who may go on

}  // namespace stashql::functions
