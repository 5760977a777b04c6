#include "compiler/ir/lower.h"

#include <algorithm>
#include <tuple>

#include "compiler/base/internal_error.h"
#include "compiler/base/number.h"

namespace kmetal::ir {

namespace {

using ast::Block;
using ast::Expr;

// Typed reads of attributes the frontend has already checked: a failure here is a bug.
const Expr* find(const Block& b, std::string_view name) {
  const ast::Attribute* a = b.attribute(name);
  return a == nullptr ? nullptr : &a->value;
}
const Expr& get(const Block& b, std::string_view name) {
  const Expr* e = find(b, name);
  KMETAL_CHECK(e != nullptr,
               "checked attribute `" + std::string(name) + "` missing in " + b.describe());
  return *e;
}
std::int64_t scaled(const Expr& e, std::int64_t unit) {
  std::int64_t out = 0;
  KMETAL_CHECK(to_scaled_integer(std::get<ast::NumberLit>(e.value).value, unit, out).empty(),
               "checked quantity does not convert");
  return out;
}
std::int64_t integer(const Block& b, std::string_view name) {
  return scaled(get(b, name), 1);
}
std::string text(const Block& b, std::string_view name) {
  return std::get<ast::StringLit>(get(b, name).value).value;
}
std::optional<std::string> optional_text(const Block& b, std::string_view name) {
  const Expr* e = find(b, name);
  if (e == nullptr) return std::nullopt;
  return std::get<ast::StringLit>(e->value).value;
}
Located<Cidr> cidr(const Block& b, std::string_view name) {
  const Expr& e = get(b, name);
  return {std::get<Cidr>(e.value), e.span};
}
std::vector<Located<Cidr>> cidr_list(const Block& b, std::string_view name) {
  std::vector<Located<Cidr>> out;
  if (const Expr* e = find(b, name)) {
    for (const Expr& item : std::get<ast::ListExpr>(e->value).items) {
      out.push_back({std::get<Cidr>(item.value), item.span});
    }
  }
  return out;
}
std::vector<Located<IpAddress>> ip_list(const Block& b, std::string_view name) {
  std::vector<Located<IpAddress>> out;
  if (const Expr* e = find(b, name)) {
    for (const Expr& item : std::get<ast::ListExpr>(e->value).items) {
      out.push_back({std::get<IpAddress>(item.value), item.span});
    }
  }
  return out;
}
std::vector<Located<IpRange>> range_list(const Block& b, std::string_view name,
                                         std::vector<bool>* from_cidr = nullptr) {
  std::vector<Located<IpRange>> out;
  for (const Expr& item : std::get<ast::ListExpr>(get(b, name).value).items) {
    bool is_cidr = std::holds_alternative<Cidr>(item.value);
    if (is_cidr) {
      out.push_back({IpRange::of(std::get<Cidr>(item.value)), item.span});
    } else if (const auto* range = std::get_if<IpRange>(&item.value)) {
      out.push_back({*range, item.span});
    } else {
      IpAddress ip = std::get<IpAddress>(item.value);
      out.push_back({IpRange{ip, ip}, item.span});
    }
    if (from_cidr != nullptr) from_cidr->push_back(is_cidr);
  }
  return out;
}
Located<Version> version(const Block& b, std::string_view name) {
  const Expr& e = get(b, name);
  Located<Version> out{{}, e.span};
  KMETAL_CHECK(parse_version(std::get<ast::StringLit>(e.value).value, out.value).empty(),
               "checked version does not parse");
  return out;
}

template <typename T>
std::vector<std::string> names(const std::vector<T>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const T& item : items) out.push_back(item.name);
  return out;
}

std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "`" : ", `") + n + "`";
  return out;
}

template <typename IdT, typename T>
IdT find_named(const std::vector<T>& items, const std::string& name) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].name == name) return IdT{static_cast<std::uint32_t>(i)};
  }
  return IdT{};
}

class Lowering {
 public:
  Lowering(const frontend::Spec& spec, DiagnosticEngine& diags) : spec_(spec), diags_(diags) {}

  std::optional<Platform> run() {
    platform();
    for (const Block& t : spec_.tenants) out_.tenants.push_back(tenant(t));
    for (HostPool& pool : out_.host_pools) {
      if (pool.dedicated) {
        pool.dedicated_tenant = find_named<TenantId>(out_.tenants, pool.dedicated->value);
      }
    }
    for (Tenant& t : out_.tenants) {
      for (Allow& a : t.allows) a.target = find_named<TenantId>(out_.tenants, a.tenant);
    }
    if (diags_.has_errors()) return std::nullopt;
    return std::move(out_);
  }

 private:
  void platform() {
    const Block& p = spec_.platform;
    out_.name = *p.label;
    out_.span = p.label_span;
    out_.domain = text(p, "domain");
    out_.kubernetes = version(p, "kubernetes");
    out_.datastore = text(p, "datastore");
    out_.tenant_space = cidr(p, "tenant_space");
    out_.reserved = cidr_list(p, "reserved");
    out_.admin_ranges = cidr_list(p, "admin_ranges");
    out_.nameservers = ip_list(p, "nameservers");
    if (const Expr* e = find(p, "nameservers")) out_.nameservers_span = e->span;
    out_.failure_tolerance = integer(p, "failure_tolerance");
    out_.failure_tolerance_span = get(p, "failure_tolerance").span;
    for (const Block* o : p.children("overcommit")) {
      out_.overcommit_cpu = scaled(get(*o, "cpu"), 1000);
      out_.overcommit_memory = scaled(get(*o, "memory"), 1000);
    }
    for (const Block* b : p.children("host_pool")) {
      HostPool pool;
      pool.name = *b->label;
      pool.span = b->label_span;
      pool.count = integer(*b, "count");
      pool.host = {scaled(get(*b, "cpu"), 1000), integer(*b, "memory"), integer(*b, "storage")};
      for (const Block* r : b->children("reserve")) {
        if (const Expr* cpu = find(*r, "cpu")) pool.reserve.millicores = scaled(*cpu, 1000);
        if (const Expr* memory = find(*r, "memory")) pool.reserve.memory = scaled(*memory, 1);
      }
      for (const Block* d : b->children("device")) {
        pool.devices.push_back(
            {*d->label, text(*d, "resource"), integer(*d, "count"), d->label_span});
      }
      if (const Expr* e = find(*b, "dedicated")) {
        pool.dedicated = Located<std::string>{std::get<ast::StringLit>(e->value).value, e->span};
      }
      out_.host_pools.push_back(std::move(pool));
    }
    for (const Block* b : p.children("provider_network")) {
      const Expr& vlans = get(*b, "vlans");
      auto range = std::get<ast::IntRangeLit>(vlans.value);
      out_.provider_networks.push_back({*b->label, b->label_span, text(*b, "interface"), range.low,
                                        range.high, vlans.span, ObjectId{}});
    }
    for (const Block* b : p.children("vip_pool")) {
      VipPool pool;
      pool.name = *b->label;
      pool.span = b->label_span;
      pool.advertise = text(*b, "advertise") == "bgp" ? Advertise::Bgp : Advertise::L2;
      pool.advertise_span = get(*b, "advertise").span;
      pool.ranges = range_list(*b, "addresses", &pool.from_cidr);
      out_.vip_pools.push_back(std::move(pool));
    }
    for (const Block* b : p.children("egress")) {
      Egress e;
      e.name = *b->label;
      e.span = b->label_span;
      e.interface = optional_text(*b, "interface");
      if (auto provider = optional_text(*b, "provider")) {
        e.provider = find_named<ProviderNetworkId>(out_.provider_networks, *provider);
      }
      if (const Expr* vlan = find(*b, "vlan")) e.vlan = scaled(*vlan, 1);
      e.cidr = cidr(*b, "cidr");
      const Expr& gateway = get(*b, "gateway");
      e.gateway = {std::get<IpAddress>(gateway.value), gateway.span};
      e.ranges = range_list(*b, "addresses");
      out_.egresses.push_back(std::move(e));
    }
    for (const Block* b : p.children("bgp_peer")) {
      BgpPeer peer;
      peer.name = *b->label;
      peer.span = b->label_span;
      const Expr& address = get(*b, "address");
      peer.address = {std::get<IpAddress>(address.value), address.span};
      peer.asn = integer(*b, "asn");
      peer.my_asn = integer(*b, "my_asn");
      if (find(*b, "port") != nullptr) peer.port = integer(*b, "port");
      if (find(*b, "hold_time") != nullptr) peer.hold_time = integer(*b, "hold_time");
      peer.password_secret = optional_text(*b, "password_secret");
      out_.bgp_peers.push_back(std::move(peer));
    }
    for (const Block* b : p.children("storage_class")) {
      StorageClass sc;
      sc.name = *b->label;
      sc.span = b->label_span;
      sc.block = text(*b, "volume_mode") == "block";
      sc.overhead_per_mille = scaled(get(*b, "filesystem_overhead"), 1000);
      if (const Expr* c = find(*b, "capacity")) {
        sc.capacity = scaled(*c, 1);
        sc.capacity_span = c->span;
      }
      out_.storage_classes.push_back(std::move(sc));
    }
    for (const Block* b : p.children("chart_source")) {
      out_.chart_sources.push_back({*b->label, b->label_span, text(*b, "url")});
    }
    for (const Block* c : p.children("cni")) out_.cni = cni(*c);
    for (const Block* c : p.children("csi")) out_.csi = csi(*c);
    for (const Block* c : p.children("cloud_provider")) out_.cloud_provider = cloud_provider(*c);
    for (const Block& f : spec_.flavors) {
      out_.flavors.push_back(
          {*f.label,
           f.label_span,
           {scaled(get(f, "cpu"), 1000), integer(f, "memory"), integer(f, "disk")}});
    }
  }

  Tenant tenant(const Block& t) {
    Tenant out;
    out.name = *t.label;
    out.span = t.label_span;
    out.merged_from = t.merged_from;
    network(*t.children("network").at(0), out);
    const Block* cp =
        t.children("control_plane").empty() ? nullptr : t.children("control_plane")[0];
    control_plane(cp, out);
    const Block& cn = *t.children("cluster_network").at(0);
    out.cluster_network.pods = cidr(cn, "pods");
    out.cluster_network.services = cidr(cn, "services");
    if (const Expr* dns = find(cn, "dns")) {
      out.cluster_network.dns = {std::get<IpAddress>(dns->value), dns->span};
    } else {
      const Located<Cidr>& services = out.cluster_network.services;
      IpAddress tenth{services.value.address.family, services.value.address.value + 10};
      out.cluster_network.dns = {tenth, services.span};
      out.cluster_network.dns_defaulted = true;
    }
    for (const Block* w : t.children("workers")) out.workers.push_back(workers(*w, out));
    for (const Block* a : t.children("allow"))
      out.allows.push_back({*a->label, a->label_span, {}, {}});
    std::sort(out.allows.begin(), out.allows.end(),
              [](const Allow& a, const Allow& b) { return a.tenant < b.tenant; });
    out.cni = out_.cni;
    for (const Block* c : t.children("cni")) out.cni = cni(*c);
    for (const Block* st : t.children("storage")) {
      out.storage.size = integer(*st, "size");
      out.storage.span = st->type_span;
      out.storage.storage_class = storage_class(*st, st->type_span, "tenant \"" + out.name + "\"");
    }
    // The platform's CSI driver serves the tenants with volumes of their own; a tenant's own
    // `csi` block, that tenant.
    if (out.storage.size > 0) out.csi = out_.csi;
    for (const Block* c : t.children("csi")) out.csi = csi(*c);
    out.cloud_provider = out_.cloud_provider;
    for (const Block* c : t.children("cloud_provider")) out.cloud_provider = cloud_provider(*c);
    std::sort(out.workers.begin(), out.workers.end(),
              [](const WorkerGroup& a, const WorkerGroup& b) { return a.name < b.name; });
    return out;
  }

  void network(const Block& n, Tenant& out) {
    TenantNetwork& net = out.network;
    net.span = n.type_span;
    const Expr& c = get(n, "cidr");
    net.cidr.span = c.span;
    net.cidr.automatic = std::holds_alternative<ast::AutoLit>(c.value);
    if (!net.cidr.automatic) net.cidr.value = std::get<Cidr>(c.value);
    net.prefix = static_cast<unsigned>(integer(n, "prefix"));
    net.nameservers =
        find(n, "nameservers") != nullptr ? ip_list(n, "nameservers") : out_.nameservers;
    if (const Expr* v = find(n, "vlan")) {
      Allocatable<std::int64_t> vlan;
      vlan.span = v->span;
      vlan.automatic = std::holds_alternative<ast::AutoLit>(v->value);
      if (!vlan.automatic) vlan.value = scaled(*v, 1);
      net.vlan = vlan;
      net.provider = pick<ProviderNetworkId>(n, "provider", out_.provider_networks, v->span,
                                             "provider network", "provider");
    } else {
      net.egress = pick<EgressId>(n, "egress", out_.egresses, n.type_span, "egress", "egress");
      net.egress_ip.automatic = true;
      net.egress_ip.span = n.type_span;
    }
  }

  void control_plane(const Block* cp, Tenant& out) {
    ControlPlane& c = out.control_plane;
    c.size = kDefaultControlPlaneSize;
    c.version = out_.kubernetes;
    c.vip.automatic = true;
    c.vip.span = out.span;
    c.span = out.span;
    if (cp != nullptr) {
      c.span = cp->type_span;
      c.replicas = integer(*cp, "replicas");
      const Expr& vip = get(*cp, "vip");
      c.vip.span = vip.span;
      c.vip.automatic = std::holds_alternative<ast::AutoLit>(vip.value);
      if (!c.vip.automatic) c.vip.value = std::get<IpAddress>(vip.value);
      if (const Expr* cpu = find(*cp, "cpu")) c.size.millicores = scaled(*cpu, 1000);
      if (const Expr* memory = find(*cp, "memory")) c.size.memory = scaled(*memory, 1);
      if (find(*cp, "kubernetes") != nullptr) c.version = version(*cp, "kubernetes");
      c.admin_ranges = cidr_list(*cp, "admin_ranges");
    }
    // The pool: named, else the one holding a fixed VIP, else the only one.
    if (cp != nullptr && find(*cp, "pool") != nullptr) {
      c.pool = find_named<VipPoolId>(out_.vip_pools, text(*cp, "pool"));
    } else if (c.vip.value) {
      for (std::size_t i = 0; i < out_.vip_pools.size() && !c.pool.valid(); ++i) {
        for (const auto& r : out_.vip_pools[i].ranges) {
          if (r.value.contains(*c.vip.value)) c.pool = VipPoolId{static_cast<std::uint32_t>(i)};
        }
      }
    } else if (out_.vip_pools.size() == 1) {
      c.pool = VipPoolId{0};
    } else {
      diags_.report(DiagKind::ambiguous_default, c.vip.span, "VIP pools", out.name)
          .help("choose one with `pool = NAME` in `control_plane`: " +
                list_names(names(out_.vip_pools)));
    }
  }

  WorkerGroup workers(const Block& w, const Tenant& t) {
    WorkerGroup g;
    g.name = *w.label;
    g.span = w.label_span;
    g.replicas = integer(w, "replicas");
    if (const Expr* f = find(w, "flavor")) {
      auto target = std::get<ast::RefExpr>(f->value).target;
      KMETAL_CHECK(target >= 0, "unresolved flavor reference");
      g.flavor = FlavorId{static_cast<std::uint32_t>(target)};
      g.size = out_.flavors.at(g.flavor.value).size;
    }
    if (const Expr* cpu = find(w, "cpu")) g.size.millicores = scaled(*cpu, 1000);
    if (const Expr* memory = find(w, "memory")) g.size.memory = scaled(*memory, 1);
    if (const Expr* disk = find(w, "disk")) g.size.storage = scaled(*disk, 1);
    g.version =
        find(w, "kubernetes") != nullptr ? version(w, "kubernetes") : t.control_plane.version;
    g.image = optional_text(w, "image").value_or(default_worker_image(g.version.value));
    if (const Expr* pool = find(w, "pool")) {
      g.pool = find_named<HostPoolId>(out_.host_pools, std::get<ast::StringLit>(pool->value).value);
      g.pool_span = pool->span;
    }
    g.storage_class =
        storage_class(w, w.label_span, "workers \"" + g.name + "\" of tenant \"" + t.name + "\"");
    if (const Expr* gpus = find(w, "gpus")) g.gpus_span = gpus->span;
    if (const Expr* gpu = find(w, "gpu")) {
      g.gpu = Located<std::string>{std::get<ast::StringLit>(gpu->value).value, gpu->span};
      g.gpus = g.gpus_span.valid() ? integer(w, "gpus") : 1;
    }
    return g;
  }

  // A `cni` block; its source is the one it names, else the one named like the plugin (no
  // other guess: a repository of another project lacks the plugin's chart; check_addons
  // reports one that is missing).
  Cni cni(const Block& b) {
    Cni c;
    c.declared = true;
    c.span = b.type_span;
    std::string plugin = text(b, "plugin");
    c.plugin = plugin == "cilium"   ? CniPlugin::Cilium
               : plugin == "calico" ? CniPlugin::Calico
                                    : CniPlugin::None;
    c.version = optional_text(b, "version").value_or("");
    auto source = optional_text(b, "source");
    if (source) {
      c.source = find_named<ChartSourceId>(out_.chart_sources, *source);
    } else {
      c.source = find_named<ChartSourceId>(out_.chart_sources, plugin);
    }
    return c;
  }

  static Csi csi(const Block& b) {
    return {true, text(b, "image"), b.type_span, get(b, "image").span};
  }
  static CloudProvider cloud_provider(const Block& b) {
    return {true, text(b, "image"), b.type_span, get(b, "image").span};
  }

  // The storage class a block names, else the only one declared, else none (the cluster's
  // default class).
  StorageClassId storage_class(const Block& b, SourceSpan at, const std::string& who) {
    if (auto name = optional_text(b, "storage_class")) {
      return find_named<StorageClassId>(out_.storage_classes, *name);
    }
    if (out_.storage_classes.size() == 1) return StorageClassId{0};
    if (out_.storage_classes.size() > 1) {
      diags_.report(DiagKind::ambiguous_default, at, "storage classes", who)
          .help("choose one with `storage_class = NAME`: " +
                list_names(names(out_.storage_classes)));
    }
    return StorageClassId{};
  }

  // The platform block an attribute names, or the only one when it is absent.
  template <typename IdT, typename T>
  IdT pick(const Block& b, std::string_view attribute, const std::vector<T>& items, SourceSpan at,
           std::string_view what, std::string_view hint) {
    if (auto name = optional_text(b, attribute)) return find_named<IdT>(items, *name);
    if (items.size() == 1) return IdT{0};
    if (items.empty()) {
      Diagnostic& d = diags_.report(DiagKind::missing_platform_block, at, what);
      if (what == "egress") {
        d.help(
            "an overlay tenant (no `vlan`) needs an `egress` block in the platform so its VPC can "
            "reach the tenant's VIP; or put the tenant on a VLAN");
      } else {
        d.help("declare a `provider_network` in the platform for tenants on VLANs");
      }
      return IdT{};
    }
    std::string plural(what);
    plural += plural.back() == 's' ? "es" : "s";
    diags_.report(DiagKind::ambiguous_default, at, plural, b.describe())
        .help("choose one with `" + std::string(hint) + " = NAME`: " + list_names(names(items)));
    return IdT{};
  }

  const frontend::Spec& spec_;
  DiagnosticEngine& diags_;
  Platform out_;
};

}  // namespace

std::optional<Platform> lower(const frontend::Spec& spec, DiagnosticEngine& diags) {
  return Lowering(spec, diags).run();
}

}  // namespace kmetal::ir
