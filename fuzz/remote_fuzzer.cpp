// libFuzzer target: arbitrary bytes as what a push reads from outside kmetal: the first line as
// a remote's address (a URL or git's scp form, as a user or a CI variable gives it), the rest
// as a known_hosts file, matched for the address's host against a key from the same bytes.
// Also checks that redaction is idempotent and leaves no password in a parsed URL's authority.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "compiler/gitops/remote.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  std::size_t newline = bytes.find('\n');
  std::string url = bytes.substr(0, newline);
  std::string known_hosts = newline == std::string::npos ? "" : bytes.substr(newline + 1);
  std::string redacted = kmetal::gitops::redact(url);
  if (kmetal::gitops::redact(redacted) != redacted) std::abort();
  // The password a URL's authority holds (up to the first '/' after "://", as the parser
  // reads it) is not in the redacted authority.
  auto parsed = kmetal::gitops::parse_remote_url(url);
  std::size_t scheme = redacted.find("://");
  if (parsed && parsed->password && !parsed->password->empty() &&
      parsed->password->find_first_of("%@/:") == std::string::npos && *parsed->password != "***" &&
      scheme != std::string::npos) {  // "***": the mask itself
    std::size_t slash = redacted.find('/', scheme + 3);
    std::string authority = redacted.substr(
        scheme + 3, slash == std::string::npos ? std::string::npos : slash - scheme - 3);
    if (authority.find(":" + *parsed->password + "@") != std::string::npos) std::abort();
  }
  std::string host = parsed ? parsed->host : url;
  int port = parsed ? parsed->port : 0;
  std::string key = known_hosts.substr(0, std::min<std::size_t>(known_hosts.size(), 51));
  kmetal::gitops::check_host_key(known_hosts, host, port, key);
  return 0;
}
