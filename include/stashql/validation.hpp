// Validation of an executable document against a schema: every rule of spec §5 (October
// 2021), with graphql-js's messages and locations, so clients see what they would see from
// any reference server. Runs once per distinct query text (results are cached).
#pragma once

#include <cstddef>
#include <vector>

#include <stashql/ast.hpp>
#include <stashql/error.hpp>
#include <stashql/schema.hpp>

namespace stashql {

struct ValidationLimits {
  std::size_t max_errors = 100;  // stop after this many (graphql-js's default)
};

// All rules of spec §5 (graphql-js's specifiedRules). An empty result means valid.
std::vector<GraphQLError> validate(const Schema& schema, const ast::Document& document,
                                   ValidationLimits limits = {});

}  // namespace stashql
