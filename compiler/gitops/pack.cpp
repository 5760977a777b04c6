#include "compiler/gitops/pack.h"

#include <fcntl.h>
#include <git2/sys/odb_backend.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

#include "compiler/base/abandoned.h"
#include "compiler/gitops/repository.h"

namespace kmetal::gitops {
namespace {

// The temporary files' names in objects/pack, followed by the pid: git's prefixes, so that
// `git gc` would remove them too.
constexpr const char* kTempPack = "tmp_pack_kmetal-";
constexpr const char* kTempIndex = "tmp_idx_kmetal-";

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFFU);
}

// An entry's header: the type in bits 4-6 of the first byte, the size in its low four bits and
// then seven bits per byte, the high bit saying another byte follows.
void put_entry_header(std::string& out, git_object_t type, std::size_t size) {
  auto byte = static_cast<unsigned>((static_cast<unsigned>(type) << 4U) | (size & 0x0FU));
  size >>= 4U;
  while (size != 0) {
    out += static_cast<char>(byte | 0x80U);
    byte = size & 0x7FU;
    size >>= 7U;
  }
  out += static_cast<char>(byte);
}

struct OidHash {
  std::size_t operator()(const git_oid& id) const {
    std::size_t h = 0;
    std::memcpy(&h, id.id, sizeof h);  // an object id is uniformly distributed already
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};

// Where an object lies in the pack: its entry (header and compressed data) and what the
// entry's header says.
struct Entry {
  std::uint64_t offset = 0;
  std::uint32_t length = 0;  // bytes of the entry, header included
  std::uint32_t crc = 0;     // CRC-32 of those bytes, as the index records it
  std::size_t size = 0;      // the object's own size
  git_object_t type = GIT_OBJECT_INVALID;
};

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool read_all(int fd, char* data, std::size_t size, std::uint64_t offset) {
  while (size > 0) {
    ssize_t n = ::pread(fd, data, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  return true;
}

using Sha1 = std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)>;
Sha1 start_sha1() {
  Sha1 sha(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (sha && EVP_DigestInit_ex(sha.get(), EVP_sha1(), nullptr) != 1) sha.reset();
  return sha;
}

class Backend final : public git_odb_backend, public Pack {
 public:
  Backend(int fd, std::string temp, std::string folder)
      : git_odb_backend(), fd_(fd), temp_(std::move(temp)), folder_(std::move(folder)) {
    buffer_ = "PACK";
    put_be32(buffer_, 2);
    put_be32(buffer_, 0);  // the object count, set by finish()
  }
  ~Backend() {
    if (deflating_) deflateEnd(&deflate_);
    if (inflating_) inflateEnd(&inflate_);
    if (fd_ >= 0) ::close(fd_);
    if (!finished_ && !temp_.empty()) ::unlink(temp_.c_str());
  }
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  bool start(std::string& error) {
    version = GIT_ODB_BACKEND_VERSION;
    read = &Backend::read_object;
    read_header = &Backend::read_object_header;
    write = &Backend::write_object;
    exists = &Backend::has_object;
    free = &Backend::release;
    if (deflateInit(&deflate_, Z_BEST_SPEED) != Z_OK) return error = "cannot start zlib", false;
    deflating_ = true;
    if (inflateInit(&inflate_) != Z_OK) return error = "cannot start zlib", false;
    inflating_ = true;
    return true;
  }

  bool add_blob(const std::string& contents, git_oid& id, std::string& error) override {
    if (git_odb_hash(&id, contents.data(), contents.size(), GIT_OBJECT_BLOB) != 0)
      return error = last_error(), false;
    if (index_.count(id) > 0 || git_odb_exists_ext(odb, &id, GIT_ODB_LOOKUP_NO_REFRESH) != 0)
      return true;
    if (!add(id, contents.data(), contents.size(), GIT_OBJECT_BLOB))
      return error = "cannot write to the pack: " + std::string(std::strerror(errno)), false;
    return true;
  }

  std::size_t size() const override { return index_.size(); }

  bool finish(std::string& error) override {
    if (temp_.empty()) return error = "a pack outside the repository is never finished", false;
    auto fail = [&error](const std::string& what) {
      error = what + ": " + std::strerror(errno);
      return false;
    };
    std::string count;
    put_be32(count, static_cast<std::uint32_t>(index_.size()));
    if (!flush() || ::pwrite(fd_, count.data(), count.size(), 8) != 4)
      return fail("cannot write the pack");
    // The pack's checksum covers every byte of it; the file is read back (from the page cache,
    // most likely) because the count at its head came last.
    Sha1 sha = start_sha1();
    if (!sha) return error = "cannot start SHA-1", false;
    std::vector<char> chunk(1U << 20U);
    for (std::uint64_t at = 0; at < written_;) {
      std::size_t n =
          static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), written_ - at));
      if (!read_all(fd_, chunk.data(), n, at)) return fail("cannot read the pack back");
      if (EVP_DigestUpdate(sha.get(), chunk.data(), n) != 1) return error = "SHA-1 failed", false;
      at += n;
    }
    unsigned char checksum[EVP_MAX_MD_SIZE];
    unsigned int checksum_size = 0;
    if (EVP_DigestFinal_ex(sha.get(), checksum, &checksum_size) != 1 || checksum_size != 20)
      return error = "SHA-1 failed", false;
    if (!write_all(fd_, reinterpret_cast<const char*>(checksum), checksum_size) ||
        ::fchmod(fd_, 0444) != 0) {
      return fail("cannot write the pack");
    }
    std::string index = make_index(checksum);
    if (index.empty()) return error = "SHA-1 failed", false;
    std::string index_temp = folder_ + "/" + kTempIndex + std::to_string(::getpid()) + "-XXXXXX";
    int index_fd = ::mkostemp(index_temp.data(), O_CLOEXEC);
    if (index_fd < 0) return fail("cannot create " + index_temp);
    bool wrote = write_all(index_fd, index.data(), index.size()) && ::fchmod(index_fd, 0444) == 0;
    ::close(index_fd);
    // As git does: the pack first, then its index, which is what makes the objects visible.
    git_oid named;  // the checksum is a SHA-1, as an object id is: libgit2 writes its hex
    git_oid_fromraw(&named, checksum);
    char hex[GIT_OID_HEXSZ + 1];
    std::string name = folder_ + "/pack-" + git_oid_tostr(hex, sizeof hex, &named);
    if (!wrote || ::rename(temp_.c_str(), (name + ".pack").c_str()) != 0) {
      ::unlink(index_temp.c_str());
      return fail("cannot write " + name + ".pack");
    }
    finished_ = true;
    if (::rename(index_temp.c_str(), (name + ".idx").c_str()) != 0) {
      ::unlink(index_temp.c_str());
      return fail("cannot write " + name + ".idx");
    }
    return true;
  }

 private:
  static Backend* self(git_odb_backend* b) { return static_cast<Backend*>(b); }

  static int read_object(void** out, std::size_t* size, git_object_t* type, git_odb_backend* b,
                         const git_oid* id) {
    Backend* pack = self(b);
    auto it = pack->index_.find(*id);
    if (it == pack->index_.end()) return GIT_ENOTFOUND;
    // One byte at least: libgit2 takes a null buffer for a failed allocation.
    auto* data = static_cast<unsigned char*>(
        git_odb_backend_data_alloc(b, std::max<std::size_t>(it->second.size, 1)));
    if (data == nullptr || !pack->inflate_entry(it->second, data)) {
      git_odb_backend_data_free(b, data);
      git_error_set_str(GIT_ERROR_ODB, "cannot read an object of the pack being written");
      return GIT_ERROR;
    }
    *out = data;
    *size = it->second.size;
    *type = it->second.type;
    return 0;
  }
  static int read_object_header(std::size_t* size, git_object_t* type, git_odb_backend* b,
                                const git_oid* id) {
    const Backend* pack = self(b);
    auto it = pack->index_.find(*id);
    if (it == pack->index_.end()) return GIT_ENOTFOUND;
    *size = it->second.size;
    *type = it->second.type;
    return 0;
  }
  static int write_object(git_odb_backend* b, const git_oid* id, const void* data, std::size_t size,
                          git_object_t type) {
    Backend* pack = self(b);
    if (pack->index_.count(*id) > 0 || pack->add(*id, data, size, type)) return 0;
    git_error_set_str(GIT_ERROR_OS, "cannot write to the pack");
    return GIT_ERROR;
  }
  static int has_object(git_odb_backend* b, const git_oid* id) {
    return self(b)->index_.count(*id) > 0 ? 1 : 0;
  }
  static void release(git_odb_backend* b) { delete self(b); }

  // Compresses the object and appends its entry; the buffer goes to the file about 1 MiB at a
  // time.
  bool add(const git_oid& id, const void* data, std::size_t size, git_object_t type) {
    // Nothing goes after the trailer of a finished pack; zlib's counters are 32-bit.
    if (finished_ || size > 0xFFFFFFF0U) {
      errno = finished_ ? EBADF : EFBIG;
      return false;
    }
    Entry entry;
    entry.offset = written_ + buffer_.size();
    entry.size = size;
    entry.type = type;
    std::size_t start = buffer_.size();
    put_entry_header(buffer_, type, size);
    std::size_t header = buffer_.size();
    buffer_.resize(header + deflateBound(&deflate_, static_cast<uLong>(size)));
    deflate_.next_in = static_cast<Bytef*>(const_cast<void*>(data));
    deflate_.avail_in = static_cast<uInt>(size);
    deflate_.next_out = reinterpret_cast<Bytef*>(&buffer_[header]);
    deflate_.avail_out = static_cast<uInt>(buffer_.size() - header);
    int rc = deflate(&deflate_, Z_FINISH);
    std::size_t produced = buffer_.size() - header - deflate_.avail_out;
    deflateReset(&deflate_);
    if (rc != Z_STREAM_END || header + produced - start > 0xFFFFFFFFU) {
      buffer_.resize(start);
      errno = EIO;
      return false;
    }
    buffer_.resize(header + produced);
    entry.length = static_cast<std::uint32_t>(buffer_.size() - start);
    entry.crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(&buffer_[start]), entry.length));
    index_.emplace(id, entry);
    return buffer_.size() < (1U << 20U) || flush();
  }

  bool flush() {
    if (!write_all(fd_, buffer_.data(), buffer_.size())) return false;
    written_ += buffer_.size();
    buffer_.clear();
    return true;
  }

  bool inflate_entry(const Entry& entry, unsigned char* out) {
    if (entry.offset + entry.length > written_ && !flush()) return false;
    std::string bytes(entry.length, '\0');
    if (!read_all(fd_, bytes.data(), bytes.size(), entry.offset)) return false;
    std::size_t header = 1;
    while ((static_cast<unsigned char>(bytes[header - 1]) & 0x80U) != 0) ++header;
    inflateReset(&inflate_);
    inflate_.next_in = reinterpret_cast<Bytef*>(&bytes[header]);
    inflate_.avail_in = static_cast<uInt>(bytes.size() - header);
    inflate_.next_out = out;
    inflate_.avail_out = static_cast<uInt>(entry.size);
    return inflate(&inflate_, Z_FINISH) == Z_STREAM_END && inflate_.avail_out == 0;
  }

  // The version 2 index: a fan-out table, the sorted ids, their CRCs, their offsets (those
  // past 2 GiB in a table of their own), the pack's checksum and the index's. Empty when
  // SHA-1 fails.
  std::string make_index(const unsigned char* pack_checksum) const {
    std::vector<std::pair<git_oid, Entry>> sorted(index_.begin(), index_.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return git_oid_cmp(&a.first, &b.first) < 0; });
    std::string out = "\377tOc";
    put_be32(out, 2);
    std::array<std::uint32_t, 256> fanout{};
    for (const auto& [id, entry] : sorted) ++fanout[id.id[0]];
    std::uint32_t running = 0;
    for (std::uint32_t count : fanout) put_be32(out, running += count);
    for (const auto& [id, entry] : sorted) out.append(reinterpret_cast<const char*>(id.id), 20);
    for (const auto& [id, entry] : sorted) put_be32(out, entry.crc);
    std::string large;
    std::uint32_t large_count = 0;
    for (const auto& [id, entry] : sorted) {
      if (entry.offset < 0x80000000U) {
        put_be32(out, static_cast<std::uint32_t>(entry.offset));
      } else {
        put_be32(out, 0x80000000U | large_count++);
        put_be32(large, static_cast<std::uint32_t>(entry.offset >> 32U));
        put_be32(large, static_cast<std::uint32_t>(entry.offset & 0xFFFFFFFFU));
      }
    }
    out += large;
    out.append(reinterpret_cast<const char*>(pack_checksum), 20);
    Sha1 sha = start_sha1();
    unsigned char checksum[EVP_MAX_MD_SIZE];
    unsigned int checksum_size = 0;
    if (!sha || EVP_DigestUpdate(sha.get(), out.data(), out.size()) != 1 ||
        EVP_DigestFinal_ex(sha.get(), checksum, &checksum_size) != 1) {
      return {};
    }
    out.append(reinterpret_cast<const char*>(checksum), checksum_size);
    return out;
  }

  int fd_;
  std::string temp_;    // the temporary pack's path; empty when it has none
  std::string folder_;  // where finish() moves it
  std::string buffer_;  // entries not yet written to the file
  std::uint64_t written_ = 0;
  std::unordered_map<git_oid, Entry, OidHash, OidEqual> index_;
  z_stream deflate_{};
  z_stream inflate_{};
  bool deflating_ = false;
  bool inflating_ = false;
  bool finished_ = false;
};

}  // namespace

Pack* Pack::attach(git_odb* odb, const std::string& folder, std::string& error) {
  std::string temp;
  int fd = -1;
  if (folder.empty()) {
    const char* dir = std::getenv("TMPDIR");
    std::string anonymous =
        std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/kmetal-pack-XXXXXX";
    fd = ::mkstemp(anonymous.data());
    if (fd >= 0) ::unlink(anonymous.c_str());
  } else {
    // Named with the pid, so that the pack of a publish killed while it wrote is removed by
    // the next one (git's own gc would leave it two weeks).
    remove_abandoned(folder, kTempPack);
    remove_abandoned(folder, kTempIndex);
    // The pid, then a random part: unique even beside a process of the same pid in another
    // PID namespace that shares the repository.
    temp = folder + "/" + kTempPack + std::to_string(::getpid()) + "-XXXXXX";
    fd = ::mkostemp(temp.data(), O_CLOEXEC);
  }
  if (fd < 0) {
    error = "cannot create a temporary pack: " + std::string(std::strerror(errno));
    return nullptr;
  }
  auto backend = std::make_unique<Backend>(fd, temp, folder);
  if (!backend->start(error)) return nullptr;
  // Above the repository's own backends, so that new objects come here; the object database
  // owns it from now on.
  if (git_odb_add_backend(odb, backend.get(), 1000) != 0) {
    error = last_error();
    return nullptr;
  }
  return backend.release();
}

}  // namespace kmetal::gitops
