// Batching without sockets: the one GET a batch becomes, and how its response is shared out.
#include "datasources/http/http_batch.hpp"

#include <gtest/gtest.h>

#include <stashql/json.hpp>

#include "unit/functions/function_test_support.hpp"

namespace stashql::http_client {
namespace {

using functions::testing::json;

TEST(HttpBatch, TheKeyIsRepeatedInOrderWhereTheStepPutIt) {
  const BatchForm form{"/api/users", "", "id", ""};
  EXPECT_EQ(batch_target(form, {"1", "2", "3"}), "/api/users?id=1&id=2&id=3");
  const BatchForm around{"/users", "active=true", "user%20id", "limit=5"};
  EXPECT_EQ(batch_target(around, {"a b", "c&d"}),
            "/users?active=true&user%20id=a%20b&user%20id=c%26d&limit=5");
}

TEST(HttpBatch, EachKeyGetsTheItemHoldingItComparedAsText) {
  const Value response = json(R"([{"id": 3, "n": "c"}, {"id": "1", "n": "a"},
                                  {"user": {"id": 2}}, {"id": 1, "n": "second a"}])");
  auto items = spread_by_key(response, {"id"}, {"1", "2", "3", "4"});
  ASSERT_TRUE(items.has_value()) << items.error();
  ASSERT_EQ(items->size(), 4u);
  EXPECT_EQ(to_json((*items)[0]), R"({"id":"1","n":"a"})");
  EXPECT_TRUE((*items)[1].is_null());  // its id is under user.id, not id
  EXPECT_EQ(to_json((*items)[2]), R"({"id":3,"n":"c"})");
  EXPECT_TRUE((*items)[3].is_null());

  auto nested = spread_by_key(response, {"user", "id"}, {"2"});
  ASSERT_TRUE(nested.has_value());
  EXPECT_EQ(to_json((*nested)[0]), R"({"user":{"id":2}})");
}

TEST(HttpBatch, AResponseThatIsNotAListIsAnError) {
  auto items = spread_by_key(json(R"({"id": 1})"), {"id"}, {"1"});
  ASSERT_FALSE(items.has_value());
  EXPECT_NE(items.error().find("not a list"), std::string::npos);
}

}  // namespace
}  // namespace stashql::http_client
