// kubeovn: the tenant networks, on Kube-OVN.
//  - underlay tenant: a Vlan on its ProviderNetwork and a Subnet on that VLAN; it routes
//    through the VLAN's physical gateway (the first host address);
//  - overlay tenant: its own Vpc and Subnet (Kube-OVN refuses a Subnet named like any Vpc, so
//    the Vpc is kmetal-vpc-<tenant>), and a path out: a VpcNatGateway whose LAN leg sits in
//    the tenant subnet and whose WAN leg is on the platform's egress network, an IptablesEIP
//    holding the tenant's egress address, an IptablesSnatRule translating the whole subnet to
//    it, and the VPC's default route pointing at the gateway;
//  - two overlay tenants that allow each other: their Vpcs peer over a /30 link (vpcPeerings,
//    both sides: pkg/controller/vpc.go creates the router port <local>-<remote> whose peer is
//    <remote>-<local>) with a static route to the other's subnet;
//  - per egress: the external Subnet and the Multus NetworkAttachmentDefinition (macvlan on
//    the egress interface, or on the provider interface's VLAN) the gateways attach with. The
//    EIPs kmetal pins come from the egress `addresses`, which the Subnet keeps out of its IPAM:
//    each NAT gateway pod takes its own address on that network from IPAM (the lowest free
//    one, pkg/controller/pod.go acquireAddress), so it can never take a pinned EIP.
// Subnets are never bound to a namespace: the control-plane pods in the tenant namespace must
// stay on the under cluster's default network; VMs select the subnet by annotation (capk).
#include "compiler/backends/kubeovn/kubeovn.h"

#include <algorithm>

#include "compiler/ir/network.h"

namespace kmetal::backends::kubeovn {
namespace {

std::string protocol(const Cidr& c) {
  return c.address.family == IpFamily::V4 ? "IPv4" : "IPv6";
}
std::string default_route(const Cidr& c) {
  return c.address.family == IpFamily::V4 ? "0.0.0.0/0" : "::/0";
}

// excludeIps as Kube-OVN writes them back (formatExcludeIPRanges, pkg/controller/subnet.go):
// overlapping ranges merged, "a..b" or "a", sorted as strings. Emitting that form keeps Flux
// and the controller from rewriting the field back and forth.
Object exclude_ips(std::vector<IpRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const IpRange& a, const IpRange& b) { return a.first < b.first; });
  std::vector<IpRange> merged;
  for (const IpRange& r : ranges) {
    if (!merged.empty() && !(merged.back().last < r.first)) {
      if (merged.back().last < r.last) merged.back().last = r.last;
    } else {
      merged.push_back(r);
    }
  }
  std::vector<std::string> entries;
  entries.reserve(merged.size());
  for (const IpRange& r : merged) {
    entries.push_back(r.first == r.last ? r.first.to_string()
                                        : r.first.to_string() + ".." + r.last.to_string());
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

IpRange one(const IpAddress& ip) {
  return IpRange{ip, ip};
}

}  // namespace

ManifestSet lower(const ir::Platform& p, const Options& options) {
  ManifestSet out;
  for (const ir::ProviderNetwork& pn : shared_part(p.provider_networks, options)) {
    Object o = make_object(p, pn.object);
    o["spec"] = {{"defaultInterface", pn.interface}};
    out.add(pn.object, std::move(o));
  }
  for (const ir::Egress& e : shared_part(p.egresses, options)) {
    const ir::ObjectName& attachment = p.object(e.attachment);
    // Kube-OVN finds a subnet's attachment from its provider, `<nad>.<namespace>`
    // (util.GetNadBySubnetProvider).
    std::string provider = attachment.name + "." + attachment.ns;
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
    Object nad = make_object(p, e.attachment);
    nad["spec"] = {{"config", config.dump()}};
    out.add(e.attachment, std::move(nad));
    std::vector<IpRange> kept_out{one(e.gateway.value)};
    for (const auto& r : e.ranges) kept_out.push_back(r.value);
    Object subnet = make_object(p, e.subnet);
    subnet["spec"] = {{"protocol", protocol(e.cidr.value)},
                      {"cidrBlock", e.cidr.value.to_string()},
                      {"gateway", e.gateway.value.to_string()},
                      {"provider", provider},
                      {"excludeIps", exclude_ips(kept_out)}};
    out.add(e.subnet, std::move(subnet));
  }
  for (const ir::Tenant& t : selected_tenants(p, options)) {
    const ir::TenantObjects& o = t.objects;
    const Cidr& cidr = *t.network.cidr.value;
    IpAddress gateway = ir::subnet_gateway(cidr);
    Object spec = {{"protocol", protocol(cidr)},
                   {"cidrBlock", cidr.to_string()},
                   {"gateway", gateway.to_string()}};
    if (t.network.vlan) {
      Object vlan = make_object(p, o.vlan);
      vlan["spec"] = {{"id", *t.network.vlan->value},
                      {"provider", name_of(p, p.provider_network(t.network.provider).object)}};
      out.add(o.vlan, std::move(vlan));
      spec["vlan"] = name_of(p, o.vlan);
      spec["excludeIps"] = exclude_ips({one(gateway)});
    } else {
      // The NAT gateway's LAN address: the subnet's last host address, kept out of IPAM.
      IpAddress lan = ir::nat_gateway_lan_ip(cidr);
      const std::string& vpc_name = name_of(p, o.vpc);
      const std::string& subnet_name = name_of(p, o.subnet);
      const std::string& gateway_name = name_of(p, o.nat_gateway);
      spec["vpc"] = vpc_name;
      spec["excludeIps"] = exclude_ips({one(gateway), one(lan)});
      Object vpc = make_object(p, o.vpc);
      Object routes = Object::array({{{"cidr", default_route(cidr)},
                                      {"nextHopIP", lan.to_string()},
                                      {"policy", "policyDst"}}});
      Object peerings = Object::array();
      for (const ir::Allow& a : t.allows) {
        if (!a.link) continue;
        const ir::Tenant& other = p.tenant(a.target);
        auto back = std::find_if(other.allows.begin(), other.allows.end(),
                                 [&](const ir::Allow& x) { return x.tenant == t.name; });
        peerings.push_back({{"remoteVpc", name_of(p, other.objects.vpc)},
                            {"localConnectIP", a.link->to_string()}});
        routes.push_back({{"cidr", other.network.cidr.value->to_string()},
                          {"nextHopIP", back->link->address.to_string()},
                          {"policy", "policyDst"}});
      }
      vpc["spec"] = {{"staticRoutes", std::move(routes)}};
      if (!peerings.empty()) vpc["spec"]["vpcPeerings"] = std::move(peerings);
      out.add(o.vpc, std::move(vpc));
      const std::string& external = name_of(p, p.egress(t.network.egress).subnet);
      Object gw = make_object(p, o.nat_gateway);
      gw["spec"] = {{"vpc", vpc_name},
                    {"subnet", subnet_name},
                    {"lanIp", lan.to_string()},
                    {"externalSubnets", Object::array({external})},
                    {"selector", Object::array({"kubernetes.io/os: linux"})}};
      out.add(o.nat_gateway, std::move(gw));
      // An EIP does not follow its gateway's external network: without externalSubnet it
      // would use ovn-vpc-external-network (util.GetExternalNetwork).
      Object eip = make_object(p, o.eip);
      const IpAddress& egress_ip = *t.network.egress_ip.value;
      eip["spec"] = {{"natGwDp", gateway_name},
                     {"externalSubnet", external},
                     {egress_ip.family == IpFamily::V4 ? "v4ip" : "v6ip", egress_ip.to_string()}};
      out.add(o.eip, std::move(eip));
      Object snat = make_object(p, o.snat);
      snat["spec"] = {{"eip", name_of(p, o.eip)}, {"internalCIDR", cidr.to_string()}};
      out.add(o.snat, std::move(snat));
    }
    Object subnet = make_object(p, o.subnet);
    subnet["spec"] = std::move(spec);
    out.add(o.subnet, std::move(subnet));
  }
  return out;
}

}  // namespace kmetal::backends::kubeovn
