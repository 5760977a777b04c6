// SHA-256 of a byte string as lowercase hex (OpenSSL), for content-addressed object names.
#pragma once

#include <string>
#include <string_view>

namespace kmetal {

std::string sha256_hex(std::string_view data);

}  // namespace kmetal
