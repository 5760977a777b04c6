#include "compiler/frontend/schema.h"

#include <string>

namespace kmetal::frontend {
namespace {

using T = ValueType;
using D = DefaultKind;

AttributeSchema attribute(std::string_view name, ValueType type, bool is_required) {
  AttributeSchema a;
  a.name = name, a.type = type, a.required = is_required;
  return a;
}
AttributeSchema required(std::string_view name, ValueType type) {
  return attribute(name, type, true);
}
AttributeSchema optional(std::string_view name, ValueType type) {
  return attribute(name, type, false);
}
AttributeSchema defaulted(std::string_view name, ValueType type, DefaultKind kind,
                          std::string_view text) {
  AttributeSchema a = attribute(name, type, false);
  a.default_kind = kind, a.default_text = text;
  return a;
}
AttributeSchema bounded(AttributeSchema a, std::int64_t min, std::int64_t max = INT64_MAX) {
  a.min = min, a.max = max;
  return a;
}
AttributeSchema targeted(AttributeSchema a, std::string_view target) {
  a.target = target;
  return a;
}

// The tenant body, shared by `tenant` and `profile` (a profile is a partial tenant).
const std::vector<std::string_view> kTenantChildren{"network", "control_plane", "cluster_network",
                                                    "workers", "storage",       "allow",
                                                    "cni",     "csi",           "cloud_provider"};
const std::vector<std::string_view> kTenantRequired{"network", "cluster_network", "workers"};

const std::vector<BlockSchema>& schemas() {
  static const std::vector<BlockSchema> all = {
      {"platform",
       true,
       {required("domain", T::Domain), required("kubernetes", T::Version),
        defaulted("datastore", T::ObjectName, D::String, "default"),
        required("tenant_space", T::Cidr), defaulted("reserved", T::CidrList, D::EmptyList, ""),
        optional("admin_ranges", T::CidrList), optional("nameservers", T::IpList),
        bounded(defaulted("failure_tolerance", T::Int, D::Int, "0"), 0, 1000)},
       {"host_pool", "overcommit", "provider_network", "vip_pool", "egress", "bgp_peer",
        "storage_class", "chart_source", "cni", "csi", "cloud_provider"},
       {"host_pool", "vip_pool"}},
      {"host_pool",
       true,
       {bounded(required("count", T::Int), 1, 100000), required("cpu", T::Cpu),
        required("memory", T::Bytes), required("storage", T::Bytes),
        optional("dedicated", T::String)},
       {"reserve", "device"},
       {}},
      // A host device each host of the pool offers, by the resource name its device plugin
      // advertises (KubeVirt's permittedHostDevices resourceName).
      {"device",
       true,
       {required("resource", T::ResourceName), bounded(required("count", T::Int), 1, 64)},
       {},
       {}},
      {"reserve", false, {optional("cpu", T::Cpu), optional("memory", T::Bytes)}, {}, {}},
      // A StorageClass of the under cluster that VM disks and tenant volumes use; CDI sizes a
      // Filesystem volume with its overhead (pkg/controller/common InflateSizeWithOverhead).
      {"storage_class",
       true,
       {targeted(defaulted("volume_mode", T::Choice, D::Word, "filesystem"), "filesystem|block"),
        defaulted("filesystem_overhead", T::Ratio, D::Decimal, "0.06"),
        optional("capacity", T::Bytes)},
       {},
       {}},
      {"overcommit",
       false,
       {defaulted("cpu", T::Ratio, D::Decimal, "1.0"),
        defaulted("memory", T::Ratio, D::Decimal, "1.0")},
       {},
       {}},
      {"provider_network",
       true,
       {required("interface", T::Interface), bounded(required("vlans", T::IntRange), 1, 4094)},
       {},
       {}},
      {"vip_pool",
       true,
       {required("addresses", T::AddressList),
        targeted(defaulted("advertise", T::Choice, D::Word, "l2"), "l2|bgp")},
       {},
       {}},
      {"egress",
       true,
       {optional("interface", T::Interface),
        targeted(optional("provider", T::NameRef), "provider_network"),
        bounded(optional("vlan", T::Int), 1, 4094), required("cidr", T::Cidr),
        required("gateway", T::Ip), required("addresses", T::AddressList)},
       {},
       {}},
      // MetalLB's BGPPeer (v1beta2): the fields peerFromCR (internal/config/config.go) needs.
      {"bgp_peer",
       true,
       {required("address", T::Ip), bounded(required("asn", T::Int), 1, 4294967295),
        bounded(required("my_asn", T::Int), 1, 4294967295),
        bounded(optional("port", T::Int), 1, 16384),
        bounded(optional("hold_time", T::Int), 3, 65535),
        optional("password_secret", T::ObjectName)},
       {},
       {}},
      {"flavor",
       true,
       {required("cpu", T::Cpu), required("memory", T::Bytes), required("disk", T::Bytes)},
       {},
       {}},
      {"profile", true, {}, kTenantChildren, {}},
      {"tenant", true, {}, kTenantChildren, kTenantRequired},
      {"network",
       false,
       {required("cidr", T::CidrOrAuto), bounded(defaulted("prefix", T::Int, D::Int, "24"), 1, 128),
        bounded(optional("vlan", T::IntOrAuto), 1, 4094),
        targeted(optional("provider", T::NameRef), "provider_network"),
        targeted(optional("egress", T::NameRef), "egress"), optional("nameservers", T::IpList)},
       {},
       {}},
      {"control_plane",
       false,
       {bounded(defaulted("replicas", T::Int, D::Int, "2"), 1, 15),
        defaulted("vip", T::IpOrAuto, D::Auto, ""),
        targeted(optional("pool", T::NameRef), "vip_pool"), optional("cpu", T::Cpu),
        optional("memory", T::Bytes), optional("kubernetes", T::Version),
        optional("admin_ranges", T::CidrList)},
       {},
       {}},
      // A Helm repository (https:// or oci://) the tenant add-ons come from, declared once.
      {"chart_source", true, {required("url", T::Url)}, {}, {}},
      // The CNI delivered into a tenant cluster (a platform default, or per tenant): its chart
      // and pinned version; `none` when the worker image or the operator brings one.
      {"cni",
       false,
       {targeted(required("plugin", T::Choice), "cilium|calico|none"),
        optional("version", T::ChartVersion),
        targeted(optional("source", T::NameRef), "chart_source")},
       {},
       {}},
      // The KubeVirt CSI driver of the tenant clusters (a platform default, or per tenant): the
      // driver's image, pinned (upstream publishes no release to default to).
      {"csi", false, {required("image", T::Image)}, {}, {}},
      // The KubeVirt cloud provider of the tenant clusters (a platform default, or per tenant):
      // its controller manager's image.
      {"cloud_provider", false, {required("image", T::Image)}, {}, {}},
      // An exception to isolation: `allow "other" {}` opens the path to tenant "other", which
      // must allow this tenant back.
      {"allow", true, {}, {}, {}},
      // The tenant's own persistent volumes, provisioned in its namespace on the under cluster.
      {"storage",
       false,
       {required("size", T::Bytes),
        targeted(optional("storage_class", T::NameRef), "storage_class")},
       {},
       {}},
      {"cluster_network",
       false,
       {required("pods", T::Cidr), required("services", T::Cidr), optional("dns", T::Ip)},
       {},
       {}},
      {"workers",
       true,
       {bounded(required("replicas", T::Int), 0, 10000), optional("flavor", T::FlavorRef),
        optional("cpu", T::Cpu), optional("memory", T::Bytes), optional("disk", T::Bytes),
        optional("image", T::Image), optional("kubernetes", T::Version),
        targeted(optional("pool", T::NameRef), "host_pool"), optional("gpu", T::String),
        bounded(optional("gpus", T::Int), 1, 16),
        targeted(optional("storage_class", T::NameRef), "storage_class")},
       {},
       {}},
  };
  return all;
}

}  // namespace

const AttributeSchema* BlockSchema::attribute(std::string_view name) const {
  for (const AttributeSchema& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::vector<std::string> BlockSchema::attribute_names() const {
  std::vector<std::string> names;
  for (const AttributeSchema& a : attributes) names.emplace_back(a.name);
  return names;
}

const BlockSchema* find_block_schema(std::string_view type) {
  for (const BlockSchema& s : schemas()) {
    if (s.type == type) return &s;
  }
  return nullptr;
}

const std::vector<std::string_view>& top_level_blocks() {
  static const std::vector<std::string_view> blocks{"platform", "tenant", "profile", "flavor"};
  return blocks;
}

std::string_view describe(ValueType type) {
  switch (type) {
    case T::String:
      return "a string";
    case T::Version:
      return "a version string such as \"1.31.4\"";
    case T::Domain:
      return "a domain name string such as \"dc1.example.net\"";
    case T::ObjectName:
      return "an object name string such as \"tor-a-password\"";
    case T::Url:
      return "a URL string such as \"https://helm.cilium.io\" or \"oci://ghcr.io/org/charts\"";
    case T::ChartVersion:
      return "a chart version string such as \"1.16.3\"";
    case T::ResourceName:
      return "an extended resource name string such as \"nvidia.com/GA102GL_A10\"";
    case T::Interface:
      return "a network interface name string such as \"bond1\"";
    case T::Image:
      return "an image string such as \"quay.io/capk/ubuntu-2204-container-disk:v1.31.4\"";
    case T::Int:
      return "an integer";
    case T::Ratio:
      return "a ratio such as 1.0 or 4";
    case T::Cpu:
      return "a CPU quantity such as 4 or 500m";
    case T::Bytes:
      return "a size such as 16Gi";
    case T::Ip:
      return "an IP address";
    case T::IpOrAuto:
      return "an IP address or `auto`";
    case T::Cidr:
      return "a CIDR such as 10.0.0.0/24";
    case T::CidrOrAuto:
      return "a CIDR or `auto`";
    case T::IntOrAuto:
      return "an integer or `auto`";
    case T::IntRange:
      return "an integer range such as 100..3999";
    case T::CidrList:
      return "a list of CIDRs";
    case T::IpList:
      return "a list of IP addresses";
    case T::AddressList:
      return "a list of CIDRs, address ranges or addresses";
    case T::Choice:
      return "one of a fixed set of words";
    case T::NameRef:
      return "a name";
    case T::FlavorRef:
      return "a flavor such as flavors.medium";
  }
  return "a value";
}

}  // namespace kmetal::frontend
