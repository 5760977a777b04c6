#include "compiler/emit/yaml.h"

#include <gtest/gtest.h>

#include "compiler/base/internal_error.h"

namespace kmetal::emit {
namespace {

using Json = nlohmann::ordered_json;

TEST(Yaml, QuotesEveryStringAndKeepsKeyOrder) {
  Json doc;
  doc["kind"] = "Test";
  doc["values"] = Json::array({"yes", "on", "0x1", "017", "1e3", "12:30", "a\"b\\c\nd"});
  doc["count"] = 3;
  doc["flag"] = false;
  EXPECT_EQ(to_yaml(doc),
            "kind: \"Test\"\n"
            "values:\n"
            "- \"yes\"\n- \"on\"\n- \"0x1\"\n- \"017\"\n- \"1e3\"\n- \"12:30\"\n"
            "- \"a\\\"b\\\\c\\nd\"\n"
            "count: 3\n"
            "flag: false\n");
}

TEST(Yaml, NestsMapsAndListsOfMaps) {
  Json doc;
  doc["metadata"] = {{"name", "x"}, {"labels", {{"app.kubernetes.io/name", "y"}, {"on", "z"}}}};
  doc["items"] = Json::array({{{"name", "a"}, {"ports", Json::array({1, 2})}}, Json::object()});
  doc["empty"] = Json::array();
  EXPECT_EQ(to_yaml(doc),
            "metadata:\n"
            "  name: \"x\"\n"
            "  labels:\n"
            "    app.kubernetes.io/name: \"y\"\n"
            "    \"on\": \"z\"\n"
            "items:\n"
            "- name: \"a\"\n"
            "  ports:\n"
            "  - 1\n"
            "  - 2\n"
            "- {}\n"
            "empty: []\n");
}

TEST(Yaml, NullIsACompilerBug) {
  Json doc;
  doc["x"] = nullptr;
  EXPECT_THROW(to_yaml(doc), InternalError);
}

}  // namespace
}  // namespace kmetal::emit
