// Blob keys and list prefixes: every form that could name something outside the root, or
// that no file system name can hold, is refused with a message naming the problem; ordinary
// keys pass and split into their folder and name.
#include "datasources/file/blob_key.hpp"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace stashql::file {
namespace {

std::string problem_of(std::string_view key) {
  auto parsed = BlobKey::parse(key);
  return parsed ? std::string("accepted") : parsed.error();
}

std::string prefix_problem_of(std::string_view prefix) {
  auto parsed = BlobPrefix::parse(prefix);
  return parsed ? std::string("accepted") : parsed.error();
}

TEST(BlobKey, AcceptsRelativeSlashSeparatedNames) {
  for (std::string_view key :
       {"a", "hello.md", "posts/2024/hello.md", "a/b/c/d/e.json", "..hidden", "a..b", ".env",
        "x/.config/y", "naïve/日本.txt", "with space/and-dash_under~tilde"}) {
    EXPECT_EQ(problem_of(key), "accepted") << key;
  }
}

TEST(BlobKey, SplitsIntoFolderAndName) {
  auto key = BlobKey::parse("posts/2024/hello.md");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->folder(), "posts/2024");
  EXPECT_EQ(key->name(), "hello.md");
  auto top = BlobKey::parse("hello.md");
  ASSERT_TRUE(top);
  EXPECT_EQ(top->folder(), "");
  EXPECT_EQ(top->name(), "hello.md");
}

TEST(BlobKey, RefusesAnEmptyKey) {
  EXPECT_EQ(problem_of(""), "must not be empty");
}

TEST(BlobKey, RefusesAbsolutePaths) {
  EXPECT_EQ(problem_of("/etc/passwd"), "must be relative (no leading /)");
  EXPECT_EQ(problem_of("/"), "must be relative (no leading /)");
}

TEST(BlobKey, RefusesDotDotSegmentsAnywhere) {
  for (std::string_view key : {"..", "../x", "a/../../x", "a/..", "a/../b"}) {
    EXPECT_EQ(problem_of(key), "must not contain .. segments") << key;
  }
}

TEST(BlobKey, RefusesDotSegments) {
  for (std::string_view key : {".", "./x", "a/./b", "a/."}) {
    EXPECT_EQ(problem_of(key), "must not contain . segments") << key;
  }
}

TEST(BlobKey, RefusesEmptySegments) {
  for (std::string_view key : {"a//b", "a/", "a/b/"}) {
    EXPECT_EQ(problem_of(key), "must not contain empty segments (a leading, doubled or trailing /)")
        << key;
  }
}

TEST(BlobKey, RefusesNulAndControlCharacters) {
  EXPECT_EQ(problem_of(std::string_view("a\0b", 3)), "must not contain a NUL character");
  EXPECT_EQ(problem_of(std::string_view("ok/x\0/../../etc", 15)),
            "must not contain a NUL character");
  for (std::string_view key : {"a\nb", "a\tb", "a\rb", "\x1b[31m", "a\x7f"}) {
    EXPECT_EQ(problem_of(key), "must not contain control characters") << key;
  }
}

TEST(BlobKey, RefusesBackslashes) {
  EXPECT_EQ(problem_of("a\\b"), "must not contain a backslash: separate folders with /");
  EXPECT_EQ(problem_of("..\\..\\x"), "must not contain a backslash: separate folders with /");
}

TEST(BlobKey, RefusesInvalidUtf8) {
  EXPECT_EQ(problem_of("a\xff"), "must be valid UTF-8");
  EXPECT_EQ(problem_of("\xc0\xaf"), "must be valid UTF-8");  // an overlong '/'
}

TEST(BlobKey, RefusesSegmentsAndKeysOverTheLimits) {
  EXPECT_EQ(problem_of(std::string(255, 'a')), "accepted");
  EXPECT_EQ(problem_of(std::string(256, 'a')), "has a segment longer than 255 bytes");
  std::string long_key;
  while (long_key.size() < 1024)
    long_key += "abcdefg/";
  long_key.resize(1024);
  long_key.back() = 'z';
  EXPECT_EQ(problem_of(long_key), "accepted");
  EXPECT_EQ(problem_of(long_key + "z"), "is longer than 1024 bytes");
}

TEST(BlobKey, RefusesTheStoresTempNames) {
  const std::string reserved =
      "must not have a segment starting with .stashql-tmp- (reserved "
      "for the store's temp files)";
  EXPECT_EQ(problem_of(".stashql-tmp-0123"), reserved);
  EXPECT_EQ(problem_of("a/.stashql-tmp-x/b"), reserved);
  EXPECT_EQ(problem_of("a/stashql-tmp-x"), "accepted");
}

TEST(BlobKey, TellsWhichDiskNamesAKeyCouldSpell) {
  EXPECT_TRUE(is_key_segment("hello.md"));
  EXPECT_FALSE(is_key_segment(".stashql-tmp-0123abcd"));
  EXPECT_FALSE(is_key_segment("a\nb"));
  EXPECT_FALSE(is_key_segment("a\\b"));
  EXPECT_FALSE(is_key_segment("\xff"));
  EXPECT_FALSE(is_key_segment(".."));
}

TEST(BlobPrefix, AcceptsTheEmptyPrefixFoldersAndNameStarts) {
  for (std::string_view prefix : {"", "posts/", "posts/2024/he", "he", "a/b"}) {
    EXPECT_EQ(prefix_problem_of(prefix), "accepted") << prefix;
  }
}

TEST(BlobPrefix, SplitsIntoFolderAndNameStart) {
  auto p = BlobPrefix::parse("posts/2024/he");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->folder(), "posts/2024");
  EXPECT_EQ(p->name_start(), "he");
  auto folder = BlobPrefix::parse("posts/");
  ASSERT_TRUE(folder);
  EXPECT_EQ(folder->folder(), "posts");
  EXPECT_EQ(folder->name_start(), "");
  auto all = BlobPrefix::parse("");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->folder(), "");
  EXPECT_EQ(all->name_start(), "");
}

TEST(BlobPrefix, RefusesWhatKeysRefuse) {
  EXPECT_EQ(prefix_problem_of("/etc/"), "must be relative (no leading /)");
  EXPECT_EQ(prefix_problem_of("../"), "must not contain .. segments");
  EXPECT_EQ(prefix_problem_of("a/../../"), "must not contain .. segments");
  EXPECT_EQ(prefix_problem_of(".."), "must not contain .. segments");
  EXPECT_EQ(prefix_problem_of("a//"),
            "must not contain empty segments (a leading, doubled or trailing /)");
  EXPECT_EQ(prefix_problem_of(std::string_view("a\0", 2)), "must not contain a NUL character");
  EXPECT_EQ(prefix_problem_of("a\\"), "must not contain a backslash: separate folders with /");
}

}  // namespace
}  // namespace stashql::file
