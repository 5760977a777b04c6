// metallb: each tenant's API VIP gets its own IPAddressPool holding just that address, not
// auto-assigned and allocatable only to services in the tenant's namespace, so no other
// service can take it (the allocator honours both for addresses requested by annotation:
// internal/allocator/allocator.go isPoolCompatibleWithService). Pools are labelled with the
// platform VIP pool they come from; one L2Advertisement or BGPAdvertisement per platform VIP
// pool selects them by that label. A BGPAdvertisement announces nothing without a session
// (speaker/bgp_controller.go publishAds iterates the peers), so every `bgp_peer` becomes a
// BGPPeer, and a BGPAdvertisement without `peers` announces to all of them.
#include "compiler/backends/metallb/metallb.h"

namespace kmetal::backends::metallb {
namespace {

constexpr const char* kPoolLabel = "kmetal.io/vip-pool";

std::string host_cidr(const IpAddress& ip) {
  return ip.to_string() + (ip.family == IpFamily::V4 ? "/32" : "/128");
}

}  // namespace

ManifestSet lower(const ir::Platform& p, const Options& options) {
  ManifestSet out;
  for (const ir::Tenant& t : selected_tenants(p, options)) {
    const ir::ControlPlane& cp = t.control_plane;
    Object pool = make_object(p, t.objects.address_pool);
    pool["metadata"]["labels"][kPoolLabel] = p.vip_pool(cp.pool).name;
    pool["spec"] = {
        {"addresses", Object::array({host_cidr(*cp.vip.value)})},
        {"autoAssign", false},
        {"serviceAllocation", {{"namespaces", Object::array({name_of(p, t.objects.ns)})}}}};
    out.add(t.objects.address_pool, std::move(pool));
  }
  for (const ir::VipPool& v : shared_part(p.vip_pools, options)) {
    Object ad = make_object(p, v.advertisement);
    ad["spec"] = {
        {"ipAddressPoolSelectors", Object::array({{{"matchLabels", {{kPoolLabel, v.name}}}}})}};
    out.add(v.advertisement, std::move(ad));
  }
  for (const ir::BgpPeer& b : shared_part(p.bgp_peers, options)) {
    Object peer = make_object(p, b.object);
    Object spec = {
        {"myASN", b.my_asn}, {"peerASN", b.asn}, {"peerAddress", b.address.value.to_string()}};
    if (b.port) spec["peerPort"] = *b.port;
    if (b.hold_time) spec["holdTime"] = std::to_string(*b.hold_time) + "s";
    if (b.password_secret) {
      // A reference only: the Secret (kubernetes.io/basic-auth, key `password`) is the
      // operator's, in MetalLB's namespace; kmetal never writes secret values.
      spec["passwordSecret"] = {{"name", *b.password_secret}, {"namespace", p.object(b.object).ns}};
    }
    peer["spec"] = std::move(spec);
    out.add(b.object, std::move(peer));
  }
  return out;
}

}  // namespace kmetal::backends::metallb
