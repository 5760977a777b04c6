#include "compiler/backends/common.h"

#include <set>

namespace kmetal::backends {

Object vip_source_ranges(const ir::Platform& p, const ir::Tenant& t) {
  std::set<std::pair<IpAddress, unsigned>> ranges;  // sorted, no duplicates
  if (t.network.vlan) {
    ranges.insert({t.network.cidr.value->address, t.network.cidr.value->prefix});
  } else {
    const IpAddress& ip = *t.network.egress_ip.value;
    ranges.insert({ip, ip.bits()});
  }
  for (const auto& r : p.admin_ranges) ranges.insert({r.value.address, r.value.prefix});
  for (const auto& r : t.control_plane.admin_ranges)
    ranges.insert({r.value.address, r.value.prefix});
  Object out = Object::array();
  for (const auto& [address, prefix] : ranges) out.push_back(Cidr{address, prefix}.to_string());
  return out;
}

}  // namespace kmetal::backends
