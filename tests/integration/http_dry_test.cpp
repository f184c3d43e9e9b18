// http.send under `--dry` against a real upstream on loopback (http_upstream.hpp): nothing
// reaches the upstream (its request log stays empty), the recorded line names the method, the
// URL and the body's size and never a header's value, the steps after it see null, and a call
// that a real run would refuse (a header with a line break, a path that leaves its resource)
// is refused the same way. `http` steps still read from the upstream in a dry run.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "app_runner.hpp"
#include "dry_recorder.hpp"
#include "http_upstream.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

using testing::HttpUpstream;
using testing::RecordedRequest;
using testing::Reply;

constexpr std::string_view kSchema = R"(
scalar JSON
type Query { user(id: ID!): User }
type Mutation {
  createUser(name: String!, trace: String): User
  removeUser(id: ID!): JSON
  "Reads a user, then sends a change: a dry run reads and does not send."
  renameUser(id: ID!, name: String!): JSON
}
type User { id: ID, name: String }
)";

constexpr std::pair<std::string_view, std::string_view> kPipelines[] = {
    {"Query.user", R"(
resolver: Query.user
steps:
  - use: http
    path: "/users/{{ args.id }}"
)"},
    {"Mutation.createUser", R"(
resolver: Mutation.createUser
steps:
  - use: http.send
    method: POST
    path: /users
    query: { source: cli, tag: "{{ args.trace }}" }
    headers: { X-Trace: "{{ args.trace }}" }
    body: { name: "{{ args.name }}", admin: false }
    expect: [201]
    select: data.user
)"},
    {"Mutation.removeUser", R"(
resolver: Mutation.removeUser
steps:
  - id: removed
    use: http.send
    method: DELETE
    path: "/users/{{ args.id }}"
  - use: set
    value: { removed: "{{ stash.removed }}", simulated: "{{ stash.removed == null }}" }
)"},
    {"Mutation.renameUser", R"(
resolver: Mutation.renameUser
steps:
  - id: before
    use: http
    path: "/users/{{ args.id }}"
  - id: sent
    use: http.send
    method: PATCH
    path: "/users/{{ args.id }}"
    body: { name: "{{ args.name }}" }
  - use: set
    value: { before: "{{ stash.before.name }}", sent: "{{ stash.sent }}" }
)"},
};

class HttpDry : public ::testing::Test {
 protected:
  void SetUp() override {
    upstream_.handle([](const RecordedRequest&) {
      return Reply::json(R"({"id": "7", "name": "Ann", "data": {"user": {"id": "9"}}})", 201);
    });
    dir_.write("schema.graphql", std::string(kSchema));
    for (const auto& [field, text] : kPipelines)
      dir_.write("pipelines/" + std::string(field) + ".yaml", std::string(text));
    const auto config = dir_.write(
        "stashql.yaml",
        "schema: schema.graphql\npipelines: pipelines\ndatasources:\n  users:\n    kind: http\n"
        "    base_url: " +
            upstream_.base_url("/api/") +
            "\n    headers: { Authorization: \"Bearer s3cret\" }\n    retries: 0\n");
    runner_ = std::make_unique<testing::AppRunner>(config, test_support::env_of({}));
    runner_->observe(&recorder_);
  }

  std::string run(std::string_view text, std::string_view variables = "{}") {
    return runner_->query(text, variables);
  }
  std::string url(std::string_view target) const {
    return "http://127.0.0.1:" + std::to_string(upstream_.port()) + std::string(target);
  }

  HttpUpstream upstream_;
  test_support::TempDir dir_;
  testing::DryRecorder recorder_;
  std::unique_ptr<testing::AppRunner> runner_;
};

TEST_F(HttpDry, ASendReachesNothingAndRecordsTheCallWithoutHeaderValues) {
  const std::string response =
      run(R"(mutation { createUser(name: "Bo", trace: "t-1") { id name } })");
  EXPECT_EQ(response, R"({"data":{"createUser":null}})");
  EXPECT_EQ(upstream_.request_count(), 0u);
  const auto lines = recorder_.take();
  EXPECT_EQ(lines, std::vector<std::string>{"POST " + url("/api/users?source=cli&tag=t-1") +
                                            " with a JSON body of 27 bytes"});
  for (const std::string& line : lines) {
    EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
    EXPECT_EQ(line.find("Bo"), std::string::npos) << line;
  }
}

TEST_F(HttpDry, TheStepsAfterASendSeeNull) {
  EXPECT_EQ(run(R"(mutation { removeUser(id: "9") })"),
            R"({"data":{"removeUser":{"removed":null,"simulated":true}}})");
  EXPECT_EQ(recorder_.take(), std::vector<std::string>{"DELETE " + url("/api/users/9")});
  EXPECT_EQ(upstream_.request_count(), 0u);
}

TEST_F(HttpDry, ReadsStillGoToTheUpstream) {
  EXPECT_EQ(run(R"(mutation { renameUser(id: "7", name: "Ann B") })"),
            R"({"data":{"renameUser":{"before":"Ann","sent":null}}})");
  const auto requests = upstream_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/api/users/7");
  EXPECT_EQ(recorder_.take(), std::vector<std::string>{"PATCH " + url("/api/users/7") +
                                                       " with a JSON body of 16 bytes"});
}

TEST_F(HttpDry, AHeaderWithALineBreakIsRefusedAsInARealRun) {
  const std::string response =
      run(R"(mutation($t: String) { createUser(name: "Bo", trace: $t) { id } })",
          R"({"t": "x\r\nX-Admin: yes"})");
  EXPECT_NE(response.find("the value of header X-Trace holds a line break"), std::string::npos)
      << response;
  EXPECT_EQ(response.find("X-Admin"), std::string::npos) << response;
  EXPECT_TRUE(recorder_.take().empty());
  EXPECT_EQ(upstream_.request_count(), 0u);
}

TEST_F(HttpDry, APathThatLeavesItsResourceIsRefusedAsInARealRun) {
  const std::string response = run(R"(mutation { removeUser(id: "..") })");
  EXPECT_NE(response.find(R"("removeUser":null)"), std::string::npos) << response;
  EXPECT_NE(response.find("path:"), std::string::npos) << response;
  EXPECT_TRUE(recorder_.take().empty());
  EXPECT_EQ(upstream_.request_count(), 0u);
}

}  // namespace
}  // namespace stashql
