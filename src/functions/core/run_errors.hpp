// How the core functions word their run-time errors. The runtime puts the pipeline file and
// the step (with its function's name) before the message, so a message names only the key
// whose value went wrong and what went wrong: "where: cannot read "x" of a string (item.x)".
#pragma once

#include <string_view>

#include <stashql/unit_function.hpp>
#include <stashql/value.hpp>

namespace stashql::functions {

// A run-time error in the value of a step's key: "<key>: <message>".
pipeline::StepOutcome key_error(std::string_view key, std::string_view message);

}  // namespace stashql::functions
