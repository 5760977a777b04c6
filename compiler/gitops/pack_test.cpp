#include "compiler/gitops/pack.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace kmetal::gitops {
namespace {

// A bare repository in a fresh temporary directory, and a second handle opened after the pack
// is written, so what it reads comes from disk and not from the writer's memory.
class PackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    git_libgit2_init();
    char dir[] = "/tmp/kmetal-pack-test.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    path_ = dir;
    ASSERT_EQ(git_repository_init(&repo_, path_.c_str(), 1), 0);
    ASSERT_EQ(git_repository_odb(&odb_, repo_), 0);
    ASSERT_EQ(git_mempack_new(&memory_), 0);
    ASSERT_EQ(git_odb_add_backend(odb_, memory_, 999), 0);
  }
  void TearDown() override {
    git_odb_free(odb_);
    git_repository_free(repo_);
    std::filesystem::remove_all(path_);
    git_libgit2_shutdown();
  }
  git_oid remember(const std::string& contents) {
    git_oid id;
    git_odb_hash(&id, contents.data(), contents.size(), GIT_OBJECT_BLOB);
    memory_->write(memory_, &id, contents.data(), contents.size(), GIT_OBJECT_BLOB);
    return id;
  }
  std::string read_back(const git_oid& id) {
    git_repository* fresh = nullptr;
    git_blob* blob = nullptr;
    std::string out = "(missing)";
    if (git_repository_open(&fresh, path_.c_str()) == 0 &&
        git_blob_lookup(&blob, fresh, &id) == 0) {
      out.assign(static_cast<const char*>(git_blob_rawcontent(blob)),
                 static_cast<std::size_t>(git_blob_rawsize(blob)));
    }
    git_blob_free(blob);
    git_repository_free(fresh);
    return out;
  }
  std::size_t packs() const {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path_ + "/objects/pack")) {
      count += entry.path().extension() == ".pack" ? 1U : 0U;
    }
    return count;
  }
  std::string path_;
  git_repository* repo_ = nullptr;
  git_odb* odb_ = nullptr;
  git_odb_backend* memory_ = nullptr;
};

TEST_F(PackTest, ObjectsOfEverySizeHeaderReadBackFromDisk) {
  // Sizes whose entry headers take one, two and three bytes, and the empty blob.
  std::string small = "apiVersion: v1\n";
  std::string medium(300, 'm');
  std::string large(100000, 'x');
  large[5000] = 'y';
  std::vector<git_oid> ids = {remember(small), remember(medium), remember(large), remember("")};
  ids.push_back(ids[1]);  // a duplicate is written once
  std::string error;
  ASSERT_TRUE(write_pack(odb_, ids, error)) << error;
  EXPECT_EQ(read_back(ids[0]), small);
  EXPECT_EQ(read_back(ids[1]), medium);
  EXPECT_EQ(read_back(ids[2]), large);
  EXPECT_EQ(read_back(ids[3]), "");
  EXPECT_EQ(packs(), 1U);
}

TEST_F(PackTest, AMissingObjectIsAnErrorAndWritesNoPack) {
  git_oid absent;
  git_odb_hash(&absent, "never written", 13, GIT_OBJECT_BLOB);
  std::string error;
  EXPECT_FALSE(write_pack(odb_, {remember("kept"), absent}, error));
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(packs(), 0U);
}

}  // namespace
}  // namespace kmetal::gitops
