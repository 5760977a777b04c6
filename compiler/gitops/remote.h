// Talking to a real remote: who kmetal is (an SSH key, the ssh-agent, a token, git's credential
// helpers), whom it is talking to (SSH host keys from a known_hosts file, TLS certificates from
// the system's or a given CA bundle), and what is never shown (a URL's password). The parts
// here are pure, so they are tested without a server; Repository::push wires them into
// libgit2's callbacks.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kmetal::gitops {

// How publish --push reaches a remote, from the command line.
struct RemoteAccess {
  std::string ssh_key;      // a private key file (its .pub beside it is used when present)
  std::string known_hosts;  // trusted SSH host keys; empty: ~/.ssh/known_hosts
  std::string ca_bundle;    // trusted CAs for HTTPS (PEM); empty: the system's
};

// A remote's address, from a URL (scheme://[user[:password]@]host[:port]/path) or git's scp
// form (user@host:path, which is SSH on port 22).
struct RemoteUrl {
  std::string scheme;  // "ssh", "https", "http", "file", ...; "ssh" for the scp form
  std::string user;
  std::optional<std::string> password;
  std::string host;
  int port = 0;  // 0: the scheme's default
  std::string path;
};
std::optional<RemoteUrl> parse_remote_url(const std::string& url);

// `text` with the password of every URL in it replaced by "***", and the user of an HTTP(S)
// URL that has no password (a token, as in https://TOKEN@github.com/...).
std::string redact(const std::string& text);

// A token for HTTPS and the user name the host expects with it, from the environment: the
// token named by KMETAL_GIT_TOKEN (user: KMETAL_GIT_USERNAME, else the URL's, else the host's
// convention: x-access-token on GitHub, oauth2 on GitLab, x-token-auth on Bitbucket), else the
// CI system's own token for its own server (GitHub Actions' GITHUB_TOKEN for GITHUB_SERVER_URL,
// GitLab CI's CI_JOB_TOKEN for CI_SERVER_HOST). `source` names the variable, never the value.
struct Token {
  std::string username;
  std::string secret;
  std::string source;
};
using Environment = std::function<const char*(const char* name)>;
std::optional<Token> token_for(const RemoteUrl& url, const Environment& env);

// Whether a known_hosts file trusts `key` (an SSH host key blob, as its base64 field holds it)
// for `host` on `port`: plain, comma-separated and wildcard host patterns, `[host]:port` for
// ports other than 22, hashed entries (|1|salt|hash), negated patterns and @revoked lines.
// @cert-authority lines are not used.
enum class HostKey { Trusted, Unknown, Changed, Revoked };
HostKey check_host_key(const std::string& known_hosts, const std::string& host, int port,
                       const std::string& key);

// The user name and password git's credential helpers hold for a URL (`git credential fill`,
// with terminal prompts off); nullopt when none has one. approve/reject tell the helpers how
// the password did, as git does after a push.
std::optional<Token> credential_fill(const RemoteUrl& url, const std::string& git_dir);
void credential_report(const RemoteUrl& url, const Token& token, const std::string& git_dir,
                       bool approved);

}  // namespace kmetal::gitops
