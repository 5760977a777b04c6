// Container image references, checked the way a registry client resolves them, so a worker
// image that would not pull is an error at its line rather than a VM stuck importing.
//   "quay.io/capk/ubuntu-2204-container-disk:v1.31.4"  ok (registry, path, tag)
//   "ubuntu:22.04"     not fully qualified: which registry is meant depends on the node's
//                      container runtime configuration, so kmetal wants it spelled out
//   "docker://..."     kmetal writes CDI's `docker://` scheme itself
// The grammar is the distribution reference grammar (github.com/distribution/reference,
// reference.go): domain[:port]/path[:tag][@digest], path components lowercase.
#pragma once

#include <string>
#include <string_view>

namespace kmetal {

struct ImageRef {
  std::string registry;    // "quay.io", "localhost:5000"
  std::string repository;  // "capk/ubuntu-2204-container-disk"
  std::string tag;         // may be empty when a digest is given
  std::string digest;      // "sha256:<64 hex>", or empty
};

// Parses a fully qualified reference with a tag or a digest; returns why `text` is not one,
// or an empty string.
std::string parse_image_ref(std::string_view text, ImageRef& out);

}  // namespace kmetal
