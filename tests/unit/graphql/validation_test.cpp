// Validation: the document-level rules and the machinery shared by all rules.
#include "unit/graphql/validation_test_support.hpp"

namespace stashql::validation_test {
namespace {

TEST(Validation, AcceptsAValidQuery) {
  EXPECT_EQ(errors("{ dog { name } }"), Errors{});
}

}  // namespace
}  // namespace stashql::validation_test
