// The operator commands on the blog demo (pipelines/blog) with its real backends — a
// redis-server loaded with the demo's seed, the post bodies in a scratch folder, nginx as the
// comments service — run in-process as `stashql …` would run them, colour off. Each output is
// compared with a golden file under tests/integration/golden/ (times, ids, clocks and ports
// replaced by placeholders); STASHQL_UPDATE_GOLDEN=1 rewrites them. And the promise of --dry:
// a mutation run dry leaves Redis, the blob folder and the HTTP service's request log as they
// were, while the trace shows every write it would have made.
#include "cli/cli.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include <stashql/json.hpp>

#include "nginx_server.hpp"
#include "redis_server.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

namespace fs = std::filesystem;

const fs::path kBlog = fs::path(STASHQL_SOURCE_DIR) / "pipelines/blog";
const fs::path kGolden = fs::path(STASHQL_SOURCE_DIR) / "tests/integration/golden";

const std::string kCreate = R"({"input": {"title": "Dry", "body": "# Nothing is kept"}})";
const std::string kAda = R"({"sub": "ada", "username": "ada"})";

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

class CliOnBlog : public ::testing::Test {
 protected:
  CliOnBlog() : comments_(kBlog / "data/http") {
    redis_.load(kBlog / "data/seed.redis");
    fs::copy(kBlog / "data/blobs", blobs_.path(), fs::copy_options::recursive);
    // The commands read the app's ${VAR}s from the process environment, as the binary does.
    set("REDIS_URL", redis_.url());
    set("BLOG_BLOBS", blobs_.path().string());
    set("COMMENTS_URL", comments_.url());
  }
  ~CliOnBlog() override {
    for (const auto& [name, previous] : saved_) {
      if (previous) {
        ::setenv(name.c_str(), previous->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }

  void set(const std::string& name, const std::string& value) {
    const char* previous = std::getenv(name.c_str());
    saved_.emplace(name, previous != nullptr ? std::optional<std::string>(previous) : std::nullopt);
    ::setenv(name.c_str(), value.c_str(), 1);
  }

  Outcome stashql(std::vector<std::string> args) {
    args.emplace_back("-c");
    args.push_back((kBlog / "stashql.yaml").string());
    std::ostringstream out;
    std::ostringstream err;
    const int code = cli::run(args, out, err);
    return Outcome{code, out.str(), err.str()};
  }

  // What changes from run to run, and from machine to machine, as placeholders.
  std::string normalize(std::string text) const {
    auto replace_all = [&](const std::string& from, const std::string& to) {
      for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
        text.replace(at, from.size(), to);
    };
    replace_all(comments_.url(), "<comments>");
    replace_all(redis_.url(), "<redis>");
    replace_all(blobs_.path().string(), "<blobs>");
    replace_all((kBlog / "stashql.yaml").string(), "<blog>/stashql.yaml");
    static const std::regex kDuration(R"(\b[0-9]+(\.[0-9]+)? (ms|s)\b)");
    static const std::regex kJsonMs(R"("ms": [0-9.e+-]+)");
    static const std::regex kUuid(
        R"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    // Clocks of this run: today's timestamps (the seed's dates are fixed, and earlier).
    const std::time_t now = std::time(nullptr);
    char today[16];
    std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&now));
    const std::regex kNow(std::string(today) + R"(T[0-9:.]*Z?)");  // whole, or cut short
    static const std::regex kEtag(R"(\b[0-9a-f]+-[0-9a-f]{16}-[0-9a-f]+\b)");
    static const std::regex kMillis(R"(\b1[0-9]{12}\b)");
    text = std::regex_replace(text, kDuration, "<time>");
    text = std::regex_replace(text, kJsonMs, R"("ms": <time>)");
    text = std::regex_replace(text, kUuid, "<uuid>");
    text = std::regex_replace(text, kNow, "<now>");
    text = std::regex_replace(text, kEtag, "<etag>");
    text = std::regex_replace(text, kMillis, "<millis>");
    return text;
  }

  // Compares a command's outcome with tests/integration/golden/<name>.txt.
  void expect_golden(const std::string& name, const std::vector<std::string>& args,
                     const Outcome& r) {
    std::string shown = "$ stashql";
    for (const std::string& a : args)
      shown += " " + (a.find_first_of(" {\"") == std::string::npos ? a : "'" + a + "'");
    const std::string text = normalize(shown + "\n--- exit " + std::to_string(r.code) +
                                       "\n--- stdout\n" + r.out + "--- stderr\n" + r.err);
    const fs::path file = kGolden / (name + ".txt");
    if (const char* update = std::getenv("STASHQL_UPDATE_GOLDEN"); update && *update == '1') {
      std::ofstream(file, std::ios::binary) << text;
      return;
    }
    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in) << file << " is missing: run with STASHQL_UPDATE_GOLDEN=1 to write it";
    std::ostringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(text, expected.str()) << "golden file " << file;
  }

  Outcome golden(const std::string& name, const std::vector<std::string>& args) {
    Outcome r = stashql(args);
    expect_golden(name, args, r);
    return r;
  }

  // Every key with its serialized value: equal snapshots hold equal data.
  std::map<std::string, std::string> redis_snapshot() const {
    std::map<std::string, std::string> out;
    std::istringstream keys(redis_.call({"KEYS", "*"}));
    for (std::string key; std::getline(keys, key);) {
      if (!key.empty()) out[key] = redis_.call({"DUMP", key});
    }
    return out;
  }

  // Every file and folder under the blob root, with the files' contents.
  std::map<std::string, std::string> folder_snapshot() const {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(blobs_.path())) {
      std::string content = "<folder>";
      if (entry.is_regular_file()) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        content = std::move(text).str();
      }
      out[fs::relative(entry.path(), blobs_.path()).string()] = std::move(content);
    }
    return out;
  }

  testing::RedisServer redis_;
  testing::NginxServer comments_;
  test_support::TempDir blobs_;
  std::map<std::string, std::optional<std::string>> saved_;
};

TEST_F(CliOnBlog, RunTracesAReadPipeline) {
  golden("run_post", {"run", "Query.post", "--args", R"({"id": "p02"})"});
}

TEST_F(CliOnBlog, RunTracesAsJson) {
  const Outcome r =
      golden("run_post_json", {"run", "Query.post", "--args", R"({"id": "p02"})", "--json"});
  EXPECT_TRUE(parse_json(r.out).has_value()) << r.out;
}

TEST_F(CliOnBlog, RunTracesAFieldOfAnObjectTypeWithItsSource) {
  golden("run_author", {"run", "Post.author", "--source", R"({"id": "p04", "userId": "grace"})"});
}

TEST_F(CliOnBlog, RunShowsFunctionCallsStepByStep) {
  golden("run_posts", {"run", "Query.posts", "--args", R"({"limit": 3})"});
}

TEST_F(CliOnBlog, RunOfAMutationWithoutAnIdentityFailsAtItsAuthStep) {
  const Outcome r =
      golden("run_create_anonymous", {"run", "Mutation.createPost", "--args", kCreate, "--dry"});
  EXPECT_EQ(r.code, cli::kResponseErrors);
}

TEST_F(CliOnBlog, RunUsageErrorsExitTwo) {
  EXPECT_EQ(golden("run_unknown_field", {"run", "Query.postz"}).code, cli::kBadUsage);
  EXPECT_EQ(golden("run_missing_argument", {"run", "Query.post"}).code, cli::kBadUsage);
  EXPECT_EQ(golden("run_bad_json", {"run", "Query.post", "--args", "{id: p02}"}).code,
            cli::kBadUsage);
}

TEST_F(CliOnBlog, QueryTracesEveryPipelineThatRan) {
  golden("query_trace",
         {"query", "{ posts(limit: 2) { items { title author { name } comments { author } } } }",
          "--trace"});
}

TEST_F(CliOnBlog, QueryWithErrorsExitsOne) {
  EXPECT_EQ(golden("query_syntax_error", {"query", "{ posts(limit: 2) { items { title } }"}).code,
            cli::kResponseErrors);
}

TEST_F(CliOnBlog, SchemaPrintsTheSdl) {
  golden("schema_sdl", {"schema", "--sdl"});
}

TEST_F(CliOnBlog, SchemaPrintsTheIntrospectionResult) {
  const Outcome r = stashql({"schema", "--introspection"});
  ASSERT_EQ(r.code, cli::kOk) << r.err;
  auto parsed = parse_json(r.out);
  ASSERT_TRUE(parsed.has_value());
  const Value* types = parsed->find("data")->find("__schema")->find("types");
  ASSERT_NE(types, nullptr);
  bool post = false;
  for (const Value& t : types->as_list())
    post = post || t.find("name")->as_string() == "Post";
  EXPECT_TRUE(post);
}

TEST_F(CliOnBlog, ADryRunOfAMutationWritesNothingAndShowsEveryWrite) {
  stashql({"query", "{ post(id: \"p01\") { title } }"});  // the connections are made
  const auto redis_before = redis_snapshot();
  const std::string dbsize = redis_.call({"DBSIZE"});
  const auto folder_before = folder_snapshot();
  const std::string log_before = comments_.request_log();

  const std::vector<std::string> args = {
      "run", "Mutation.createPost", "--args", kCreate, "--identity", kAda, "--dry"};
  const Outcome r = golden("run_create_dry", args);
  EXPECT_EQ(r.code, cli::kOk) << r.out << r.err;
  const std::string trace = normalize(r.out);
  for (const std::string& write : {
           std::string("would write  PUT blob posts/<uuid>.md on blobs (17 bytes"),
           std::string("would write  HSET post:<uuid> id <uuid> title Dry userId ada"),
           std::string("would write  ZADD posts <millis> <uuid>"),
           std::string("would write  ZADD user:ada:posts <millis> <uuid>"),
           std::string("would write  POST <comments>/threads"),
       }) {
    EXPECT_NE(trace.find(write), std::string::npos) << write << "\n" << trace;
  }
  EXPECT_NE(trace.find("5 writes intercepted"), std::string::npos) << trace;

  // The same through `stashql query --dry`.
  const Outcome q = golden(
      "query_create_dry",
      {"query", "mutation ($input: CreatePostInput!) { createPost(input: $input) { title } }",
       "--variables", kCreate, "--identity", kAda, "--dry"});
  EXPECT_EQ(q.code, cli::kOk) << q.out << q.err;

  EXPECT_EQ(redis_.call({"DBSIZE"}), dbsize);
  EXPECT_EQ(redis_snapshot(), redis_before);
  EXPECT_EQ(folder_snapshot(), folder_before);
  EXPECT_EQ(comments_.request_log(), log_before);

  // Run for real, the same command writes all of it.
  const Outcome real =
      stashql({"run", "Mutation.createPost", "--args", kCreate, "--identity", kAda});
  EXPECT_EQ(real.code, cli::kOk) << real.out << real.err;
  EXPECT_NE(redis_snapshot(), redis_before);
  EXPECT_NE(folder_snapshot(), folder_before);
  EXPECT_NE(comments_.request_log().find("POST /threads"), std::string::npos);
}

}  // namespace
}  // namespace stashql
