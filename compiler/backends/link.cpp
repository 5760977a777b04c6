#include "compiler/backends/link.h"

#include <map>

#include "compiler/base/internal_error.h"
#include "compiler/base/sha256.h"

namespace kmetal::backends {

std::string content_of(const Object& object) {
  Object copy = object;
  copy["metadata"].erase("name");
  return copy.dump();  // ordered_json: key order is the backend's, so the text is stable
}

void link(const ir::Platform& platform, ManifestSet& set) {
  std::map<std::uint32_t, std::string> final_names;  // content-addressed object -> name
  for (Manifest& m : set.manifests) {
    const ir::ObjectName& row = platform.object(m.id);
    if (!row.content_addressed) continue;
    KMETAL_CHECK(m.refs.empty(), "a content-addressed object may not refer to another");
    std::string name =
        row.name + "-" + sha256_hex(content_of(m.object)).substr(0, ir::kContentHashLength);
    m.object["metadata"]["name"] = name;
    final_names[m.id.value] = name;
  }
  for (Manifest& m : set.manifests) {
    for (const auto& [pointer, target] : m.refs) {
      const ir::ObjectName& row = platform.object(target);
      std::string name = row.name;
      if (row.content_addressed) {
        auto it = final_names.find(target.value);
        KMETAL_CHECK(it != final_names.end(),
                     "a reference to " + row.name + "-<hash>, never built");
        name = it->second;
      }
      m.object[nlohmann::ordered_json::json_pointer(pointer)] = name;
    }
    m.refs.clear();
    const ir::ObjectName& row = platform.object(m.id);
    m.path = ir::object_path(row, m.object["metadata"]["name"].get<std::string>());
    m.inside_tenant = !row.cluster.empty();
  }
}

}  // namespace kmetal::backends
