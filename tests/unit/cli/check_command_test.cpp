// `stashql check`, run in-process: its whole output (colour off) compared with golden files
// under tests/unit/cli/golden/ — the blog and demo apps, an app with one mistake of each kind
// warned about (as text, as --json, and with --strict), and an app that does not load.
// STASHQL_UPDATE_GOLDEN=1 rewrites the golden files from what the command prints now.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/cli.hpp"

namespace stashql::cli {
namespace {

namespace fs = std::filesystem;

// The repository's root, which outputs name as "" so that they do not depend on the machine.
std::string repo_root() {
  return fs::path(STASHQL_TEST_DATA).parent_path().lexically_normal().string() + "/";
}

std::string config(std::string_view relative) {
  return repo_root() + std::string(relative);
}

std::string without_root(std::string text) {
  const std::string root = repo_root();
  for (std::size_t at = text.find(root); at != std::string::npos; at = text.find(root, at))
    text.erase(at, root.size());
  return text;
}

// Exit code, stdout and stderr, as one text.
std::string run_check(std::vector<std::string> args) {
  args.insert(args.begin(), "check");
  args.emplace_back("--color=never");
  std::ostringstream out;
  std::ostringstream err;
  const int code = run(args, out, err);
  return without_root("exit " + std::to_string(code) + "\n--- stdout\n" + out.str() +
                      "--- stderr\n" + err.str());
}

void expect_golden(const std::string& name, const std::string& actual) {
  const fs::path file = fs::path(STASHQL_TEST_DATA) / "unit/cli/golden" / (name + ".txt");
  const char* update = std::getenv("STASHQL_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::ofstream(file, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in) << "no golden file " << file << " (STASHQL_UPDATE_GOLDEN=1 writes it)";
  std::ostringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "golden file " << file;
}

TEST(CheckCommand, BlogAppOutput) {
  expect_golden("check_blog", run_check({"-c", config("pipelines/blog/stashql.yaml")}));
}

TEST(CheckCommand, DemoAppIsCleanWithStrict) {
  expect_golden("check_demo", run_check({"-c", config("pipelines/demo/stashql.yaml"), "--strict"}));
}

TEST(CheckCommand, WarningsAreListedAlignedAndTheAppIsStillOk) {
  expect_golden("check_warnings",
                run_check({"-c", config("tests/unit/cli/data/lint/stashql.yaml")}));
}

TEST(CheckCommand, StrictTurnsWarningsIntoExitCodeOne) {
  expect_golden("check_warnings_strict",
                run_check({"-c", config("tests/unit/cli/data/lint/stashql.yaml"), "--strict"}));
}

TEST(CheckCommand, JsonListsWarningsForCi) {
  expect_golden("check_warnings_json",
                run_check({"-c", config("tests/unit/cli/data/lint/stashql.yaml"), "--json"}));
}

TEST(CheckCommand, ErrorsExitTwoWithEveryLocation) {
  expect_golden("check_errors", run_check({"-c", config("tests/unit/cli/data/broken.yaml")}));
}

TEST(CheckCommand, JsonErrorsGoToStdoutAndNothingToStderr) {
  expect_golden("check_errors_json",
                run_check({"-c", config("tests/unit/cli/data/broken.yaml"), "--json"}));
}

TEST(CheckCommand, ColourMarksWarningsOnlyWhenAsked) {
  std::ostringstream out;
  std::ostringstream err;
  const std::string lint = config("tests/unit/cli/data/lint/stashql.yaml");
  EXPECT_EQ(run({"check", "-c", lint, "--color=always"}, out, err), kOk);
  EXPECT_NE(out.str().find("\x1b[33mwarning\x1b[0m: "), std::string::npos) << out.str();
  std::ostringstream plain;
  EXPECT_EQ(run({"check", "-c", lint, "--color=never"}, plain, err), kOk);
  EXPECT_EQ(plain.str().find('\x1b'), std::string::npos) << plain.str();
}

}  // namespace
}  // namespace stashql::cli
