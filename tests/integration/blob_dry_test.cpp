// blob.put and blob.delete under `--dry` on a real folder: the folder is left byte for byte as
// it was (every file and folder listed before and after, temp files included), the lines the
// run records are exact, the results are the ones a real write would give (a put's shape, a
// delete's true or false from what is on disk), and a dry run fails where a real one would —
// a bad key, a key through a link outside the root, `only: absent` on an existing blob, a
// folder in the way, a missing root. Reads still read.
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <stashql/json.hpp>

#include "app_runner.hpp"
#include "dry_recorder.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSchema = R"(
scalar JSON
type Written { key: String! size: Int etag: String contentType: String modified: String }
type Query { get(key: String!): String }
type Mutation {
  put(key: String!, content: String!): Written
  create(key: String!, content: String!): Written
  delete(key: String!): Boolean
  "Puts, then reads the key back and shows what the put's step handed on."
  putThenRead(key: String!, content: String!): JSON
}
)";

constexpr std::pair<std::string_view, std::string_view> kPipelines[] = {
    {"Query.get", R"(
resolver: Query.get
steps:
  - use: blob.get
    key: "{{ args.key }}"
result: "{{ prev.result.content }}"
)"},
    {"Mutation.put", R"(
resolver: Mutation.put
steps:
  - use: blob.put
    key: "{{ args.key }}"
    content: "{{ args.content }}"
)"},
    {"Mutation.create", R"(
resolver: Mutation.create
steps:
  - use: blob.put
    key: "{{ args.key }}"
    content: "{{ args.content }}"
    only: absent
)"},
    {"Mutation.delete", R"(
resolver: Mutation.delete
steps:
  - use: blob.delete
    key: "{{ args.key }}"
)"},
    {"Mutation.putThenRead", R"(
resolver: Mutation.putThenRead
steps:
  - id: saved
    use: blob.put
    key: "{{ args.key }}"
    content: "{{ args.content }}"
  - id: stored
    use: blob.get
    key: "{{ args.key }}"
  - use: set
    value: { savedSize: "{{ stash.saved.size }}", stored: "{{ stash.stored.content }}" }
)"},
};

// Every file and folder under `root`, by relative path: a file's content, "<folder>" or
// "<link to …>". Hidden names (temp files) are listed too.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = fs::relative(entry.path(), root).string();
    if (entry.is_symlink()) {
      out[name] = "<link to " + fs::read_symlink(entry.path()).string() + ">";
    } else if (entry.is_directory()) {
      out[name] = "<folder>";
    } else {
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream content;
      content << in.rdbuf();
      out[name] = content.str();
    }
  }
  return out;
}

void write_file(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// An app whose `file` datasource `blobs` is a folder holding a few blobs; its queries run dry.
class BlobDry : public ::testing::Test {
 protected:
  void SetUp() override { start(root().string()); }

  void start(const std::string& root_setting) {
    runner_.reset();
    fs::create_directories(root());
    write_file(root() / "posts/a.md", "# A");
    write_file(root() / "posts/2024/b.md", "# B");
    write_file(root() / "notes.txt", "notes");
    dir_.write("schema.graphql", std::string(kSchema));
    for (const auto& [field, text] : kPipelines)
      dir_.write("pipelines/" + std::string(field) + ".yaml", std::string(text));
    const auto config = dir_.write("stashql.yaml",
                                   "schema: schema.graphql\npipelines: pipelines\ndatasources:\n"
                                   "  blobs:\n    kind: file\n    root: " +
                                       root_setting + "\n");
    runner_ = std::make_unique<testing::AppRunner>(config, test_support::env_of({}));
    runner_->observe(&recorder_);
  }

  fs::path root() const { return dir_.path() / "blobs"; }

  // The parsed response of one operation, run dry.
  Value run(std::string_view text, std::string_view variables = "{}") {
    auto parsed = parse_json(runner_->query(text, variables));
    EXPECT_TRUE(parsed.has_value());
    return parsed ? std::move(*parsed) : Value{};
  }

  static std::string code_of(const Value& response) {
    const Value* errors = response.find("errors");
    if (errors == nullptr || !errors->is_list() || errors->as_list().empty()) return "";
    const Value* extensions = errors->as_list()[0].find("extensions");
    const Value* code = extensions != nullptr ? extensions->find("code") : nullptr;
    return code != nullptr && code->is_string() ? code->as_string() : "(no code)";
  }

  test_support::TempDir dir_;
  testing::DryRecorder recorder_;
  std::unique_ptr<testing::AppRunner> runner_;
};

constexpr std::string_view kPut =
    R"(mutation($k: String!, $c: String!) { put(key: $k, content: $c) { key size etag contentType modified } })";
constexpr std::string_view kCreate =
    R"(mutation($k: String!, $c: String!) { create(key: $k, content: $c) { key size } })";
constexpr std::string_view kDelete = R"(mutation($k: String!) { delete(key: $k) })";

TEST_F(BlobDry, APutWritesNothingAndAnswersAsARealPutWould) {
  const auto before = snapshot(root());
  const Value response = run(kPut, R"({"k": "posts/new/1.md", "c": "hello"})");
  EXPECT_EQ(snapshot(root()), before);
  EXPECT_FALSE(fs::exists(root() / "posts/new"));
  EXPECT_EQ(recorder_.take(),
            std::vector<std::string>{"PUT blob posts/new/1.md on blobs (5 bytes, text/markdown)"});

  ASSERT_EQ(response.find("errors"), nullptr) << to_json(response);
  const Value& put = *response.find("data")->find("put");
  EXPECT_EQ(put.find("key")->as_string(), "posts/new/1.md");
  EXPECT_EQ(put.find("size")->as_int(), 5);
  EXPECT_EQ(put.find("contentType")->as_string(), "text/markdown; charset=utf-8");
  // The etag a put makes: size, time and inode in hex; the inode is not known unwritten.
  EXPECT_TRUE(std::regex_match(put.find("etag")->as_string(), std::regex(R"("5-[0-9a-f]+-0")")))
      << put.find("etag")->as_string();
  EXPECT_TRUE(std::regex_match(put.find("modified")->as_string(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << put.find("modified")->as_string();
}

TEST_F(BlobDry, APutOverAnExistingBlobLeavesItsContent) {
  const auto before = snapshot(root());
  const Value response = run(kPut, R"({"k": "posts/a.md", "c": "replaced, 2,000 times"})");
  EXPECT_EQ(response.find("errors"), nullptr) << to_json(response);
  EXPECT_EQ(snapshot(root()), before);
  EXPECT_EQ(recorder_.take(),
            std::vector<std::string>{"PUT blob posts/a.md on blobs (21 bytes, text/markdown)"});
}

TEST_F(BlobDry, ADryPutHasTheShapeOfARealOne) {
  const Value dry = run(kPut, R"({"k": "shape.json", "c": "{}"})");
  EXPECT_EQ(recorder_.take().size(), 1u);
  EXPECT_FALSE(fs::exists(root() / "shape.json"));
  runner_->observe(nullptr);
  const Value real = run(kPut, R"({"k": "shape.json", "c": "{}"})");
  EXPECT_TRUE(recorder_.take().empty());
  ASSERT_TRUE(fs::exists(root() / "shape.json"));
  const Value& a = *dry.find("data")->find("put");
  const Value& b = *real.find("data")->find("put");
  ASSERT_TRUE(a.is_object() && b.is_object()) << to_json(dry) << to_json(real);
  for (const char* field : {"key", "size", "contentType"})
    EXPECT_EQ(to_json(*a.find(field)), to_json(*b.find(field))) << field;
  for (const char* field : {"etag", "modified"}) {
    EXPECT_TRUE(a.find(field)->is_string()) << field;
    EXPECT_TRUE(b.find(field)->is_string()) << field;
  }
}

TEST_F(BlobDry, OnlyAbsentReadsWhetherTheBlobExistsAndConflictsAsARealPut) {
  const auto before = snapshot(root());
  const Value taken = run(kCreate, R"({"k": "posts/a.md", "c": "x"})");
  EXPECT_EQ(code_of(taken), "Conflict");
  EXPECT_NE(to_json(taken).find(R"(blob \"posts/a.md\" already exists)"), std::string::npos)
      << to_json(taken);
  EXPECT_TRUE(recorder_.take().empty());

  const Value free = run(kCreate, R"({"k": "posts/c.md", "c": "x"})");
  EXPECT_EQ(to_json(*free.find("data")), R"({"create":{"key":"posts/c.md","size":1}})");
  EXPECT_EQ(recorder_.take(),
            std::vector<std::string>{"PUT blob posts/c.md on blobs (1 byte, text/markdown)"});
  EXPECT_EQ(snapshot(root()), before);
}

TEST_F(BlobDry, AFolderOrABlobInTheWayConflictsAsARealPut) {
  const auto before = snapshot(root());
  EXPECT_EQ(code_of(run(kPut, R"({"k": "posts", "c": "x"})")), "Conflict");
  EXPECT_EQ(code_of(run(kPut, R"({"k": "notes.txt/inside", "c": "x"})")), "Conflict");
  EXPECT_EQ(code_of(run(kCreate, R"({"k": "posts/2024", "c": "x"})")), "Conflict");
  EXPECT_TRUE(recorder_.take().empty());
  EXPECT_EQ(snapshot(root()), before);
}

TEST_F(BlobDry, ADeleteRemovesNothingAndSaysWhetherABlobWasThere) {
  const auto before = snapshot(root());
  EXPECT_EQ(to_json(run(kDelete, R"({"k": "posts/a.md"})")), R"({"data":{"delete":true}})");
  EXPECT_EQ(to_json(run(kDelete, R"({"k": "posts/none.md"})")), R"({"data":{"delete":false}})");
  EXPECT_EQ(to_json(run(kDelete, R"({"k": "missing/folder/x"})")), R"({"data":{"delete":false}})");
  EXPECT_EQ(to_json(run(kDelete, R"({"k": "posts/2024"})")), R"({"data":{"delete":false}})");
  EXPECT_EQ(recorder_.take(), (std::vector<std::string>{
                                  "DELETE blob posts/a.md on blobs",
                                  "DELETE blob posts/none.md on blobs",
                                  "DELETE blob missing/folder/x on blobs",
                                  "DELETE blob posts/2024 on blobs",
                              }));
  EXPECT_EQ(snapshot(root()), before);
}

TEST_F(BlobDry, KeysAreCheckedAsInARealRun) {
  const fs::path outside = dir_.path() / "outside";
  fs::create_directories(outside);
  write_file(outside / "secret.txt", "secret");
  fs::create_directory_symlink(outside, root() / "link");
  const auto before = snapshot(root());
  const auto outside_before = snapshot(outside);

  EXPECT_EQ(code_of(run(kPut, R"({"k": "../escape.txt", "c": "x"})")), "BadRequest");
  EXPECT_EQ(code_of(run(kPut, R"({"k": "link/secret.txt", "c": "x"})")), "BadRequest");
  EXPECT_EQ(code_of(run(kPut, R"({"k": "link/new/x.txt", "c": "x"})")), "BadRequest");
  EXPECT_EQ(code_of(run(kDelete, R"({"k": "link/secret.txt"})")), "BadRequest");
  EXPECT_EQ(code_of(run(kDelete, R"({"k": "/etc/passwd"})")), "BadRequest");
  EXPECT_TRUE(recorder_.take().empty());
  EXPECT_EQ(snapshot(root()), before);
  EXPECT_EQ(snapshot(outside), outside_before);
}

TEST_F(BlobDry, ReadsStillReadAndTheNextStepsSeeTheSimulatedResult) {
  const auto before = snapshot(root());
  const Value response =
      run(R"(mutation($k: String!, $c: String!) { putThenRead(key: $k, content: $c) })",
          R"({"k": "posts/a.md", "c": "a new text"})");
  // The put handed on its size; the get read the blob that is still on disk.
  EXPECT_EQ(to_json(response), R"({"data":{"putThenRead":{"savedSize":10,"stored":"# A"}}})");
  EXPECT_EQ(recorder_.take(),
            std::vector<std::string>{"PUT blob posts/a.md on blobs (10 bytes, text/markdown)"});
  EXPECT_EQ(snapshot(root()), before);
  EXPECT_EQ(to_json(run(R"({ get(key: "posts/2024/b.md") })")), R"({"data":{"get":"# B"}})");
}

TEST_F(BlobDry, AMissingRootIsUnavailableAsInARealRun) {
  start((dir_.path() / "no-such-folder").string());
  EXPECT_EQ(code_of(run(kPut, R"({"k": "a.txt", "c": "x"})")), "DatasourceUnavailable");
  EXPECT_EQ(code_of(run(kDelete, R"({"k": "a.txt"})")), "DatasourceUnavailable");
  EXPECT_TRUE(recorder_.take().empty());
  EXPECT_FALSE(fs::exists(dir_.path() / "no-such-folder"));
}

}  // namespace
}  // namespace stashql
