// What tests of app loading share: a scratch folder for an app's files, a fixed environment,
// and errors as the `file:line:column: message` lines operators read.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdlib.h>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/app.hpp>
#include <stashql/error.hpp>

namespace stashql::test_support {

// A scratch folder for one test's files, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "stashql-app-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

inline Environment env_of(std::map<std::string, std::string, std::less<>> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

inline std::vector<std::string> formatted(const std::vector<SourceError>& errors) {
  std::vector<std::string> out;
  for (const SourceError& e : errors)
    out.push_back(e.format());
  return out;
}

}  // namespace stashql::test_support
