#include "compiler/driver/output.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "compiler/base/abandoned.h"

namespace kmetal::driver {

namespace fs = std::filesystem;

namespace {

std::string errno_text() {
  return std::error_code(errno, std::generic_category()).message();
}

// Writes all of `contents` to a new file; false with errno set when it cannot.
bool write_file(const std::string& path, const std::string& contents) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = n < 0 ? errno : EIO;
      ::close(fd);
      errno = saved;
      return false;
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return ::close(fd) == 0;
}

}  // namespace

bool StagedTree::open() {
  fs::path target = fs::path(dir_).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (fs::exists(target, ec) && !fs::is_directory(target, ec)) {
    problem_ = dir_ + " exists and is not a directory";
    return false;
  }
  fs::create_directories(parent, ec);
  if (ec) {
    problem_ = "cannot create " + parent.string() + ": " + ec.message();
    return false;
  }
  target_ = target.string();
  std::string prefix = "." + target.filename().string() + ".kmetal-";
  staging_ = (parent / (prefix + std::to_string(getpid()))).string();
  fs::remove_all(staging_, ec);
  remove_abandoned(parent.string(), prefix);  // a killed build's staging folder
  return true;
}

void StagedTree::write(std::string path, std::string contents) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!writer_.joinable() && !synchronous_) {
    try {
      writer_ = std::thread(&StagedTree::run, this);
    } catch (const std::system_error&) {
      synchronous_ = true;  // no thread to be had: this one writes
    }
  }
  if (synchronous_) return write_now(path, contents);
  changed_.wait(lock, [this] { return pending_ < kMaxPending; });
  pending_ += contents.size();
  queue_.emplace_back(std::move(path), std::move(contents));
  changed_.notify_all();
}

void StagedTree::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) return;  // closing, and every file written
    auto [path, contents] = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    try {
      write_now(path, contents);
    } catch (const std::exception& e) {  // out of memory, say: reported, never terminate()
      if (problem_.empty()) problem_ = "cannot write " + path + ": " + e.what();
    }
    lock.lock();
    pending_ -= contents.size();
    changed_.notify_all();
  }
}

void StagedTree::write_now(const std::string& path, const std::string& contents) {
  if (!problem_.empty() || (staging_.empty() && !open())) return;
  std::string file = staging_ + "/" + path;
  std::string folder = file.substr(0, file.rfind('/'));
  if (folder != made_) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
      problem_ = "cannot create " + folder + ": " + ec.message();
      return;
    }
    made_ = folder;
  }
  if (!write_file(file, contents)) problem_ = "cannot write " + file + ": " + errno_text();
}

void StagedTree::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
    changed_.notify_all();
  }
  if (writer_.joinable()) writer_.join();
}

std::string StagedTree::commit() {
  stop();  // every queued file written; from here on, only this thread touches the state
  if (problem_.empty() && staging_.empty()) open();  // nothing written: DIR becomes empty
  if (!problem_.empty()) return problem_;
  std::error_code ec;
  if (fs::exists(target_, ec)) {
    // Swap the new tree in with one atomic exchange; the destructor deletes the old one.
    if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0) {
      return "cannot replace " + dir_ + ": " + errno_text();
    }
  } else {
    std::error_code mk;
    fs::create_directories(staging_, mk);
    if (std::rename(staging_.c_str(), target_.c_str()) != 0) {
      return "cannot create " + dir_ + ": " + errno_text();
    }
  }
  return {};
}

StagedTree::~StagedTree() {
  stop();
  // Before commit: the half-written new tree; after an exchange: the old tree.
  if (!staging_.empty()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

}  // namespace kmetal::driver
