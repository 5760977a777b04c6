// metallb: each tenant's API VIP gets its own IPAddressPool holding just that address, not
// auto-assigned and allocatable only to services in the tenant's namespace, so no other
// service can take it. Pools are labelled with the platform VIP pool they come from; one
// L2Advertisement or BGPAdvertisement per platform VIP pool selects them by that label.
#include "compiler/backends/metallb/metallb.h"

namespace kmetal::backends::metallb {
namespace {

constexpr const char* kNamespace = "metallb-system";
constexpr const char* kApi = "metallb.io/v1beta1";
constexpr const char* kPoolLabel = "kmetal.io/vip-pool";

std::string host_cidr(const IpAddress& ip) {
  return ip.to_string() + (ip.family == IpFamily::V4 ? "/32" : "/128");
}

}  // namespace

ManifestSet lower(const ir::Platform& p, const Options&) {
  ManifestSet out;
  for (const ir::Tenant& t : p.tenants) {
    const ir::ControlPlane& cp = t.control_plane;
    Object pool = make_object(kApi, "IPAddressPool", t.name, kNamespace, t.name);
    pool["metadata"]["labels"][kPoolLabel] = p.vip_pool(cp.pool).name;
    pool["spec"] = {{"addresses", Object::array({host_cidr(*cp.vip.value)})},
                    {"autoAssign", false},
                    {"serviceAllocation", {{"namespaces", Object::array({t.name})}}}};
    out.add(Layer::Platform, {}, std::move(pool));
  }
  for (const ir::VipPool& v : p.vip_pools) {
    bool bgp = v.advertise == ir::Advertise::Bgp;
    Object ad = make_object(kApi, bgp ? "BGPAdvertisement" : "L2Advertisement", "kmetal-" + v.name,
                            kNamespace);
    ad["spec"] = {
        {"ipAddressPoolSelectors", Object::array({{{"matchLabels", {{kPoolLabel, v.name}}}}})}};
    out.add(Layer::Platform, {}, std::move(ad));
  }
  return out;
}

}  // namespace kmetal::backends::metallb
