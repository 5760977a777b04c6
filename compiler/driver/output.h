// Writes an output tree to a directory atomically: the files go to a temporary sibling as they
// are emitted, and the whole replaces DIR in one rename (an exchange when DIR exists) at the
// end, so a reader or a crash sees the old tree or the new one, never a mix. A build that
// fails, or a StagedTree destroyed before commit(), leaves DIR as it was and no sibling behind;
// the sibling of a build that was killed is removed by the next build of DIR.
//
// The files are written by a second thread while the compiler goes on lowering the next
// batch: the kernel's share of writing 250,000 files is about a third of a build, and it runs
// beside the compiler's instead of after it. At most kMaxPending bytes wait in the queue.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace kmetal::driver {

class StagedTree {
 public:
  explicit StagedTree(std::string dir) : dir_(std::move(dir)) {}
  ~StagedTree();
  StagedTree(const StagedTree&) = delete;
  StagedTree& operator=(const StagedTree&) = delete;

  // Queues one file of the tree (the staging folder is made before the first is written);
  // after a failure, every later file is dropped and commit() reports the first failure.
  void write(std::string path, std::string contents);
  // Waits for every queued file, then swaps the tree in. Empty on success, else why it failed
  // (DIR is then unchanged).
  std::string commit();

 private:
  static constexpr std::size_t kMaxPending = 64 << 20;

  bool open();
  void run();  // the writer thread
  // Writes one file into the staging folder (made first), unless a write already failed.
  void write_now(const std::string& path, const std::string& contents);
  void stop();

  std::string dir_;
  std::string target_;
  std::string staging_;
  std::string made_;  // the last folder made, so a folder of files is made once
  std::string problem_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<std::string, std::string>> queue_;
  std::size_t pending_ = 0;  // bytes in queue_
  bool closing_ = false;
  bool synchronous_ = false;  // no writer thread could be started
  std::thread writer_;
};

}  // namespace kmetal::driver
