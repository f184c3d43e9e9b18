// The unit functions of the `file` datasource: blob.get, blob.put, blob.delete and
// blob.list. docs/blobs.md is their reference for pipeline authors.
#pragma once

#include <vector>

#include <stashql/unit_function.hpp>

namespace stashql::file {

std::vector<pipeline::FunctionSpec> blob_functions();

}  // namespace stashql::file
