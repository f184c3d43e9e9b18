// How blobs are described: content types by extension, ETags that change with the stored
// file, RFC 3339 times, and list tokens that refuse tampering.
#include "datasources/file/blob_format.hpp"

#include <string>

#include <gtest/gtest.h>

#include "pipeline/base64.hpp"

namespace stashql::file {
namespace {

TEST(BlobContentType, FollowsTheKeysExtension) {
  EXPECT_EQ(content_type_of("a.json"), "application/json");
  EXPECT_EQ(content_type_of("notes/readme.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_of("posts/hello.md"), "text/markdown; charset=utf-8");
  EXPECT_EQ(content_type_of("site/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_of("site/app.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_of("site/app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_of("img/logo.png"), "image/png");
  EXPECT_EQ(content_type_of("img/photo.jpg"), "image/jpeg");
  EXPECT_EQ(content_type_of("img/photo.jpeg"), "image/jpeg");
  EXPECT_EQ(content_type_of("img/anim.gif"), "image/gif");
  EXPECT_EQ(content_type_of("img/icon.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_of("docs/paper.pdf"), "application/pdf");
  EXPECT_EQ(content_type_of("data/rows.csv"), "text/csv; charset=utf-8");
}

TEST(BlobContentType, IgnoresTheExtensionsCase) {
  EXPECT_EQ(content_type_of("IMG/PHOTO.JPG"), "image/jpeg");
  EXPECT_EQ(content_type_of("a.Json"), "application/json");
}

TEST(BlobContentType, IsOctetStreamWithoutAKnownExtension) {
  EXPECT_EQ(content_type_of("Makefile"), "application/octet-stream");
  EXPECT_EQ(content_type_of("a/b.unknownext"), "application/octet-stream");
  EXPECT_EQ(content_type_of("a/trailing."), "application/octet-stream");
  EXPECT_EQ(content_type_of(".json"), "application/octet-stream");  // a hidden name
  EXPECT_EQ(content_type_of("dir.json/file"), "application/octet-stream");
}

TEST(BlobEtag, IsQuotedAndChangesWithSizeTimeOrInode) {
  const std::string etag = make_etag(12, 1'700'000'000'123'456'789, 42);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_EQ(etag, make_etag(12, 1'700'000'000'123'456'789, 42));
  EXPECT_NE(etag, make_etag(13, 1'700'000'000'123'456'789, 42));
  EXPECT_NE(etag, make_etag(12, 1'700'000'000'123'456'790, 42));
  EXPECT_NE(etag, make_etag(12, 1'700'000'000'123'456'789, 43));
}

TEST(BlobModified, IsRfc3339UtcToTheMillisecond) {
  EXPECT_EQ(rfc3339_utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339_utc(1'700'000'000'123'456'789), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(rfc3339_utc(951'782'400'999'999'999), "2000-02-29T00:00:00.999Z");
}

TEST(BlobListToken, ReadsBackTheLastKeyForTheSamePrefix) {
  const std::string token = make_list_token("posts/", "posts/2024/b.md");
  auto key = read_list_token("posts/", token);
  ASSERT_TRUE(key);
  EXPECT_EQ(*key, "posts/2024/b.md");
  EXPECT_EQ(token.find("posts"), std::string::npos) << "the token is opaque";
}

TEST(BlobListToken, RefusesATokenMadeForAnotherPrefix) {
  const std::string token = make_list_token("posts/", "posts/b.md");
  EXPECT_FALSE(read_list_token("drafts/", token));
  EXPECT_FALSE(read_list_token("", token));
}

TEST(BlobListToken, RefusesATamperedToken) {
  const std::string token = make_list_token("", "b.md");
  // The same payload with another key, and the original check.
  std::string payload = *base64_decode(token);
  payload.back() = 'x';
  EXPECT_FALSE(read_list_token("", base64_encode(payload)));
  std::string flipped = token;
  flipped[5] = flipped[5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(read_list_token("", flipped));
  EXPECT_FALSE(read_list_token("", "not a token"));
  EXPECT_FALSE(read_list_token("", ""));
  EXPECT_FALSE(read_list_token("", base64_encode("b1:short")));
}

}  // namespace
}  // namespace stashql::file
