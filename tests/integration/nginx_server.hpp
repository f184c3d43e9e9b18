// A real nginx (the Debian package) serving a folder on a free loopback port, for tests of
// the HTTP datasource and the blog demo: one process (no master), as the user running the
// tests, everything under a temporary folder, stopped by its PID. Unknown files under
// /comments/ answer {"comments":[]} and POST /threads answers 201, as the blog's comments
// service does.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "child_process.hpp"

namespace stashql::testing {

class NginxServer {
 public:
  explicit NginxServer(const std::filesystem::path& root) {
    char pattern[] = "/tmp/stashql-nginx-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    port_ = free_port();
    const std::string d = dir_.string();
    std::ofstream(dir_ / "nginx.conf")
        << "daemon off;\nmaster_process off;\nworker_processes 1;\npid " << d
        << "/nginx.pid;\nerror_log " << d << "/error.log warn;\n"
        << "events { worker_connections 512; }\nhttp {\n  access_log " << d
        << "/access.log;\n  client_body_temp_path " << d << "/b;\n  proxy_temp_path " << d
        << "/p;\n  fastcgi_temp_path " << d << "/f;\n  uwsgi_temp_path " << d
        << "/u;\n  scgi_temp_path " << d << "/s;\n  keepalive_requests 100000;\n"
        << "  server {\n    listen 127.0.0.1:" << port_ << ";\n    root " << root.string()
        << ";\n    default_type application/json;\n"
        << "    location /comments/ { try_files $uri @none; }\n"
        << "    location @none { return 200 '{\"comments\":[]}'; }\n"
        << "    location = /threads { return 201 '{\"thread\":\"open\"}'; }\n  }\n}\n";
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const std::string conf = (dir_ / "nginx.conf").string();
      const std::string log = (dir_ / "error.log").string();
      // A test that crashes must not leave its server running.
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      ::execlp("nginx", "nginx", "-p", d.c_str(), "-c", conf.c_str(), "-e", log.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!accepts()) {
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw std::runtime_error("nginx did not start; see " + (dir_ / "error.log").string());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~NginxServer() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // How many requests nginx has logged (one access-log line each).
  std::size_t requests() const {
    std::ifstream in(dir_ / "access.log");
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
      ++n;
    return n;
  }
  // The access log as it is: one line per request, with its method and path.
  std::string request_log() const {
    std::ifstream in(dir_ / "access.log");
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
  }

 private:
  bool accepts() const { return port_accepts(port_); }
  void stop() {
    if (pid_ <= 0) return;
    stop_child(pid_);
    pid_ = -1;
  }

  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace stashql::testing
