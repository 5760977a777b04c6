#include "compiler/gitops/pack.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace kmetal::gitops {
namespace {

// A bare repository in a fresh temporary directory. What is read back after finish() comes
// through a second handle opened afterwards, so from disk and not from the writer's pack.
class PackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    git_libgit2_init();
    char dir[] = "/tmp/kmetal-pack-test.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    path_ = dir;
    ASSERT_EQ(git_repository_init(&repo_, path_.c_str(), 1), 0);
    ASSERT_EQ(git_repository_odb(&odb_, repo_), 0);
  }
  void TearDown() override {
    close();
    std::filesystem::remove_all(path_);
    git_libgit2_shutdown();
  }
  void close() {
    git_odb_free(odb_);
    git_repository_free(repo_);
    odb_ = nullptr;
    repo_ = nullptr;
  }
  Pack* start(bool in_repository) {
    std::string error;
    Pack* pack = Pack::attach(odb_, in_repository ? path_ + "/objects/pack" : "", error);
    EXPECT_NE(pack, nullptr) << error;
    return pack;
  }
  git_oid add(Pack* pack, const std::string& contents) {
    git_oid id{};
    std::string error;
    EXPECT_TRUE(pack->add_blob(contents, id, error)) << error;
    return id;
  }
  static std::string read(git_repository* repo, const git_oid& id) {
    git_blob* blob = nullptr;
    std::string out = "(missing)";
    if (git_blob_lookup(&blob, repo, &id) == 0) {
      out.assign(static_cast<const char*>(git_blob_rawcontent(blob)),
                 static_cast<std::size_t>(git_blob_rawsize(blob)));
    }
    git_blob_free(blob);
    return out;
  }
  std::string read_from_disk(const git_oid& id) const {
    git_repository* fresh = nullptr;
    if (git_repository_open(&fresh, path_.c_str()) != 0) return "(no repository)";
    std::string out = read(fresh, id);
    git_repository_free(fresh);
    return out;
  }
  std::vector<std::string> pack_files() const {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(path_ + "/objects/pack")) {
      out.push_back(entry.path().filename().string());
    }
    return out;
  }
  int git(const std::string& args) const {
    return std::system(("git -C " + path_ + " " + args + " >/dev/null 2>&1").c_str());
  }
  std::string path_;
  git_repository* repo_ = nullptr;
  git_odb* odb_ = nullptr;
};

TEST_F(PackTest, ObjectsOfEverySizeHeaderReadBackBeforeAndAfterFinish) {
  Pack* pack = start(true);
  // Sizes whose entry headers take one, two and three bytes, and the empty blob.
  std::string small = "apiVersion: v1\n";
  std::string medium(300, 'm');
  std::string large(100000, 'x');
  large[5000] = 'y';
  std::vector<git_oid> ids = {add(pack, small), add(pack, medium), add(pack, large), add(pack, "")};
  add(pack, medium);  // a duplicate is written once
  EXPECT_EQ(pack->size(), 4U);
  // Before finish: read through the object database the pack belongs to.
  EXPECT_EQ(read(repo_, ids[2]), large);
  EXPECT_EQ(read(repo_, ids[3]), "");
  // A tree written by libgit2 goes into the pack too, and names the blobs.
  git_treebuilder* builder = nullptr;
  git_oid tree;
  ASSERT_EQ(git_treebuilder_new(&builder, repo_, nullptr), 0);
  ASSERT_EQ(git_treebuilder_insert(nullptr, builder, "small", &ids[0], GIT_FILEMODE_BLOB), 0);
  ASSERT_EQ(git_treebuilder_insert(nullptr, builder, "large", &ids[2], GIT_FILEMODE_BLOB), 0);
  ASSERT_EQ(git_treebuilder_write(&tree, builder), 0);
  git_treebuilder_free(builder);
  EXPECT_EQ(pack->size(), 5U);
  std::string error;
  ASSERT_TRUE(pack->finish(error)) << error;
  EXPECT_EQ(read_from_disk(ids[0]), small);
  EXPECT_EQ(read_from_disk(ids[1]), medium);
  EXPECT_EQ(read_from_disk(ids[2]), large);
  EXPECT_EQ(read_from_disk(ids[3]), "");
  // One pack and the index written beside it, which git's own checks accept: verify-pack
  // inflates every object and compares the index's ids, offsets and CRCs with the pack.
  std::vector<std::string> files = pack_files();
  ASSERT_EQ(files.size(), 2U);
  std::string pack_name = files[0].substr(0, files[0].rfind('.'));
  EXPECT_EQ(git("verify-pack objects/pack/" + pack_name + ".idx"), 0);
  EXPECT_EQ(git("fsck --strict --no-dangling"), 0);
}

TEST_F(PackTest, ABlobTheRepositoryHoldsIsNotAddedAgain) {
  git_oid stored;
  ASSERT_EQ(git_blob_create_from_buffer(&stored, repo_, "held", 4), 0);
  Pack* pack = start(true);
  git_oid again = add(pack, "held");
  EXPECT_TRUE(git_oid_equal(&stored, &again));
  EXPECT_EQ(pack->size(), 0U);
  add(pack, "new");
  EXPECT_EQ(pack->size(), 1U);
}

TEST_F(PackTest, AnUnfinishedPackLeavesNoFile) {
  Pack* pack = start(true);
  git_oid id = add(pack, std::string(5000, 'z'));
  EXPECT_EQ(pack_files().size(), 1U);  // the temporary pack
  close();
  EXPECT_TRUE(pack_files().empty());
  EXPECT_EQ(read_from_disk(id), "(missing)");
}

TEST_F(PackTest, APackOutsideTheRepositoryIsReadableAndNeverFinished) {
  Pack* pack = start(false);
  std::string contents(70000, 'q');
  git_oid id = add(pack, contents);
  EXPECT_EQ(read(repo_, id), contents);
  EXPECT_TRUE(pack_files().empty());
  std::string error;
  EXPECT_FALSE(pack->finish(error));
  EXPECT_FALSE(error.empty());
  EXPECT_TRUE(pack_files().empty());
}

TEST_F(PackTest, TheTemporaryPackOfAKilledPublishIsRemovedByTheNext) {
  // A pid that is free: a child's, once it has exited and been waited for.
  pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  waitpid(child, nullptr, 0);
  std::string folder = path_ + "/objects/pack/";
  std::string dead = "tmp_pack_kmetal-" + std::to_string(child) + "-a1B2c3";
  std::string dead_index = "tmp_idx_kmetal-" + std::to_string(child);
  std::string alive = "tmp_pack_kmetal-1";  // init's: alive, maybe another kmetal's pack
  for (const std::string& name : {dead, dead_index, alive}) {
    std::FILE* f = std::fopen((folder + name).c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fclose(f);
  }
  Pack* pack = start(true);
  ASSERT_NE(pack, nullptr);
  std::vector<std::string> files = pack_files();
  EXPECT_EQ(std::count(files.begin(), files.end(), dead), 0);
  EXPECT_EQ(std::count(files.begin(), files.end(), dead_index), 0);
  EXPECT_EQ(std::count(files.begin(), files.end(), alive), 1);
  std::string own = "tmp_pack_kmetal-" + std::to_string(getpid()) + "-";
  EXPECT_EQ(std::count_if(files.begin(), files.end(),
                          [&own](const std::string& f) { return f.rfind(own, 0) == 0; }),
            1);
}

}  // namespace
}  // namespace kmetal::gitops
