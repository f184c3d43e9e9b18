// `${VAR}` expansion and the typed, error-collecting YAML reader.
#include "pipeline/config.hpp"

#include <map>

#include <gtest/gtest.h>

namespace stashql::config {
namespace {

Environment env_of(std::map<std::string, std::string, std::less<>> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ExpandEnv, ReplacesSetVariables) {
  auto r = expand_env("redis://${HOST}:${PORT}/0", env_of({{"HOST", "db"}, {"PORT", "6379"}}));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, "redis://db:6379/0");
}

TEST(ExpandEnv, DefaultWhenUnsetOrEmpty) {
  const Environment env = env_of({{"EMPTY", ""}, {"SET", "x"}});
  EXPECT_EQ(*expand_env("${MISSING:-127.0.0.1:4000}", env), "127.0.0.1:4000");
  EXPECT_EQ(*expand_env("${EMPTY:-d}", env), "d");
  EXPECT_EQ(*expand_env("${SET:-d}", env), "x");
  EXPECT_EQ(*expand_env("${MISSING:-}", env), "");
}

TEST(ExpandEnv, UnsetVariableWithoutDefaultIsAnError) {
  auto r = expand_env("key: ${SECRET}", env_of({}));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("SECRET is not set"), std::string::npos) << r.error().message;
}

TEST(ExpandEnv, EmptyButSetVariableWithoutDefaultIsEmpty) {
  EXPECT_EQ(*expand_env("[${EMPTY}]", env_of({{"EMPTY", ""}})), "[]");
}

TEST(ExpandEnv, DollarDollarBraceIsLiteral) {
  EXPECT_EQ(*expand_env("cost: $$5 and $${HOME}", env_of({})), "cost: $$5 and ${HOME}");
}

TEST(ExpandEnv, MalformedReferencesAreErrors) {
  EXPECT_FALSE(expand_env("${UNCLOSED", env_of({})).has_value());
  EXPECT_FALSE(expand_env("${}", env_of({})).has_value());
  EXPECT_FALSE(expand_env("${1ABC}", env_of({})).has_value());
  EXPECT_FALSE(expand_env("${A-B}", env_of({})).has_value());
}

TEST(ExpandEnv, TextWithoutReferencesIsUnchanged) {
  EXPECT_EQ(*expand_env("plain $ text {}", env_of({})), "plain $ text {}");
}

TEST(Reader, ReportsUnknownAndDuplicateKeysWithLocations) {
  const Environment env = env_of({});
  Reader reader("app.yaml", env);
  const YAML::Node root = YAML::Load("listen: x\nthreds: 2\nlisten: y\n");
  reader.check_keys(root, {"listen", "threads"}, "the configuration");
  ASSERT_EQ(reader.errors().size(), 2U);
  EXPECT_EQ(reader.errors()[0].format(),
            "app.yaml:2:1: unknown key \"threds\" in the configuration (expected one of: listen, "
            "threads)");
  EXPECT_EQ(reader.errors()[1].format(),
            "app.yaml:3:1: duplicate key \"listen\" in the configuration");
}

TEST(Reader, TypedScalarsExpandVariables) {
  const Environment env = env_of({{"N", "8"}});
  Reader reader("app.yaml", env);
  const YAML::Node root = YAML::Load("threads: ${N}\non: true\nt: 2.5\n");
  EXPECT_EQ(reader.integer(root["threads"], "threads", 1, 64), 8);
  EXPECT_EQ(reader.boolean(root["on"], "on"), true);
  EXPECT_EQ(reader.number(root["t"], "t", 0, 10), 2.5);
  EXPECT_TRUE(reader.errors().empty());
}

TEST(Reader, WrongTypesAreReportedAtTheValue) {
  const Environment env = env_of({});
  Reader reader("app.yaml", env);
  const YAML::Node root = YAML::Load("threads: many\ngraphiql: maybe\nlisten: [1, 2]\n");
  EXPECT_EQ(reader.integer(root["threads"], "threads", 1, 64), std::nullopt);
  EXPECT_EQ(reader.boolean(root["graphiql"], "graphiql"), std::nullopt);
  EXPECT_EQ(reader.string(root["listen"], "listen"), std::nullopt);
  ASSERT_EQ(reader.errors().size(), 3U);
  EXPECT_EQ(reader.errors()[0].format(),
            "app.yaml:1:10: threads must be an integer from 1 to 64, not \"many\"");
  EXPECT_EQ(reader.errors()[1].format(),
            "app.yaml:2:11: graphiql must be true or false, not \"maybe\"");
  EXPECT_EQ(reader.errors()[2].format(), "app.yaml:3:9: listen must be a string");
}

TEST(Reader, OutOfRangeIntegersAreErrors) {
  const Environment env = env_of({});
  Reader reader("app.yaml", env);
  const YAML::Node root = YAML::Load("threads: 0\n");
  EXPECT_EQ(reader.integer(root["threads"], "threads", 1, 64), std::nullopt);
  EXPECT_EQ(reader.errors().size(), 1U);
}

TEST(Reader, StringsAcceptOneOrAList) {
  const Environment env = env_of({});
  Reader reader("app.yaml", env);
  const YAML::Node root = YAML::Load("one: a.graphql\nmany:\n  - a.graphql\n  - b.graphql\n");
  auto one = reader.strings(root["one"], "schema");
  auto many = reader.strings(root["many"], "schema");
  ASSERT_TRUE(one && many);
  EXPECT_EQ(one->size(), 1U);
  ASSERT_EQ(many->size(), 2U);
  EXPECT_EQ((*many)[1].first, "b.graphql");
  EXPECT_EQ((*many)[1].second, (Location{4, 5}));
}

TEST(Reader, UnsetVariableIsReportedAtTheValue) {
  const Environment env = env_of({});
  Reader reader("app.yaml", env);
  const YAML::Node root = YAML::Load("listen: \"${ADDR}\"\n");
  EXPECT_EQ(reader.string(root["listen"], "listen"), std::nullopt);
  ASSERT_EQ(reader.errors().size(), 1U);
  EXPECT_TRUE(reader.errors()[0].format().starts_with(
      "app.yaml:1:9: listen: environment variable ADDR is not set"))
      << reader.errors()[0].format();
}

}  // namespace
}  // namespace stashql::config
