// `stashql serve` as a real process: it says where it listens, answers, and on SIGTERM closes
// idle connections, finishes, logs "stopped" and exits 0; a bad configuration exits 2 before
// listening. Every wait is bounded and the process is always reaped.
#include <cctype>
#include <chrono>
#include <optional>
#include <poll.h>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "http_client.hpp"

namespace stashql {
namespace {

using testing::get;
using testing::HttpClient;
using testing::post;

class ServeProcess {
 public:
  explicit ServeProcess(std::vector<std::string> args) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDERR_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<char*> argv;
      std::string binary = STASHQL_BINARY;
      argv.push_back(binary.data());
      for (std::string& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    stderr_fd_ = fds[0];
  }

  ~ServeProcess() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stderr_fd_ >= 0) ::close(stderr_fd_);
  }

  // Reads the log until it holds `prefix` followed by digits (returned) or the process ends.
  std::optional<std::string> wait_for_log_number(std::string_view prefix) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::size_t at = log_.find(prefix);
      if (at != std::string::npos) {
        std::size_t end = at + prefix.size();
        while (end < log_.size() && std::isdigit(static_cast<unsigned char>(log_[end])) != 0)
          ++end;
        if (end > at + prefix.size() && end < log_.size()) {
          return log_.substr(at + prefix.size(), end - at - prefix.size());
        }
      }
      if (!read_some(200)) break;
    }
    return std::nullopt;
  }

  // Waits for the exit (bounded); the exit code, or nullopt if it had to be killed.
  std::optional<int> wait_for_exit() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!status_ && std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = status;
        break;
      }
      if (!read_some(50)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    while (read_some(0)) {
    }
    if (!status_ || !WIFEXITED(*status_)) return std::nullopt;
    return WEXITSTATUS(*status_);
  }

  void signal(int sig) const { ::kill(pid_, sig); }
  const std::string& log() const { return log_; }

 private:
  bool read_some(int timeout_ms) {
    pollfd p{stderr_fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return timeout_ms > 0;
    char buffer[4096];
    const ssize_t n = ::read(stderr_fd_, buffer, sizeof buffer);
    if (n <= 0) return false;
    log_.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  std::string log_;
  std::optional<int> status_;
};

const std::string kConfig = std::string(STASHQL_TEST_DATA) + "/integration/data/stashql.yaml";

TEST(ServeProcess, AnswersThenDrainsAndExitsZeroOnSigterm) {
  ServeProcess serve({"serve", "-c", kConfig, "--port", "0"});
  const auto port = serve.wait_for_log_number("listening on http://127.0.0.1:");
  ASSERT_TRUE(port) << serve.log();
  const auto port_number = static_cast<std::uint16_t>(std::stoi(*port));

  HttpClient idle(port_number);
  EXPECT_EQ(idle.request(post(R"({"query":"{ hello }"})")).body(), R"({"data":{"hello":"world"}})");

  serve.signal(SIGTERM);
  EXPECT_TRUE(idle.closed_by_server());
  EXPECT_EQ(serve.wait_for_exit(), 0) << serve.log();
  EXPECT_NE(serve.log().find("received SIGTERM"), std::string::npos) << serve.log();
  EXPECT_NE(serve.log().find("info stopped"), std::string::npos) << serve.log();
}

TEST(ServeProcess, InvalidConfigurationExitsTwoBeforeListening) {
  ServeProcess serve(
      {"serve", "-c", std::string(STASHQL_TEST_DATA) + "/unit/cli/data/broken.yaml"});
  EXPECT_EQ(serve.wait_for_exit(), 2);
  EXPECT_NE(serve.log().find("broken.yaml:3:10: threads must be an integer"), std::string::npos)
      << serve.log();
  EXPECT_EQ(serve.log().find("listening"), std::string::npos);
}

TEST(ServeProcess, BadPortIsBadUsage) {
  ServeProcess serve({"serve", "-c", kConfig, "--port", "70000"});
  EXPECT_EQ(serve.wait_for_exit(), 2);
}

}  // namespace
}  // namespace stashql
