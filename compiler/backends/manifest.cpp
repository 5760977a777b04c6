#include "compiler/backends/manifest.h"

namespace kmetal::backends {

Object make_object(std::string_view api_version, std::string_view kind, const std::string& name,
                   const std::string& ns, const std::string& tenant) {
  Object o;
  o["apiVersion"] = api_version;
  o["kind"] = kind;
  Object metadata;
  metadata["name"] = name;
  if (!ns.empty()) metadata["namespace"] = ns;
  Object labels;
  labels["app.kubernetes.io/managed-by"] = "kmetal";
  if (!tenant.empty()) labels["kmetal.io/tenant"] = tenant;
  metadata["labels"] = labels;
  o["metadata"] = metadata;
  return o;
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
