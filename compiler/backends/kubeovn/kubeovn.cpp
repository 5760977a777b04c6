// kubeovn: the tenant networks, on Kube-OVN.
//  - underlay tenant: a Vlan on its ProviderNetwork and a Subnet on that VLAN; it routes
//    through the VLAN's physical gateway (the first host address);
//  - overlay tenant: its own Vpc and Subnet, and a path out: a VpcNatGateway whose LAN leg
//    sits in the tenant subnet and whose WAN leg is on the platform's egress network, an
//    IptablesEIP holding the tenant's egress address, an IptablesSnatRule translating the
//    whole subnet to it, and the VPC's default route pointing at the gateway;
//  - per egress: the external Subnet and the Multus NetworkAttachmentDefinition (macvlan on
//    the egress interface, or on the provider interface's VLAN) the gateways attach with.
// Subnets are never bound to a namespace: the control-plane pods in the tenant namespace must
// stay on the under cluster's default network; VMs select the subnet by annotation (capk).
#include "compiler/backends/kubeovn/kubeovn.h"

#include <algorithm>

namespace kmetal::backends::kubeovn {
namespace {

constexpr const char* kApi = "kubeovn.io/v1";
constexpr const char* kAttachNamespace = "kube-system";

std::string protocol(const Cidr& c) {
  return c.address.family == IpFamily::V4 ? "IPv4" : "IPv6";
}
IpAddress offset(const IpAddress& ip, uint128 delta, bool down = false) {
  return IpAddress{ip.family, down ? ip.value - delta : ip.value + delta};
}
std::string default_route(const Cidr& c) {
  return c.address.family == IpFamily::V4 ? "0.0.0.0/0" : "::/0";
}

// Everything in `net` outside `keep`, as Kube-OVN excludeIps entries ("a..b" or "a").
Object complement(const Cidr& net, std::vector<IpRange> keep) {
  std::sort(keep.begin(), keep.end(),
            [](const IpRange& a, const IpRange& b) { return a.first < b.first; });
  Object out = Object::array();
  auto emit = [&](uint128 lo, uint128 hi) {
    IpAddress a{net.address.family, lo};
    IpAddress b{net.address.family, hi};
    out.push_back(lo == hi ? a.to_string() : a.to_string() + ".." + b.to_string());
  };
  uint128 next = net.first().value;
  for (const IpRange& r : keep) {
    if (r.first.value > next) emit(next, r.first.value - 1);
    if (r.last.value + 1 > next) next = r.last.value + 1;
  }
  if (next <= net.last().value && next != 0) emit(next, net.last().value);
  return out;
}

}  // namespace

std::string egress_attachment(const std::string& egress) {
  return "kmetal-egress-" + egress;
}

ManifestSet lower(const ir::Platform& p, const Options&) {
  ManifestSet out;
  for (const ir::ProviderNetwork& pn : p.provider_networks) {
    Object o = make_object(kApi, "ProviderNetwork", pn.name);
    o["spec"] = {{"defaultInterface", pn.interface}};
    out.add(Layer::Platform, {}, std::move(o));
  }
  for (const ir::Egress& e : p.egresses) {
    std::string name = egress_attachment(e.name);
    std::string provider = name + "." + kAttachNamespace;
    std::string master =
        e.interface ? *e.interface : p.provider_network(e.provider).interface + "." + std::to_string(*e.vlan);
    Object config = {{"cniVersion", "0.3.1"},
                     {"type", "macvlan"},
                     {"master", master},
                     {"mode", "bridge"},
                     {"ipam",
                      {{"type", "kube-ovn"},
                       {"server_socket", "/run/openvswitch/kube-ovn-daemon.sock"},
                       {"provider", provider}}}};
    Object nad =
        make_object("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition", name, kAttachNamespace);
    nad["spec"] = {{"config", config.dump()}};
    out.add(Layer::Platform, {}, std::move(nad));
    std::vector<IpRange> usable;
    for (const auto& r : e.ranges) usable.push_back(r.value);
    Object subnet = make_object(kApi, "Subnet", name);
    subnet["spec"] = {{"protocol", protocol(e.cidr.value)},
                      {"cidrBlock", e.cidr.value.to_string()},
                      {"gateway", e.gateway.value.to_string()},
                      {"provider", provider},
                      {"excludeIps", complement(e.cidr.value, usable)}};
    out.add(Layer::Platform, {}, std::move(subnet));
  }
  for (const ir::Tenant& t : p.tenants) {
    const Cidr& cidr = *t.network.cidr.value;
    IpAddress gateway = offset(cidr.first(), 1);
    Object subnet = make_object(kApi, "Subnet", t.name, {}, t.name);
    Object spec = {{"protocol", protocol(cidr)},
                   {"cidrBlock", cidr.to_string()},
                   {"gateway", gateway.to_string()}};
    if (t.network.vlan) {
      Object vlan = make_object(kApi, "Vlan", t.name, {}, t.name);
      vlan["spec"] = {{"id", *t.network.vlan->value},
                      {"provider", p.provider_network(t.network.provider).name}};
      out.add(Layer::Platform, {}, std::move(vlan));
      spec["vlan"] = t.name;
      spec["excludeIps"] = Object::array({gateway.to_string()});
    } else {
      // The NAT gateway's LAN address: the subnet's last host address, kept out of IPAM.
      IpAddress lan = offset(cidr.last(), 1, true);
      spec["vpc"] = t.name;
      spec["excludeIps"] = Object::array({gateway.to_string(), lan.to_string()});
      Object vpc = make_object(kApi, "Vpc", t.name, {}, t.name);
      vpc["spec"] = {{"staticRoutes", Object::array({{{"cidr", default_route(cidr)},
                                                      {"nextHopIP", lan.to_string()},
                                                      {"policy", "policyDst"}}})}};
      out.add(Layer::Platform, {}, std::move(vpc));
      std::string external = egress_attachment(p.egress(t.network.egress).name);
      Object gw = make_object(kApi, "VpcNatGateway", t.name, {}, t.name);
      gw["spec"] = {{"vpc", t.name},
                    {"subnet", t.name},
                    {"lanIp", lan.to_string()},
                    {"externalSubnets", Object::array({external})},
                    {"selector", Object::array({"kubernetes.io/os: linux"})}};
      out.add(Layer::Platform, {}, std::move(gw));
      Object eip = make_object(kApi, "IptablesEIP", t.name, {}, t.name);
      const IpAddress& egress_ip = *t.network.egress_ip.value;
      eip["spec"] = {{"natGwDp", t.name},
                     {"externalSubnet", external},
                     {egress_ip.family == IpFamily::V4 ? "v4ip" : "v6ip", egress_ip.to_string()}};
      out.add(Layer::Platform, {}, std::move(eip));
      Object snat = make_object(kApi, "IptablesSnatRule", t.name, {}, t.name);
      snat["spec"] = {{"eip", t.name}, {"internalCIDR", cidr.to_string()}};
      out.add(Layer::Platform, {}, std::move(snat));
    }
    subnet["spec"] = std::move(spec);
    out.add(Layer::Platform, {}, std::move(subnet));
  }
  return out;
}

}  // namespace kmetal::backends::kubeovn
