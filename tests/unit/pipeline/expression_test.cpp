#include <gtest/gtest.h>

#include <stashql/expression.hpp>

TEST(Expression, Smoke) {
  auto e = stashql::expr::Expression::compile("1 + 2");
  ASSERT_TRUE(e.has_value());
}
