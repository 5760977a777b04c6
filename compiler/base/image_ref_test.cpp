#include "compiler/base/image_ref.h"

#include <gtest/gtest.h>

namespace kmetal {
namespace {

ImageRef parsed(std::string_view text) {
  ImageRef out;
  EXPECT_EQ(parse_image_ref(text, out), "") << text;
  return out;
}

std::string problem(std::string_view text) {
  ImageRef out;
  return parse_image_ref(text, out);
}

TEST(ImageRef, AcceptsQualifiedReferences) {
  ImageRef capk = parsed("quay.io/capk/ubuntu-2204-container-disk:v1.31.4");
  EXPECT_EQ(capk.registry, "quay.io");
  EXPECT_EQ(capk.repository, "capk/ubuntu-2204-container-disk");
  EXPECT_EQ(capk.tag, "v1.31.4");
  ImageRef local = parsed("localhost:5000/images/node_v2__x:1.0");
  EXPECT_EQ(local.registry, "localhost:5000");
  EXPECT_EQ(local.tag, "1.0");
  std::string hex(64, 'a');
  ImageRef pinned = parsed("registry.example.net:443/os/ubuntu@sha256:" + hex);
  EXPECT_EQ(pinned.digest, "sha256:" + hex);
  EXPECT_EQ(pinned.tag, "");
  EXPECT_EQ(parsed("docker.io/library/ubuntu:22.04@sha256:" + hex).tag, "22.04");
  EXPECT_EQ(parsed("[2001:db8::1]:5000/os/ubuntu:24.04").registry, "[2001:db8::1]:5000");
  EXPECT_EQ(parsed("[fd00::5]/os/ubuntu:24.04").registry, "[fd00::5]");
}

TEST(ImageRef, RefusesWhatWouldNotPullTheSameEverywhere) {
  EXPECT_NE(problem("ubuntu:22.04").find("does not name its registry"), std::string::npos);
  EXPECT_NE(problem("capk/ubuntu:1").find("does not name its registry"), std::string::npos);
  EXPECT_NE(problem("docker://quay.io/a/b:1").find("scheme `docker://`"), std::string::npos);
  EXPECT_NE(problem("quay.io/a/b").find("no tag or digest"), std::string::npos);
  EXPECT_NE(problem("quay.io/A/b:1").find("uppercase"), std::string::npos);
  EXPECT_NE(problem("quay.io/a//b:1").find("empty path component"), std::string::npos);
  EXPECT_NE(problem("quay.io/a/b:").find("tag ``"), std::string::npos);
  EXPECT_NE(problem("quay.io/a/b:-x").find("tag `-x`"), std::string::npos);
  EXPECT_NE(problem("quay.io/a/b@sha256:abc").find("digest"), std::string::npos);
  EXPECT_NE(problem("quay.io:http/a:1").find("port"), std::string::npos);
  EXPECT_NE(problem("quay..io/a:1").find("not a host name"), std::string::npos);
  EXPECT_NE(problem("quay.io/a..b:1").find("single separators"), std::string::npos);
  EXPECT_NE(problem("quay.io/a___b:1").find("single separators"), std::string::npos);
  EXPECT_NE(problem("[2001:db8::1/a:1").find("bracketed IPv6"), std::string::npos);
  EXPECT_NE(problem("[::1]x/a:1").find("text after its address"), std::string::npos);
  EXPECT_NE(problem(":5000/a:1").find("not a host name"), std::string::npos);
  EXPECT_EQ(problem(""), "it is empty");
}

}  // namespace
}  // namespace kmetal
