#include "compiler/gitops/remote.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <initializer_list>

extern char** environ;

namespace kmetal::gitops {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// %XX escapes in a URL's user or password.
std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<std::string> base64_decode(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = text.size() - text.find_last_not_of('=') - 1;
  out.resize(static_cast<std::size_t>(n) - std::min<std::size_t>(padding, 2));
  return out;
}

// Whether a hashed known_hosts name (|1|salt|hash) is `name`.
bool hashed_name_is(const std::string& field, const std::string& name) {
  std::size_t bar = field.find('|', 3);
  if (bar == std::string::npos) return false;
  auto salt = base64_decode(field.substr(3, bar - 3));
  auto hash = base64_decode(field.substr(bar + 1));
  if (!salt || !hash) return false;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha1(), salt->data(), static_cast<int>(salt->size()),
           reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest,
           &size) == nullptr) {
    return false;
  }
  return hash->size() == size && std::memcmp(hash->data(), digest, size) == 0;
}

// OpenSSH's host patterns: '*' and '?' are wildcards, every other character (the brackets of
// "[host]:port" too) stands for itself.
bool wildcard_match(const std::string& pattern, const std::string& name) {
  std::size_t p = 0;
  std::size_t n = 0;
  std::size_t star = std::string::npos;
  std::size_t resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// Whether a known_hosts line's host field names `name`: a hashed name, or a comma-separated
// list of patterns where a negated one that matches rules the line out.
bool names(const std::string& field, const std::string& name) {
  if (field.rfind("|1|", 0) == 0) return hashed_name_is(field, name);
  bool matched = false;
  std::size_t start = 0;
  while (start <= field.size()) {
    std::size_t comma = field.find(',', start);
    std::string pattern =
        lower(field.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    bool negated = !pattern.empty() && pattern[0] == '!';
    if (negated) pattern.erase(0, 1);
    if (!pattern.empty() && wildcard_match(pattern, name)) {
      if (negated) return false;
      matched = true;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return matched;
}

// Runs `git [--git-dir DIR] credential VERB` with `input` on its stdin, prompts off; its
// stdout, or nullopt when it fails.
std::optional<std::string> git_credential(const std::string& verb, const std::string& input,
                                          const std::string& git_dir) {
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return std::nullopt;
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> args = {"git"};
  if (!git_dir.empty()) args.insert(args.end(), {"--git-dir", git_dir});
  args.insert(args.end(), {"credential", verb});
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // No prompt of any kind: not on the terminal, and not through an askpass program (an empty
  // GIT_ASKPASS also overrides core.askPass and SSH_ASKPASS).
  std::vector<std::string> env_strings = {"GIT_TERMINAL_PROMPT=0", "GCM_INTERACTIVE=never",
                                          "GIT_ASKPASS="};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "GIT_TERMINAL_PROMPT=", 20) != 0 &&
        std::strncmp(*e, "GIT_ASKPASS=", 12) != 0)
      env_strings.emplace_back(*e);
  }
  std::vector<char*> envp;
  envp.reserve(env_strings.size() + 1);
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  std::string output;
  // A git that exits before reading its input must not take kmetal down with SIGPIPE.
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  if (rc == 0) {
    // The request is a few lines, far below a pipe's buffer: written whole before reading.
    for (std::size_t done = 0; done < input.size();) {
      ssize_t n = ::write(in[1], input.data() + done, input.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
  }
  ::close(in[1]);
  ::sigaction(SIGPIPE, &previous, nullptr);
  char buffer[4096];
  for (ssize_t n = 0; rc == 0 && (n = ::read(out[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  pid_t waited = -1;
  while (rc == 0 && (waited = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (rc != 0 || waited != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return std::nullopt;
  }
  return output;
}

// The request git's credential protocol reads, line by line; nullopt when a value holds a
// line break or a NUL, which would let a URL inject a line (`host=` of another server) and
// receive that server's password (git's CVE-2020-5260).
std::optional<std::string> credential_request(const RemoteUrl& url, const std::string& username,
                                              const std::string& password = "") {
  std::string host = url.port != 0 ? url.host + ":" + std::to_string(url.port) : url.host;
  std::string path = url.path.size() > 1 ? url.path.substr(1) : "";
  for (const std::string* value :
       std::initializer_list<const std::string*>{&url.scheme, &host, &path, &username, &password}) {
    if (value->find_first_of(std::string("\r\n\0", 3)) != std::string::npos) return std::nullopt;
  }
  std::string out = "protocol=" + url.scheme + "\nhost=" + host + "\n";
  if (!path.empty()) out += "path=" + path + "\n";
  if (!username.empty()) out += "username=" + username + "\n";
  if (!password.empty()) out += "password=" + password + "\n";
  return out;
}

}  // namespace

std::optional<RemoteUrl> parse_remote_url(const std::string& url) {
  RemoteUrl out;
  std::size_t scheme_end = url.find("://");
  std::string authority;
  if (scheme_end != std::string::npos) {
    out.scheme = lower(url.substr(0, scheme_end));
    std::size_t start = scheme_end + 3;
    std::size_t slash = url.find('/', start);
    authority = url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    out.path = slash == std::string::npos ? "/" : url.substr(slash);
  } else {
    // git's scp form: a ':' before any '/' (after the brackets of an IPv6 host).
    std::size_t colon = url.find(':');
    std::size_t bracket = url.find('[');
    if (bracket != std::string::npos && bracket < colon) {
      std::size_t close = url.find(']', bracket);
      colon = close == std::string::npos ? std::string::npos : url.find(':', close);
    }
    std::size_t slash = url.find('/');
    if (colon == std::string::npos || (slash != std::string::npos && slash < colon)) {
      out.scheme = "file";
      out.path = url;
      return out;
    }
    out.scheme = "ssh";
    authority = url.substr(0, colon);
    out.path = url.substr(colon + 1);
    std::size_t at = authority.rfind('@');
    if (at != std::string::npos) {
      out.user = authority.substr(0, at);
      authority.erase(0, at + 1);
    }
    if (authority.size() > 2 && authority.front() == '[' && authority.back() == ']') {
      authority = authority.substr(1, authority.size() - 2);  // user@[::1]:path
    }
    out.host = lower(authority);
    return out.host.empty() ? std::nullopt : std::optional<RemoteUrl>(out);
  }
  std::size_t at = authority.rfind('@');
  if (at != std::string::npos) {
    std::string userinfo = authority.substr(0, at);
    authority.erase(0, at + 1);
    std::size_t colon = userinfo.find(':');
    out.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string::npos) out.password = percent_decode(userinfo.substr(colon + 1));
  }
  std::string port;
  if (!authority.empty() && authority[0] == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    out.host = lower(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port = authority.substr(close + 2);
  } else {
    std::size_t colon = authority.rfind(':');
    out.host = lower(authority.substr(0, colon));
    if (colon != std::string::npos) port = authority.substr(colon + 1);
  }
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    out.port = std::stoi(port);
  }
  if (out.host.empty() && out.scheme != "file") return std::nullopt;
  return out;
}

std::string redact(const std::string& text) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t scheme = text.find("://"); scheme != std::string::npos;
       scheme = text.find("://", scheme + 3)) {
    // The authority runs to the next '/', as parse_remote_url reads it: a password with a
    // space or a quote in it is hidden too (hiding too much is the safe side).
    std::size_t start = scheme + 3;
    std::size_t end = text.find('/', start);
    if (end == std::string::npos) end = text.size();
    std::size_t at = text.rfind('@', end);
    if (at == std::string::npos || at < start) continue;
    std::size_t colon = text.find(':', start);
    if (colon == std::string::npos || colon > at) {
      // A user without a password over HTTP(S) is often a token (https://TOKEN@github.com):
      // hidden whole. An SSH user (git@) is a name and stays.
      std::size_t word = scheme;
      while (word > 0 && std::isalpha(static_cast<unsigned char>(text[word - 1])) != 0) --word;
      std::string protocol = lower(text.substr(word, scheme - word));
      if (protocol != "http" && protocol != "https") continue;
      out.append(text, from, start - from).append("***");
      from = at;
      continue;
    }
    out.append(text, from, colon + 1 - from).append("***");
    from = at;
  }
  return out.append(text, from, std::string::npos);
}

std::optional<Token> token_for(const RemoteUrl& url, const Environment& env) {
  auto get = [&env](const char* name) {
    const char* v = env(name);
    return std::string(v != nullptr ? v : "");
  };
  if (std::string token = get("KMETAL_GIT_TOKEN"); !token.empty()) {
    std::string user = get("KMETAL_GIT_USERNAME");
    if (user.empty()) user = url.user;
    if (user.empty()) {
      const std::string& h = url.host;
      user = h == "github.com" || ends_with(h, ".ghe.com")               ? "x-access-token"
             : h.find("gitlab") != std::string::npos                     ? "oauth2"
             : h == "bitbucket.org"                                      ? "x-token-auth"
             : h == "dev.azure.com" || ends_with(h, ".visualstudio.com") ? "pat"
                                                                         : "git";
    }
    return Token{user, token, "KMETAL_GIT_TOKEN"};
  }
  auto host_of = [](const std::string& server_url) {
    auto parsed = parse_remote_url(server_url);
    return parsed ? parsed->host : lower(server_url);
  };
  std::string github = get("GITHUB_SERVER_URL");
  if (std::string token = get("GITHUB_TOKEN");
      !token.empty() && url.host == (github.empty() ? "github.com" : host_of(github))) {
    return Token{"x-access-token", token, "GITHUB_TOKEN"};
  }
  if (std::string token = get("CI_JOB_TOKEN");
      !token.empty() && url.host == lower(get("CI_SERVER_HOST"))) {
    return Token{"gitlab-ci-token", token, "CI_JOB_TOKEN"};
  }
  return std::nullopt;
}

HostKey check_host_key(const std::string& known_hosts, const std::string& host, int port,
                       const std::string& key) {
  std::string name = lower(host);
  std::vector<std::string> candidates;
  if (port == 0 || port == 22) candidates.push_back(name);
  candidates.push_back("[" + name + "]:" + std::to_string(port == 0 ? 22 : port));
  bool trusted = false;
  bool seen = false;
  // The key blob starts with its type, framed: a 4-byte big-endian length and the name.
  std::string key_type;
  if (key.size() >= 4) {
    std::size_t length = (static_cast<std::size_t>(static_cast<unsigned char>(key[0])) << 24U) |
                         (static_cast<std::size_t>(static_cast<unsigned char>(key[1])) << 16U) |
                         (static_cast<std::size_t>(static_cast<unsigned char>(key[2])) << 8U) |
                         static_cast<std::size_t>(static_cast<unsigned char>(key[3]));
    key_type = key.substr(4, std::min(length, key.size() - 4));
  }
  std::size_t start = 0;
  while (start < known_hosts.size()) {
    std::size_t end = known_hosts.find('\n', start);
    if (end == std::string::npos) end = known_hosts.size();
    std::string line = known_hosts.substr(start, end - start);
    start = end + 1;
    std::vector<std::string> fields;
    for (std::size_t i = 0; i < line.size();) {
      std::size_t j = line.find_first_of(" \t\r", i);
      if (j != i) fields.push_back(line.substr(i, j == std::string::npos ? j : j - i));
      if (j == std::string::npos) break;
      i = j + 1;
    }
    if (fields.empty() || fields[0][0] == '#') continue;
    std::string marker;
    if (fields[0][0] == '@') {
      marker = fields[0];
      fields.erase(fields.begin());
    }
    if (fields.size() < 3 || marker == "@cert-authority") continue;
    bool for_host = std::any_of(candidates.begin(), candidates.end(),
                                [&](const std::string& c) { return names(fields[0], c); });
    if (!for_host) continue;
    auto blob = base64_decode(fields[2]);
    bool same = blob && *blob == key;
    if (marker == "@revoked") {
      if (same) return HostKey::Revoked;
      continue;
    }
    // A line of another key type (an RSA key, where the server offers ed25519) says nothing
    // about this key: the host is unknown for it rather than changed.
    seen = seen || fields[1] == key_type;
    trusted = trusted || same;
  }
  return trusted ? HostKey::Trusted : seen ? HostKey::Changed : HostKey::Unknown;
}

std::optional<Token> credential_fill(const RemoteUrl& url, const std::string& git_dir) {
  auto request = credential_request(url, url.user);
  if (!request) return std::nullopt;
  auto output = git_credential("fill", *request + "\n", git_dir);
  if (!output) return std::nullopt;
  Token token;
  token.source = "git credential fill";
  std::size_t start = 0;
  while (start < output->size()) {
    std::size_t end = output->find('\n', start);
    if (end == std::string::npos) end = output->size();
    std::string line = output->substr(start, end - start);
    start = end + 1;
    if (line.rfind("username=", 0) == 0) token.username = line.substr(9);
    if (line.rfind("password=", 0) == 0) token.secret = line.substr(9);
  }
  if (token.secret.empty()) return std::nullopt;
  return token;
}

void credential_report(const RemoteUrl& url, const Token& token, const std::string& git_dir,
                       bool approved) {
  if (auto request = credential_request(url, token.username, token.secret)) {
    git_credential(approved ? "approve" : "reject", *request + "\n", git_dir);
  }
}

}  // namespace kmetal::gitops
