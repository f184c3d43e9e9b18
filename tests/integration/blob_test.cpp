// blob.get, blob.put, blob.delete and blob.list on a real folder: round trips (a 16 MB blob
// byte for byte), paging, the limits, every way a key could reach outside the root (`..`,
// absolute paths, NUL, a symbolic link to a folder outside) refused with nothing created
// outside, atomic writes that a concurrent reader never sees half-done, disk failures that
// never show the root's path, and file I/O kept off the event-loop thread.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <gtest/gtest.h>

#include <stashql/json.hpp>

#include "app_runner.hpp"
#include "datasources/file/blob_store.hpp"
#include "pipeline/base64.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSchema = R"(
scalar JSON
type Blob { key: String! content: JSON size: Int etag: String contentType: String modified: String }
type Written { key: String! size: Int etag: String contentType: String }
type Page { items: [Blob!]! nextToken: String }
type Query {
  get(key: String!): Blob
  getBase64(key: String!): Blob
  getJson(key: String!): Blob
  list(prefix: String, limit: Int, nextToken: String): Page
  "A write in a query, so that writes and reads run side by side in one operation."
  putNow(key: String!, content: String!): Written
}
type Mutation {
  put(key: String!, content: String!): Written
  putBase64(key: String!, content: String!): Written
  putJson(key: String!, value: JSON): Written
  create(key: String!, content: String!): Written
  delete(key: String!): Boolean
}
)";

struct PipelineFile {
  std::string_view field;
  std::string_view step;
};

constexpr PipelineFile kPipelines[] = {
    {"Query.get", "use: blob.get\n    key: \"{{ args.key }}\""},
    {"Query.getBase64", "use: blob.get\n    key: \"{{ args.key }}\"\n    encoding: base64"},
    {"Query.getJson", "use: blob.get\n    key: \"{{ args.key }}\"\n    encoding: json"},
    {"Query.list",
     "use: blob.list\n    prefix: \"{{ args.prefix }}\"\n    limit: \"{{ args.limit }}\"\n"
     "    nextToken: \"{{ args.nextToken }}\""},
    {"Query.putNow",
     "use: blob.put\n    key: \"{{ args.key }}\"\n    content: \"{{ args.content }}\""},
    {"Mutation.put",
     "use: blob.put\n    key: \"{{ args.key }}\"\n    content: \"{{ args.content }}\""},
    {"Mutation.putBase64",
     "use: blob.put\n    key: \"{{ args.key }}\"\n    content: \"{{ args.content }}\"\n"
     "    encoding: base64"},
    {"Mutation.putJson",
     "use: blob.put\n    key: \"{{ args.key }}\"\n    content: \"{{ args.value }}\"\n"
     "    encoding: json"},
    {"Mutation.create",
     "use: blob.put\n    key: \"{{ args.key }}\"\n    content: \"{{ args.content }}\"\n"
     "    only: absent"},
    {"Mutation.delete", "use: blob.delete\n    key: \"{{ args.key }}\""},
};

// An app whose one `file` datasource is `root` (by default a folder inside the app's own
// scratch folder, so that "outside the root" is a place the test can look at).
class BlobApp {
 public:
  explicit BlobApp(std::string root_setting = "", std::string extra_settings = "") {
    root_ = dir_.path() / "blobs";
    fs::create_directories(root_);
    if (root_setting.empty()) root_setting = root_.string();
    dir_.write("schema.graphql", std::string(kSchema));
    for (const PipelineFile& p : kPipelines) {
      dir_.write(
          "pipelines/" + std::string(p.field) + ".yaml",
          "resolver: " + std::string(p.field) + "\nsteps:\n  - " + std::string(p.step) + "\n");
    }
    const auto config =
        dir_.write("stashql.yaml",
                   "schema: schema.graphql\npipelines: pipelines\ndatasources:\n  blobs:\n"
                   "    kind: file\n    root: " +
                       root_setting + "\n" + extra_settings);
    runner_ = std::make_unique<testing::AppRunner>(config, test_support::env_of({}));
  }

  // The parsed response of one operation.
  Value run(std::string_view text, const Value& variables = Object{}) {
    auto parsed = parse_json(runner_->query(text, to_json(variables)));
    if (!parsed) {
      ADD_FAILURE() << "the response is not JSON";
      return {};
    }
    return std::move(*parsed);
  }

  // `data.<field>` of an operation that must succeed.
  Value data(std::string_view text, const Value& variables = Object{}) {
    Value response = run(text, variables);
    EXPECT_EQ(response.find("errors"), nullptr) << to_json(response);
    const Value* data = response.find("data");
    if (data == nullptr || !data->is_object() || data->as_object().empty()) return {};
    return data->as_object().front().second;
  }

  Value put(std::string_view key, std::string_view content) {
    return data(
        "mutation($k: String!, $c: String!) { put(key: $k, content: $c) { key size etag "
        "contentType } }",
        vars(key, content));
  }
  Value get(std::string_view key) {
    return data(
        "query($k: String!) { get(key: $k) { key content size etag contentType modified } }",
        vars(key));
  }

  static Value vars(std::string_view key, std::string_view content = {}) {
    Value v = Object{};
    v["k"] = std::string(key);
    v["c"] = std::string(content);
    return v;
  }

  const fs::path& root() const { return root_; }
  const fs::path& app_dir() const { return dir_.path(); }
  testing::AppRunner& runner() { return *runner_; }
  file::Store& store() { return dynamic_cast<file::Store&>(*runner_->backends().find(0)); }

 private:
  test_support::TempDir dir_;
  fs::path root_;
  std::unique_ptr<testing::AppRunner> runner_;
};

std::string code_of(const Value& response) {
  const Value* errors = response.find("errors");
  if (errors == nullptr || !errors->is_list() || errors->as_list().empty()) return "no error";
  const Value* extensions = errors->as_list().front().find("extensions");
  const Value* code = extensions != nullptr ? extensions->find("code") : nullptr;
  return code != nullptr && code->is_string() ? code->as_string() : "no code";
}

std::string message_of(const Value& response) {
  const Value* errors = response.find("errors");
  if (errors == nullptr || !errors->is_list() || errors->as_list().empty()) return "";
  const Value* message = errors->as_list().front().find("message");
  return message != nullptr && message->is_string() ? message->as_string() : "";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every file and folder under `root`, relative, sorted.
std::vector<std::string> tree_of(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    out.push_back(fs::relative(entry.path(), root).string());
  std::sort(out.begin(), out.end());
  return out;
}

bool has_temp_files(const fs::path& root) {
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().filename().string().starts_with(file::kTempPrefix)) return true;
  }
  return false;
}

TEST(Blob, PutThenGetReturnsTheContentAndItsDescription) {
  BlobApp app;
  const Value written = app.put("notes/today.txt", "hello, blobs");
  EXPECT_EQ(written.find("key")->as_string(), "notes/today.txt");
  EXPECT_EQ(to_json(*written.find("size")), "12");
  EXPECT_EQ(written.find("contentType")->as_string(), "text/plain; charset=utf-8");
  const std::string etag = written.find("etag")->as_string();
  EXPECT_TRUE(etag.size() > 2 && etag.front() == '"' && etag.back() == '"') << etag;
  EXPECT_EQ(read_file(app.root() / "notes/today.txt"), "hello, blobs");

  const Value got = app.get("notes/today.txt");
  EXPECT_EQ(got.find("content")->as_string(), "hello, blobs");
  EXPECT_EQ(to_json(*got.find("size")), "12");
  EXPECT_EQ(got.find("etag")->as_string(), etag) << "a get describes what the put wrote";
  const std::string modified = got.find("modified")->as_string();
  EXPECT_EQ(modified.size(), 24u) << modified;  // 2026-11-23T15:32:29.123Z
  EXPECT_EQ(modified.back(), 'Z');
  EXPECT_EQ(modified[10], 'T');

  const Value again = app.put("notes/today.txt", "replaced");
  EXPECT_NE(again.find("etag")->as_string(), etag) << "a new write, a new etag";
  EXPECT_EQ(app.get("notes/today.txt").find("content")->as_string(), "replaced");
}

TEST(Blob, GetOfAnAbsentKeyOrAFolderIsNull) {
  BlobApp app;
  EXPECT_TRUE(app.get("nothing/here.txt").is_null());
  app.put("folder/inside.txt", "x");
  EXPECT_TRUE(app.get("folder").is_null());
  EXPECT_TRUE(app.get("folder/inside.txt/deeper").is_null());
}

TEST(Blob, DeleteRemovesTheBlobAndSaysWhetherThereWasOne) {
  BlobApp app;
  app.put("a/b.txt", "x");
  const std::string del = "mutation($k: String!) { delete(key: $k) }";
  EXPECT_EQ(to_json(app.data(del, BlobApp::vars("a/b.txt"))), "true");
  EXPECT_FALSE(fs::exists(app.root() / "a/b.txt"));
  EXPECT_TRUE(app.get("a/b.txt").is_null());
  EXPECT_EQ(to_json(app.data(del, BlobApp::vars("a/b.txt"))), "false");
  EXPECT_EQ(to_json(app.data(del, BlobApp::vars("never/was.txt"))), "false");
  EXPECT_EQ(to_json(app.data(del, BlobApp::vars("a"))), "false") << "a folder is not a blob";
  EXPECT_TRUE(fs::is_directory(app.root() / "a"));
}

TEST(Blob, ASixteenMegabyteBinaryBlobRoundTripsByteForByte) {
  BlobApp app;
  std::string bytes(16u << 20, '\0');
  std::mt19937 random(7);
  for (char& c : bytes)
    c = static_cast<char>(random() & 0xFFU);
  Value vars = BlobApp::vars("big/random.bin", base64_encode(bytes));
  const Value written = app.data(
      "mutation($k: String!, $c: String!) { putBase64(key: $k, content: $c) { size contentType } }",
      vars);
  EXPECT_EQ(to_json(*written.find("size")), std::to_string(bytes.size()));
  EXPECT_EQ(written.find("contentType")->as_string(), "application/octet-stream");
  EXPECT_TRUE(read_file(app.root() / "big/random.bin") == bytes) << "the file on disk";

  const Value got = app.data("query($k: String!) { getBase64(key: $k) { content size } }",
                             BlobApp::vars("big/random.bin"));
  auto decoded = base64_decode(got.find("content")->as_string());
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(*decoded == bytes) << "the content read back";
}

TEST(Blob, Utf8GetOfBinaryContentIsAnErrorSuggestingBase64) {
  BlobApp app;
  std::ofstream(app.root() / "image.png", std::ios::binary)
      << std::string("\x89PNG\r\n\x1a\n\xff", 9);
  const Value response = app.run(R"(query { get(key: "image.png") { content } })");
  EXPECT_EQ(code_of(response), "PipelineError");
  EXPECT_NE(message_of(response).find("encoding: base64"), std::string::npos)
      << message_of(response);
  const Value got = app.data(R"(query { getBase64(key: "image.png") { content contentType } })");
  EXPECT_EQ(got.find("content")->as_string(),
            base64_encode(std::string("\x89PNG\r\n\x1a\n\xff", 9)));
  EXPECT_EQ(got.find("contentType")->as_string(), "image/png");
}

TEST(Blob, JsonEncodingWritesValuesAsJsonAndReadsThemBack) {
  BlobApp app;
  Value vars = Object{};
  vars["k"] = "config/site.json";
  vars["v"] = *parse_json(R"({"title":"Hi","tags":["a","b"],"n":3})");
  const Value written = app.data(
      "mutation($k: String!, $v: JSON) { putJson(key: $k, value: $v) { contentType } }", vars);
  EXPECT_EQ(written.find("contentType")->as_string(), "application/json");
  EXPECT_EQ(read_file(app.root() / "config/site.json"), R"({"title":"Hi","tags":["a","b"],"n":3})");
  const Value got = app.data(R"(query { getJson(key: "config/site.json") { content } })");
  EXPECT_EQ(to_json(*got.find("content")), R"({"title":"Hi","tags":["a","b"],"n":3})");

  app.put("config/broken.json", "{not json");
  const Value broken = app.run(R"(query { getJson(key: "config/broken.json") { content } })");
  EXPECT_EQ(code_of(broken), "PipelineError");
  EXPECT_NE(message_of(broken).find("not valid JSON"), std::string::npos) << message_of(broken);
}

TEST(Blob, OnlyAbsentRefusesToReplaceAnExistingBlob) {
  BlobApp app;
  const std::string create =
      "mutation($k: String!, $c: String!) { create(key: $k, content: $c) { key } }";
  EXPECT_EQ(code_of(app.run(create, BlobApp::vars("once.txt", "first"))), "no error");
  const Value second = app.run(create, BlobApp::vars("once.txt", "second"));
  EXPECT_EQ(code_of(second), "Conflict");
  EXPECT_EQ(read_file(app.root() / "once.txt"), "first");
  EXPECT_FALSE(has_temp_files(app.root()));
}

TEST(Blob, ABlobOverMaxBytesIsRefusedAndNothingIsWritten) {
  BlobApp app("", "    max_bytes: 16\n");
  const Value response =
      app.run("mutation($k: String!, $c: String!) { put(key: $k, content: $c) { key } }",
              BlobApp::vars("new/too-big.txt", std::string(17, 'x')));
  EXPECT_EQ(code_of(response), "PayloadTooLarge");
  EXPECT_TRUE(tree_of(app.root()).empty()) << "no file, no temp file, no folder";
  EXPECT_EQ(code_of(app.run("mutation($k: String!, $c: String!) { put(key: $k, content: $c) { "
                            "key } }",
                            BlobApp::vars("new/fits.txt", std::string(16, 'x')))),
            "no error");

  // A file put there by other means is not read into memory either.
  std::ofstream(app.root() / "huge.txt") << std::string(100, 'y');
  EXPECT_EQ(code_of(app.run(R"(query { get(key: "huge.txt") { size } })")), "PayloadTooLarge");
}

TEST(Blob, ListPagesThroughEveryKeyInByteOrder) {
  BlobApp app;
  // '-' < '.' < '/' < '0': the order of keys, not of folders first.
  const std::vector<std::string> keys = {"a-1", "a.txt", "a/b", "a/c/d", "a/c/e", "a0", "b"};
  for (auto it = keys.rbegin(); it != keys.rend(); ++it)
    app.put(*it, "content of " + *it);

  std::vector<std::string> seen;
  Value token;
  int pages = 0;
  const std::string list =
      "query($t: String) { list(limit: 3, nextToken: $t) { items { key size contentType } "
      "nextToken } }";
  do {
    Value vars = Object{};
    vars["t"] = token;
    const Value page = app.data(list, vars);
    ++pages;
    for (const Value& item : page.find("items")->as_list())
      seen.push_back(item.find("key")->as_string());
    token = *page.find("nextToken");
  } while (!token.is_null() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, keys);

  const Value under = app.data(R"(query { list(prefix: "a/") { items { key } nextToken } })");
  EXPECT_EQ(to_json(under), R"({"items":[{"key":"a/b"},{"key":"a/c/d"},{"key":"a/c/e"}],)"
                            R"("nextToken":null})");
  const Value started = app.data(R"(query { list(prefix: "a") { items { key } } })");
  EXPECT_EQ(started.find("items")->as_list().size(), 6u);
  const Value none = app.data(R"(query { list(prefix: "zzz/") { items { key } nextToken } })");
  EXPECT_EQ(to_json(none), R"({"items":[],"nextToken":null})");
}

TEST(Blob, ListRefusesATamperedTokenAndALimitOverTheMaximum) {
  BlobApp app;
  for (const char* key : {"x1", "x2", "x3"})
    app.put(key, "x");
  const Value first = app.data(R"(query { list(limit: 1) { nextToken } })");
  std::string token = first.find("nextToken")->as_string();
  token[3] = token[3] == 'A' ? 'B' : 'A';
  Value vars = Object{};
  vars["t"] = token;
  EXPECT_EQ(
      code_of(app.run("query($t: String) { list(limit: 1, nextToken: $t) { nextToken } }", vars)),
      "BadRequest");
  EXPECT_EQ(code_of(app.run(R"(query { list(limit: 1001) { nextToken } })")), "BadRequest");
}

TEST(Blob, TempFilesAreNeverListed) {
  BlobApp app;
  app.put("a.txt", "x");
  std::ofstream(app.root() / ".stashql-tmp-leftover") << "half";
  const Value page = app.data(R"(query { list { items { key } } })");
  EXPECT_EQ(to_json(page), R"({"items":[{"key":"a.txt"}]})");
}

// Every function refuses each key that tries to leave the root, as the client's mistake,
// and nothing appears outside the root.
TEST(Blob, KeysThatLeaveTheRootAreRefusedByEveryFunction) {
  BlobApp app;
  const std::vector<std::string> attacks = {
      "../x",  "/etc/passwd", "a/../../x", std::string("x\0/../../y", 10),
      "..\\x", "a//b",        "./x",       ""};
  for (const std::string& key : attacks) {
    Value vars = BlobApp::vars(key, "pwned");
    EXPECT_EQ(code_of(app.run("query($k: String!) { get(key: $k) { key } }", vars)), "BadRequest")
        << "get " << key;
    EXPECT_EQ(code_of(app.run("mutation($k: String!, $c: String!) { put(key: $k, content: $c) "
                              "{ key } }",
                              vars)),
              "BadRequest")
        << "put " << key;
    EXPECT_EQ(code_of(app.run("mutation($k: String!) { delete(key: $k) }", vars)), "BadRequest")
        << "delete " << key;
  }
  for (const std::string prefix : {"../", "/etc/", "a/../../", "..", "x\\"}) {
    Value vars = Object{};
    vars["p"] = prefix;
    EXPECT_EQ(code_of(app.run("query($p: String) { list(prefix: $p) { nextToken } }", vars)),
              "BadRequest")
        << "list " << prefix;
  }
  const Value refused = app.run(R"(query { get(key: "../x") { key } })");
  EXPECT_NE(message_of(refused).find(".. segments"), std::string::npos) << message_of(refused);
  EXPECT_EQ(message_of(refused).find(app.root().string()), std::string::npos);
  EXPECT_TRUE(tree_of(app.root()).empty());
  EXPECT_FALSE(fs::exists(app.app_dir() / "x"));
  EXPECT_FALSE(fs::exists(app.app_dir() / "y"));
}

TEST(Blob, ASymlinkToAFolderOutsideTheRootLeadsNowhere) {
  BlobApp app;
  test_support::TempDir outside;  // under /tmp, not under the root
  outside.write("secret.txt", "top secret");
  fs::create_directory_symlink(outside.path(), app.root() / "link");
  fs::create_symlink(outside.path() / "secret.txt", app.root() / "secret-link.txt");

  for (const char* key : {"link/secret.txt", "secret-link.txt"}) {
    const Value got =
        app.run("query($k: String!) { get(key: $k) { content } }", BlobApp::vars(key));
    EXPECT_EQ(code_of(got), "BadRequest") << key;
    EXPECT_EQ(to_json(got).find("top secret"), std::string::npos);
    EXPECT_EQ(message_of(got).find(outside.path().string()), std::string::npos);
    EXPECT_EQ(code_of(app.run("mutation($k: String!) { delete(key: $k) }", BlobApp::vars(key))),
              "BadRequest")
        << key;
  }
  EXPECT_EQ(code_of(app.run("mutation($k: String!, $c: String!) { put(key: $k, content: $c) { "
                            "key } }",
                            BlobApp::vars("link/planted.txt", "pwned"))),
            "BadRequest");
  EXPECT_EQ(code_of(app.run("mutation($k: String!, $c: String!) { put(key: $k, content: $c) { "
                            "key } }",
                            BlobApp::vars("link/deeper/planted.txt", "pwned"))),
            "BadRequest");
  EXPECT_EQ(code_of(app.run(R"(query { list(prefix: "link/") { items { key } } })")), "BadRequest");
  // The listing of the root does not follow the link either.
  EXPECT_EQ(to_json(app.data(R"(query { list { items { key } } })")), R"({"items":[]})");

  EXPECT_EQ(tree_of(outside.path()), std::vector<std::string>{"secret.txt"});
  EXPECT_EQ(read_file(outside.path() / "secret.txt"), "top secret");
  EXPECT_TRUE(fs::is_symlink(app.root() / "secret-link.txt"));
}

TEST(Blob, ASymlinkThatStaysInsideTheRootIsFollowed) {
  BlobApp app;
  app.put("real/file.txt", "inside");
  fs::create_directory_symlink("real", app.root() / "alias");
  EXPECT_EQ(app.get("alias/file.txt").find("content")->as_string(), "inside");
}

TEST(Blob, AFolderInTheWayIsAConflict) {
  BlobApp app;
  app.put("a/b.txt", "x");
  const std::string put =
      "mutation($k: String!, $c: String!) { put(key: $k, content: $c) { key } }";
  EXPECT_EQ(code_of(app.run(put, BlobApp::vars("a", "x"))), "Conflict");
  EXPECT_EQ(code_of(app.run(put, BlobApp::vars("a/b.txt/c", "x"))), "Conflict");
  EXPECT_FALSE(has_temp_files(app.root()));
}

// A reader on another thread checks every version of the file it can open while puts replace
// it: it must always be one whole version, never a prefix or a mix.
TEST(Blob, AReaderNeverSeesAPartialWrite) {
  BlobApp app;
  const std::string first(1u << 20, 'a');
  const std::string second((1u << 20) + 7, 'b');
  app.put("doc.txt", first);
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0}, torn{0};
  std::thread reader([&] {
    while (!stop) {
      const std::string seen = read_file(app.root() / "doc.txt");
      if (seen != first && seen != second) ++torn;
      ++reads;
    }
  });
  for (int i = 0; i < 20; ++i)
    app.put("doc.txt", i % 2 == 0 ? second : first);
  // Reads and writes side by side on the pool, in one operation.
  Value vars = Object{};
  vars["a"] = first;
  vars["b"] = second;
  const Value both = app.run(
      "query($a: String!, $b: String!) { w1: putNow(key: \"doc.txt\", content: $b) { size } "
      "r1: get(key: \"doc.txt\") { size } w2: putNow(key: \"doc.txt\", content: $a) { size } "
      "r2: get(key: \"doc.txt\") { size } }",
      vars);
  stop = true;
  reader.join();
  EXPECT_EQ(code_of(both), "no error") << message_of(both);
  for (const char* alias : {"r1", "r2"}) {
    const Value* size = both.find("data")->find(alias)->find("size");
    EXPECT_TRUE(size->as_int() == static_cast<std::int64_t>(first.size()) ||
                size->as_int() == static_cast<std::int64_t>(second.size()));
  }
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(read_file(app.root() / "doc.txt"), first);
  EXPECT_FALSE(has_temp_files(app.root()));
  EXPECT_EQ(to_json(app.data(R"(query { list { items { key } } })")),
            R"({"items":[{"key":"doc.txt"}]})");
}

TEST(Blob, TheEventLoopThreadNeverTouchesTheDisk) {
  BlobApp app;
  std::mutex mutex;
  std::set<std::thread::id> threads;
  app.store().set_io_observer([&] {
    std::lock_guard lock(mutex);
    threads.insert(std::this_thread::get_id());
  });
  app.put("t/a.txt", "x");
  app.get("t/a.txt");
  app.data(R"(query { list { nextToken } })");
  app.data(R"(mutation { delete(key: "t/a.txt") })");

  // The caller resumes on its loop once the pool is done.
  bool done = false;
  std::thread::id resumed_on;
  boost::asio::co_spawn(
      app.runner().io(),
      [&]() -> boost::asio::awaitable<void> {
        auto key = file::BlobKey::parse("t/b.txt");
        co_await app.store().put(std::move(*key), "y", file::PutMode::replace);
        resumed_on = std::this_thread::get_id();
        done = true;
      },
      boost::asio::detached);
  app.runner().run_until(done);
  EXPECT_EQ(resumed_on, std::this_thread::get_id());

  std::lock_guard lock(mutex);
  EXPECT_FALSE(threads.empty());
  // AppRunner runs the event loop on this thread.
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
}

// What the datasource's check (for /readyz) says.
BackendHealth health_of(BlobApp& app) {
  bool done = false;
  BackendHealth health;
  boost::asio::co_spawn(
      app.runner().io(),
      [&]() -> boost::asio::awaitable<void> {
        health = co_await app.store().check();
        done = true;
      },
      boost::asio::detached);
  app.runner().run_until(done);
  return health;
}

TEST(Blob, AMissingRootMakesTheDatasourceUnavailableUntilItAppears) {
  test_support::TempDir scratch;
  const fs::path root = scratch.path() / "not-yet";
  BlobApp app(root.string());
  const Value response = app.run(R"(query { get(key: "a.txt") { key } })");
  EXPECT_EQ(code_of(response), "DatasourceUnavailable");
  EXPECT_EQ(to_json(response).find(root.string()), std::string::npos) << "no path to clients";

  const BackendHealth missing = health_of(app);
  EXPECT_FALSE(missing.ok);
  EXPECT_NE(missing.detail.find("does not exist"), std::string::npos) << missing.detail;

  fs::create_directories(root);
  EXPECT_EQ(code_of(app.run(R"(query { get(key: "a.txt") { key } })")), "no error");
  const BackendHealth found = health_of(app);
  EXPECT_TRUE(found.ok) << found.detail;
}

TEST(Blob, ADiskThatRefusesWritesIsADatasourceErrorWithoutThePath) {
  // sysfs refuses new files to everyone, root included: a real EACCES (or EROFS).
  if (!fs::is_directory("/sys/kernel")) GTEST_SKIP() << "no /sys";
  BlobApp app("/sys/kernel");
  const Value response =
      app.run("mutation($k: String!, $c: String!) { put(key: $k, content: $c) { key } }",
              BlobApp::vars("new.txt", "x"));
  EXPECT_EQ(code_of(response), "DatasourceError");
  EXPECT_EQ(to_json(response).find("/sys"), std::string::npos) << to_json(response);
}

}  // namespace
}  // namespace stashql
