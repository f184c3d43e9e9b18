// A real redis-server (the Debian package) for tests: started on a free loopback port in its
// own temporary folder, stopped by its PID (never by name), restartable on the same port,
// pausable (SIGSTOP) to play a hung server. `call` talks to it over hiredis's blocking API so
// a test can seed data and read INFO commandstats / total_reads_processed to count what the
// client under test really sent.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <hiredis/hiredis.h>
#include <initializer_list>
#include <memory>
#include <netinet/in.h>
#include <signal.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "child_process.hpp"

namespace stashql::testing {

class RedisServer {
 public:
  // Extra redis-server arguments, e.g. {"--requirepass", "s3cret"}.
  explicit RedisServer(std::vector<std::string> extra = {}) : extra_(std::move(extra)) {
    char pattern[] = "/tmp/stashql-redis-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    port_ = free_port();
    start();
  }
  ~RedisServer() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }

  // Starts (again) on the same port; waits until it answers PING (at most 10 s).
  void start() {
    if (pid_ > 0) return;
    std::vector<std::string> args = {"redis-server",
                                     "--port",
                                     std::to_string(port_),
                                     "--bind",
                                     "127.0.0.1",
                                     "--dir",
                                     dir_.string(),
                                     "--save",
                                     "",
                                     "--appendonly",
                                     "no",
                                     "--daemonize",
                                     "no",
                                     "--enable-debug-command",
                                     "local",
                                     "--loglevel",
                                     "warning",
                                     "--logfile",
                                     (dir_ / "redis.log").string()};
    args.insert(args.end(), extra_.begin(), extra_.end());
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      // A test that crashes must not leave its server running.
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      ::execvp("redis-server", argv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (answers()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
    throw std::runtime_error("redis-server did not start on port " + std::to_string(port_));
  }

  // SIGTERM, then SIGKILL after 5 s; reaps the process.
  void stop() {
    if (pid_ <= 0) return;
    stop_child(pid_);
    pid_ = -1;
  }

  // A hung server: connections stay open, nothing is answered.
  void pause() const { ::kill(pid_, SIGSTOP); }
  void resume() const { ::kill(pid_, SIGCONT); }

  // One command over a fresh blocking connection; the reply as text (integers in decimal,
  // nil as "(nil)", errors as "ERR …", arrays joined by '\n'). Throws if Redis is not there.
  std::string call(std::initializer_list<std::string_view> args) const {
    return call(std::vector<std::string_view>(args));
  }
  std::string call(const std::vector<std::string_view>& args) const {
    redisContext* c = connect();
    if (c == nullptr)
      throw std::runtime_error("cannot connect to redis on port " + std::to_string(port_));
    std::vector<const char*> argv;
    std::vector<std::size_t> lens;
    for (auto a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lens.data()));
    std::string out = reply != nullptr ? text(reply) : "ERR no reply";
    if (reply != nullptr) freeReplyObject(reply);
    redisFree(c);
    return out;
  }

  // A client subscribed to `channel`, for tests of PUBLISH; nullptr when it cannot subscribe.
  // It is closed when it goes out of scope.
  using Subscriber = std::unique_ptr<redisContext, decltype(&redisFree)>;
  Subscriber subscribe(std::string_view channel) const {
    Subscriber c(connect(), &redisFree);
    if (!c) return c;
    const std::string command = "SUBSCRIBE " + std::string(channel);
    auto* reply = static_cast<redisReply*>(redisCommand(c.get(), command.c_str()));
    if (reply == nullptr) return Subscriber(nullptr, &redisFree);
    freeReplyObject(reply);
    return c;
  }

  // `cmdstat_<name>:calls=N` from INFO commandstats (0 when the command never ran).
  std::int64_t calls(std::string_view command) const {
    const std::string info = call({"INFO", "commandstats"});
    const std::string key = "cmdstat_" + std::string(command) + ":calls=";
    const auto at = info.find(key);
    if (at == std::string::npos) return 0;
    return std::strtoll(info.c_str() + at + key.size(), nullptr, 10);
  }
  // total_reads_processed from INFO stats: how many reads the server did, i.e. how many
  // batches of commands reached it (each `call` adds one of its own).
  std::int64_t reads() const {
    const std::string info = call({"INFO", "stats"});
    const std::string key = "total_reads_processed:";
    const auto at = info.find(key);
    return at == std::string::npos ? -1 : std::strtoll(info.c_str() + at + key.size(), nullptr, 10);
  }
  void reset_stats() const { call({"CONFIG", "RESETSTAT"}); }

  // Runs every line of a redis-cli script (words split on spaces, "double quotes" group);
  // throws on the first error reply.
  void load(const std::filesystem::path& script) const {
    std::ifstream in(script);
    if (!in) throw std::runtime_error("cannot read " + script.string());
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> words;
      std::string word;
      bool quoted = false;
      bool any = false;
      for (char c : line) {
        if (c == '"') {
          quoted = !quoted;
          any = true;
        } else if (c == ' ' && !quoted) {
          if (any) words.push_back(word);
          word.clear();
          any = false;
        } else {
          word += c;
          any = true;
        }
      }
      if (any) words.push_back(word);
      if (words.empty() || words[0].starts_with("#")) continue;
      const std::string reply = call(std::vector<std::string_view>(words.begin(), words.end()));
      if (reply.starts_with("ERR") || reply.starts_with("WRONGTYPE"))
        throw std::runtime_error(script.string() + ": " + line + ": " + reply);
    }
  }

 private:
  redisContext* connect() const {
    timeval tv{2, 0};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, tv);
    if (c != nullptr && c->err != 0) {
      redisFree(c);
      return nullptr;
    }
    if (c == nullptr) return nullptr;
    redisSetTimeout(c, tv);
    for (std::size_t i = 0; i + 1 < extra_.size(); ++i) {
      if (extra_[i] != "--requirepass") continue;
      auto* reply = static_cast<redisReply*>(redisCommand(c, "AUTH %s", extra_[i + 1].c_str()));
      if (reply != nullptr) freeReplyObject(reply);
    }
    return c;
  }
  bool answers() const {
    redisContext* c = connect();
    if (c == nullptr) return false;
    auto* reply = static_cast<redisReply*>(redisCommand(c, "PING"));
    // A server started with --requirepass answers NOAUTH: it is up.
    const bool up = reply != nullptr;
    if (reply != nullptr) freeReplyObject(reply);
    redisFree(c);
    return up;
  }
  static std::string text(const redisReply* r) {
    switch (r->type) {
      case REDIS_REPLY_INTEGER:
        return std::to_string(r->integer);
      case REDIS_REPLY_NIL:
        return "(nil)";
      case REDIS_REPLY_ARRAY: {
        std::string out;
        for (std::size_t i = 0; i < r->elements; ++i) {
          if (i > 0) out += '\n';
          out += text(r->element[i]);
        }
        return out;
      }
      default:
        return std::string(r->str, r->len);
    }
  }

  std::vector<std::string> extra_;
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace stashql::testing
