// Shared values (Value::shared): one parsed upstream response is handed to every caller that
// shares the call, so a caller's change must never show in another caller's copy, and reading
// a shared value must give exactly what reading the plain one gives.
#include <utility>

#include <gtest/gtest.h>

#include <stashql/json.hpp>
#include <stashql/value.hpp>

namespace stashql {
namespace {

Value parse(std::string_view text) {
  auto r = parse_json(text);
  EXPECT_TRUE(r.has_value()) << text;
  return r.has_value() ? *r : Value{};
}

constexpr std::string_view kPost =
    R"({"id":1,"title":"Hi","tags":["a","b"],"author":{"name":"Ada","age":36},"draft":false})";

TEST(SharedValue, ReadsAsThePlainValueDoes) {
  const Value plain = parse(kPost);
  const Value shared = Value::shared(parse(kPost));
  EXPECT_TRUE(shared.is_shared());
  EXPECT_FALSE(plain.is_shared());
  EXPECT_EQ(shared.kind(), Kind::object);
  EXPECT_TRUE(shared.is_object());
  EXPECT_EQ(shared.find("id")->as_int(), 1);
  EXPECT_EQ(shared.find("title")->as_string(), "Hi");
  EXPECT_EQ(shared.find("tags")->as_list().size(), 2U);
  EXPECT_EQ(shared.find("author")->find("name")->as_string(), "Ada");
  EXPECT_FALSE(shared.find("draft")->as_bool());
  EXPECT_EQ(shared.find("missing"), nullptr);
  EXPECT_EQ(to_json(shared), to_json(plain));
  EXPECT_EQ(shared, plain);
  EXPECT_EQ(plain, shared);
}

TEST(SharedValue, ScalarsShareToo) {
  const Value s = Value::shared(Value("text"));
  EXPECT_TRUE(s.is_string());
  EXPECT_EQ(s.as_string(), "text");
  const Value n = Value::shared(Value(2.5));
  EXPECT_TRUE(n.is_number());
  EXPECT_DOUBLE_EQ(n.as_number(), 2.5);
  EXPECT_TRUE(Value::shared(Value()).is_null());
  EXPECT_EQ(Value::shared(Value(1)), Value(1.0));  // 1 and 1.0 are the same number
}

TEST(SharedValue, CopiesShareOneTree) {
  const Value shared = Value::shared(parse(kPost));
  const Value copy = shared;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_TRUE(copy.is_shared());
  // Both read the very same members: nothing was copied.
  EXPECT_EQ(&copy.as_object(), &shared.as_object());
  // Sharing a shared value again is the same handle, not a handle to a handle.
  const Value again = Value::shared(copy);
  EXPECT_EQ(&again.as_object(), &shared.as_object());
}

TEST(SharedValue, AChangeToACopyLeavesTheOthersAlone) {
  const Value shared = Value::shared(parse(kPost));
  Value mine = shared;
  mine["title"] = Value("Changed");
  mine.find("author")->as_object().emplace_back("email", Value("ada@example.org"));
  mine["tags"].as_list().push_back(Value("c"));
  mine.as_object().emplace_back("extra", Value(true));
  EXPECT_FALSE(mine.is_shared());
  EXPECT_EQ(to_json(shared), kPost);
  EXPECT_EQ(to_json(mine),
            R"({"id":1,"title":"Changed","tags":["a","b","c"],)"
            R"("author":{"name":"Ada","age":36,"email":"ada@example.org"},"draft":false,)"
            R"("extra":true})");
  EXPECT_NE(mine, shared);
}

TEST(SharedValue, AChangeCopiesOneLevelAndSharesTheRest) {
  const Value shared = Value::shared(parse(kPost));
  Value mine = shared;
  mine["id"] = Value(2);
  // The members that were not changed still read the shared tree.
  const Value& author = *std::as_const(mine).find("author");
  EXPECT_TRUE(author.is_shared());
  EXPECT_EQ(&author.as_object(), &shared.find("author")->as_object());
}

TEST(SharedValue, OutlivesTheValueItCameFrom) {
  Value member;
  {
    const Value shared = Value::shared(parse(kPost));
    Value mine = shared;
    member = std::move(*mine.find("author"));  // a handle into the shared tree
  }
  EXPECT_EQ(to_json(member), R"({"name":"Ada","age":36})");
}

TEST(SharedValue, ListsCompareItemByItem) {
  const Value plain = parse(R"([{"a":1},[2,3],"x"])");
  Value mixed = Value::shared(parse(R"([{"a":1},[2,3],"x"])"));
  mixed.as_list();  // unshared at the top: the items are handles now
  EXPECT_TRUE(mixed.as_list()[0].is_shared());
  EXPECT_EQ(mixed, plain);
  EXPECT_NE(mixed, parse(R"([{"a":1},[2,4],"x"])"));
}

TEST(SharedValue, ANullBecomesAnObjectWhenAMemberIsSet) {
  Value v = Value::shared(Value());
  v["a"] = Value(1);
  EXPECT_EQ(to_json(v), R"({"a":1})");
}

}  // namespace
}  // namespace stashql
