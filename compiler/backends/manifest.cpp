#include "compiler/backends/manifest.h"

#include "compiler/base/internal_error.h"

namespace kmetal::backends {

Object make_object(const ir::Platform& p, ir::ObjectId id) {
  const ir::ObjectName& row = p.object(id);
  const ir::KindInfo& kind = ir::kind_info(row.kind);
  Object o;
  o["apiVersion"] = kind.api_version;
  o["kind"] = kind.name;
  Object metadata;
  metadata["name"] = row.name;
  if (!row.ns.empty()) metadata["namespace"] = row.ns;
  Object labels;
  labels["app.kubernetes.io/managed-by"] = "kmetal";
  if (!row.tenant.empty()) labels["kmetal.io/tenant"] = row.tenant;
  metadata["labels"] = labels;
  o["metadata"] = metadata;
  return o;
}

const std::string& name_of(const ir::Platform& p, ir::ObjectId id) {
  const ir::ObjectName& row = p.object(id);
  KMETAL_CHECK(!row.content_addressed, "a content-addressed name is referred to through refs");
  return row.name;
}

std::string cpu_quantity(std::int64_t m) {
  return m % 1000 == 0 ? std::to_string(m / 1000) : std::to_string(m) + "m";
}

std::string memory_quantity(std::int64_t bytes) {
  static const char* units[] = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
  for (int i = 0; i < 6; ++i) {
    std::int64_t unit = std::int64_t{1} << (10 * (6 - i));
    if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + units[i];
  }
  return std::to_string(bytes);
}

}  // namespace kmetal::backends
