#include "compiler/ir/network.h"

#include <set>
#include <tuple>

namespace kmetal::ir {

std::vector<Cidr> vip_source_ranges(const Platform& p, const Tenant& t) {
  auto less = [](const Cidr& a, const Cidr& b) {
    return std::tie(a.address, a.prefix) < std::tie(b.address, b.prefix);
  };
  std::set<Cidr, decltype(less)> ranges(less);
  if (t.network.vlan) {
    ranges.insert(*t.network.cidr.value);
  } else {
    const IpAddress& ip = *t.network.egress_ip.value;
    ranges.insert(Cidr{ip, ip.bits()});
  }
  for (const auto& r : p.admin_ranges) ranges.insert(r.value);
  for (const auto& r : t.control_plane.admin_ranges) ranges.insert(r.value);
  return {ranges.begin(), ranges.end()};
}

}  // namespace kmetal::ir
