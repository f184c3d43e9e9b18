// `make run`'s script (pipelines/blog/run.sh) as a user runs it: it starts redis-server and
// the comments service, loads the demo data, serves the blog, answers a query that needs all
// three backends, and on SIGTERM stops everything it started. Ports and the ./var folder are
// the test's own, so it never meets a developer's running demo.
#include <chrono>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "child_process.hpp"
#include "http_client.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

TEST(BlogRunScript, ServesTheDemoWithItsBackendsAndStopsThemAll) {
  test_support::TempDir var;
  const std::uint16_t port = testing::free_port();
  const std::uint16_t redis_port = testing::free_port();
  const std::uint16_t comments_port = testing::free_port();
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setenv("STASHQL_VAR", var.path().c_str(), 1);
    ::setenv("BLOG_REDIS_PORT", std::to_string(redis_port).c_str(), 1);
    ::setenv("COMMENTS_PORT", std::to_string(comments_port).c_str(), 1);
    ::unsetenv("REDIS_URL");
    ::unsetenv("COMMENTS_URL");
    const std::string script = std::string(STASHQL_SOURCE_DIR) + "/pipelines/blog/run.sh";
    const std::string port_text = std::to_string(port);
    ::execl("/bin/bash", "bash", script.c_str(), STASHQL_BINARY, port_text.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string body;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (testing::port_accepts(port)) {
      testing::HttpClient client(port);
      body =
          client
              .request(testing::post(
                  R"({"query":"{ post(id: \"p01\") { author { name } body comments { id } } }"})"))
              .body();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(body.find(R"("author":{"name":"Ada Lovelace"})"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("body":"# Notes on the Analytical Engine)"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("comments":[{"id":"p01-c1"}])"), std::string::npos) << body;

  // run.sh stops what it started when it gets SIGTERM; stop_child gives it 20 s to.
  const int status = testing::stop_child(pid, std::chrono::seconds(20));
  EXPECT_TRUE(WIFEXITED(status)) << "run.sh did not stop on SIGTERM";
  EXPECT_FALSE(testing::port_accepts(port));
  EXPECT_FALSE(testing::port_accepts(redis_port));
  EXPECT_FALSE(testing::port_accepts(comments_port));
}

}  // namespace
}  // namespace stashql
