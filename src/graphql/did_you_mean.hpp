// "Did you mean …?" suggestions for load-time and execution messages. One implementation
// serves every layer: validation's, in graphql-js's exact order and wording.
#pragma once

#include "graphql/validation/suggestions.hpp"

namespace stashql {

using validation::did_you_mean;
using validation::suggestion_list;

}  // namespace stashql
