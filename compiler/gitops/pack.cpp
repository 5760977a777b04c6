#include "compiler/gitops/pack.h"

#include <git2/sys/odb_backend.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <memory>

#include "compiler/gitops/repository.h"

namespace kmetal::gitops {
namespace {

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

}  // namespace

bool write_pack(git_odb* odb, std::vector<git_oid> objects, std::string& error) {
  std::sort(objects.begin(), objects.end(),
            [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; });
  objects.erase(
      std::unique(objects.begin(), objects.end(),
                  [](const git_oid& a, const git_oid& b) { return git_oid_equal(&a, &b); }),
      objects.end());
  git_odb_writepack* writer = nullptr;
  if (git_odb_write_pack(&writer, odb, nullptr, nullptr) != 0) return error = last_error(), false;
  std::unique_ptr<git_odb_writepack, void (*)(git_odb_writepack*)> owned(
      writer, [](git_odb_writepack* w) { w->free(w); });
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> sha(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!sha || EVP_DigestInit_ex(sha.get(), EVP_sha1(), nullptr) != 1) {
    return error = "cannot start SHA-1", false;
  }
  git_indexer_progress stats{};
  std::string buffer = "PACK";
  put_be32(buffer, 2);
  put_be32(buffer, static_cast<std::uint32_t>(objects.size()));
  // The checksum covers everything before it; the buffer goes to the writer about 1 MiB at a
  // time.
  auto flush = [&](std::size_t at_least) {
    if (buffer.size() < at_least) return true;
    if (EVP_DigestUpdate(sha.get(), buffer.data(), buffer.size()) != 1 ||
        writer->append(writer, buffer.data(), buffer.size(), &stats) != 0) {
      return false;
    }
    buffer.clear();
    return true;
  };
  std::string compressed;
  for (const git_oid& id : objects) {
    git_odb_object* object = nullptr;
    if (git_odb_read(&object, odb, &id) != 0) return error = last_error(), false;
    std::unique_ptr<git_odb_object, void (*)(git_odb_object*)> read(object, git_odb_object_free);
    std::size_t size = git_odb_object_size(object);
    uLongf length = compressBound(static_cast<uLong>(size));
    compressed.resize(length);
    if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &length,
                  static_cast<const Bytef*>(git_odb_object_data(object)), static_cast<uLong>(size),
                  Z_BEST_SPEED) != Z_OK) {
      return error = "cannot compress an object", false;
    }
    put_entry_header(buffer, git_odb_object_type(object), size);
    buffer.append(compressed, 0, length);
    if (!flush(1U << 20U)) return error = last_error(), false;
  }
  unsigned char checksum[EVP_MAX_MD_SIZE];
  unsigned int checksum_size = 0;
  if (!flush(0) || EVP_DigestFinal_ex(sha.get(), checksum, &checksum_size) != 1 ||
      writer->append(writer, checksum, checksum_size, &stats) != 0 ||
      writer->commit(writer, &stats) != 0) {
    return error = last_error(), false;
  }
  return true;
}

}  // namespace kmetal::gitops
