#include "compiler/gitops/remote.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace kmetal::gitops {
namespace {

// Two ed25519 host keys from ssh-keygen, and hashed known_hosts lines `ssh-keygen -H` wrote
// for the first as "localhost" and as "[localhost]:2222".
const std::string kKey = "AAAAC3NzaC1lZDI1NTE5AAAAIGzHLdjU5Xarp2A16+Pk8B7U4FrmJVQAd/ox7pCcbNrr";
const std::string kOther = "AAAAC3NzaC1lZDI1NTE5AAAAIJOAq7+Z5yknwzQ50Ql5DPkmgpw1oDJYRb6bGF7GPagz";
const std::string kHashed22 = "|1|E+0UCxY3zHBwTdAFcbfr5HZoLQQ=|L18iZ5Rp6T8E5JVdeFlkH4wZaqc=";
const std::string kHashed2222 = "|1|kH3Imm80XIyc2F826sZa3RAyuP0=|iYpfFkbCXUYW7ldMjcKFpd1HCLc=";

std::string blob(const std::string& base64) {
  std::string out(base64.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(base64.data()),
                          static_cast<int>(base64.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();  // the padding's bytes
  return out;
}

TEST(RemoteUrl, UrlsAndScpFormsParse) {
  auto https = parse_remote_url("https://deploy:s%40cret@Git.Example.com:8443/team/fleet.git");
  ASSERT_TRUE(https);
  EXPECT_EQ(https->scheme, "https");
  EXPECT_EQ(https->user, "deploy");
  EXPECT_EQ(https->password.value_or(""), "s@cret");
  EXPECT_EQ(https->host, "git.example.com");
  EXPECT_EQ(https->port, 8443);
  EXPECT_EQ(https->path, "/team/fleet.git");
  auto scp = parse_remote_url("git@github.com:acme/fleet.git");
  ASSERT_TRUE(scp);
  EXPECT_EQ(scp->scheme, "ssh");
  EXPECT_EQ(scp->user, "git");
  EXPECT_EQ(scp->host, "github.com");
  EXPECT_EQ(scp->port, 0);
  EXPECT_EQ(scp->path, "acme/fleet.git");
  auto ssh = parse_remote_url("ssh://git@[::1]:2222/srv/fleet.git");
  ASSERT_TRUE(ssh);
  EXPECT_EQ(ssh->host, "::1");
  EXPECT_EQ(ssh->port, 2222);
  auto scp6 = parse_remote_url("git@[FE80::1]:srv/fleet.git");
  ASSERT_TRUE(scp6);
  EXPECT_EQ(scp6->host, "fe80::1");
  EXPECT_EQ(scp6->path, "srv/fleet.git");
  auto path = parse_remote_url("/srv/git/fleet.git");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->scheme, "file");
  EXPECT_FALSE(parse_remote_url("https://host:99999999/x"));
  EXPECT_FALSE(parse_remote_url("https:///x"));
}

TEST(Redact, PasswordsInUrlsNeverShow) {
  EXPECT_EQ(redact("push to https://deploy:hunter2@git.example.com/x.git failed"),
            "push to https://deploy:***@git.example.com/x.git failed");
  EXPECT_EQ(redact("https://a:b@h/1 and http://c:d@h:80/2"),
            "https://a:***@h/1 and http://c:***@h:80/2");
  // A password with a space in it is a password still (found by the remote fuzzer).
  EXPECT_EQ(redact("https://u:pa ss@h/x"), "https://u:***@h/x");
  // A token as an HTTPS URL's user is hidden whole; an SSH user, and no user at all, stay.
  EXPECT_EQ(redact("push to https://ghp_t0k3n@github.com/a/b.git"),
            "push to https://***@github.com/a/b.git");
  EXPECT_EQ(redact("ssh://git@h:22/x https://h/y"), "ssh://git@h:22/x https://h/y");
}

TEST(TokenFor, EachHostGetsTheUserItExpects) {
  std::map<std::string, std::string> vars;
  Environment env = [&vars](const char* name) {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
  auto url = [](const std::string& u) { return *parse_remote_url(u); };
  EXPECT_FALSE(token_for(url("https://github.com/a/b.git"), env));
  vars["KMETAL_GIT_TOKEN"] = "t0k3n";
  EXPECT_EQ(token_for(url("https://github.com/a/b.git"), env)->username, "x-access-token");
  EXPECT_EQ(token_for(url("https://gitlab.example.com/a/b.git"), env)->username, "oauth2");
  EXPECT_EQ(token_for(url("https://bitbucket.org/a/b.git"), env)->username, "x-token-auth");
  EXPECT_EQ(token_for(url("https://deploy@git.example.com/a.git"), env)->username, "deploy");
  vars["KMETAL_GIT_USERNAME"] = "robot";
  auto explicit_user = token_for(url("https://deploy@git.example.com/a.git"), env);
  EXPECT_EQ(explicit_user->username, "robot");
  EXPECT_EQ(explicit_user->secret, "t0k3n");
  EXPECT_EQ(explicit_user->source, "KMETAL_GIT_TOKEN");
  // A CI system's own token goes to its own server only.
  vars.clear();
  vars["GITHUB_TOKEN"] = "ghs_x";
  vars["GITHUB_SERVER_URL"] = "https://github.com";
  EXPECT_EQ(token_for(url("https://github.com/a/b.git"), env)->username, "x-access-token");
  EXPECT_FALSE(token_for(url("https://gitlab.com/a/b.git"), env));
  vars["CI_JOB_TOKEN"] = "glcbt";
  vars["CI_SERVER_HOST"] = "gitlab.example.com";
  auto gitlab = token_for(url("https://gitlab.example.com/a/b.git"), env);
  EXPECT_EQ(gitlab->username, "gitlab-ci-token");
  EXPECT_EQ(gitlab->source, "CI_JOB_TOKEN");
}

TEST(HostKeys, PlainPortedHashedWildcardNegatedAndRevokedLines) {
  std::string key = blob(kKey);
  std::string other = blob(kOther);
  ASSERT_EQ(key.size(), 51U);  // "ssh-ed25519" framed, and the 32-byte key framed
  std::string plain = "# comment\n\nlocalhost ssh-ed25519 " + kKey + " note\n";
  EXPECT_EQ(check_host_key(plain, "localhost", 22, key), HostKey::Trusted);
  EXPECT_EQ(check_host_key(plain, "LOCALHOST", 0, key), HostKey::Trusted);
  EXPECT_EQ(check_host_key(plain, "localhost", 22, other), HostKey::Changed);
  // A line of another key type says nothing about this key: unknown, not changed.
  std::string rsa_only = "localhost ssh-rsa " + kOther + "\n";
  EXPECT_EQ(check_host_key(rsa_only, "localhost", 22, key), HostKey::Unknown);
  EXPECT_EQ(check_host_key(plain, "localhost", 2222, key), HostKey::Unknown);  // needs [..]:2222
  EXPECT_EQ(check_host_key(plain, "example.com", 22, key), HostKey::Unknown);
  std::string ported = "[localhost]:2222 ssh-ed25519 " + kKey + "\n";
  EXPECT_EQ(check_host_key(ported, "localhost", 2222, key), HostKey::Trusted);
  EXPECT_EQ(check_host_key(ported, "localhost", 22, key), HostKey::Unknown);
  std::string hashed =
      kHashed22 + " ssh-ed25519 " + kKey + "\n" + kHashed2222 + " ssh-ed25519 " + kKey + "\n";
  EXPECT_EQ(check_host_key(hashed, "localhost", 22, key), HostKey::Trusted);
  EXPECT_EQ(check_host_key(hashed, "localhost", 2222, key), HostKey::Trusted);
  EXPECT_EQ(check_host_key(hashed, "localhost", 2223, key), HostKey::Unknown);
  std::string patterns = "*.example.com,!bad.example.com ssh-ed25519 " + kKey + "\n";
  EXPECT_EQ(check_host_key(patterns, "git.example.com", 22, key), HostKey::Trusted);
  EXPECT_EQ(check_host_key(patterns, "bad.example.com", 22, key), HostKey::Unknown);
  std::string revoked = plain + "@revoked * ssh-ed25519 " + kKey + "\n";
  EXPECT_EQ(check_host_key(revoked, "localhost", 22, key), HostKey::Revoked);
  // A CA's key is not a host key: without certificates, its line trusts nothing.
  std::string authority = "@cert-authority localhost ssh-ed25519 " + kKey + "\n";
  EXPECT_EQ(check_host_key(authority, "localhost", 22, key), HostKey::Unknown);
}

// A URL cannot smuggle a line into git's credential protocol (git's CVE-2020-5260): a user
// name holding "\nhost=github.com\nusername=robot" would make the helper answer with github.com's
// password, which the push would then send to the URL's own host.
TEST(CredentialFill, ALineBreakInTheUrlAsksForNothing) {
  char dir[] = "/tmp/kmetal-credential-test.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string home = dir;
  std::ofstream(home + "/store") << "https://robot:pw-7f1@github.com\n";
  std::ofstream(home + "/.gitconfig")
      << "[credential]\n\thelper = store --file " << home << "/store\n";
  const char* old_home = std::getenv("HOME");
  std::string saved = old_home != nullptr ? old_home : "";
  setenv("HOME", home.c_str(), 1);
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  // The helper answers for github.com itself, so the refusal below is not for want of one.
  auto honest = credential_fill(*parse_remote_url("https://github.com/a/b.git"), "");
  auto injected = credential_fill(
      *parse_remote_url("https://x%0ahost=github.com%0ausername=robot@evil.example/r"), "");
  if (old_home != nullptr) setenv("HOME", saved.c_str(), 1);
  std::filesystem::remove_all(home);
  ASSERT_TRUE(honest);
  EXPECT_EQ(honest->username, "robot");
  EXPECT_EQ(honest->secret, "pw-7f1");
  EXPECT_FALSE(injected);
}

}  // namespace
}  // namespace kmetal::gitops
