// blob.put and blob.delete under `--dry`, in the parts that need no disk: the lines a dry run
// records (the key, the datasource, the size and type — never the content) and what a put
// would answer for what it finds at its key, so that a dry run fails where a real one would.
#include <string>

#include <gtest/gtest.h>

#include "datasources/dry_text.hpp"
#include "datasources/file/blob_format.hpp"
#include "datasources/file/blob_store.hpp"

namespace stashql::file {
namespace {

TEST(DryByteCount, GroupsDigitsByThreeAndSaysByteForOne) {
  EXPECT_EQ(datasources::byte_count(0), "0 bytes");
  EXPECT_EQ(datasources::byte_count(1), "1 byte");
  EXPECT_EQ(datasources::byte_count(999), "999 bytes");
  EXPECT_EQ(datasources::byte_count(2048), "2,048 bytes");
  EXPECT_EQ(datasources::byte_count(1000000), "1,000,000 bytes");
  EXPECT_EQ(datasources::byte_count(67108864), "67,108,864 bytes");
}

TEST(BlobDryLine, APutNamesKeyDatasourceSizeAndTypeWithoutItsParameters) {
  EXPECT_EQ(dry_put_line("blobs", "posts/1.md", 2048),
            "PUT blob posts/1.md on blobs (2,048 bytes, text/markdown)");
  EXPECT_EQ(dry_put_line("media", "avatars/ada.png", 1),
            "PUT blob avatars/ada.png on media (1 "
            "byte, image/png)");
  EXPECT_EQ(dry_put_line("blobs", "raw", 0),
            "PUT blob raw on blobs (0 bytes, application/octet-stream)");
}

TEST(BlobDryLine, ADeleteNamesKeyAndDatasource) {
  EXPECT_EQ(dry_delete_line("blobs", "posts/1.md"), "DELETE blob posts/1.md on blobs");
}

TEST(BlobDryPut, WritesWhereNothingIsOrABlobIsReplaced) {
  EXPECT_EQ(put_refusal(KeyState::absent, PutMode::replace), std::nullopt);
  EXPECT_EQ(put_refusal(KeyState::absent, PutMode::only_absent), std::nullopt);
  EXPECT_EQ(put_refusal(KeyState::blob, PutMode::replace), std::nullopt);
}

TEST(BlobDryPut, RefusesAsTheFileSystemWouldRefuseARealPut) {
  EXPECT_EQ(put_refusal(KeyState::blob, PutMode::only_absent), StoreError::Kind::exists);
  EXPECT_EQ(put_refusal(KeyState::folder, PutMode::replace), StoreError::Kind::conflict);
  EXPECT_EQ(put_refusal(KeyState::folder, PutMode::only_absent), StoreError::Kind::exists);
  EXPECT_EQ(put_refusal(KeyState::blocked, PutMode::replace), StoreError::Kind::conflict);
  EXPECT_EQ(put_refusal(KeyState::blocked, PutMode::only_absent), StoreError::Kind::conflict);
}

}  // namespace
}  // namespace stashql::file
