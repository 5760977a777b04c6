#include "compiler/ir/lock.h"

#include <charconv>
#include <sstream>
#include <system_error>

#include "compiler/base/version.h"

namespace kmetal::ir {
namespace {

// Version 2 added the tenants' fingerprints, version 3 the platform facts; older locks still
// read, and a kmetal that knows only an older version refuses a newer lock by its header
// rather than by a key.
constexpr std::string_view kHeader = "kmetal-lock 3";
constexpr std::string_view kOlderHeaders[] = {"kmetal-lock 1", "kmetal-lock 2"};

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

}  // namespace

std::optional<Lock> parse_lock(FileId file, const SourceManager& sources, DiagnosticEngine& diags) {
  std::string_view text = sources.text(file);
  Lock lock;
  bool header = false;
  std::size_t before = diags.error_count();
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    SourceSpan span{file, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)};
    if (!line.empty() && line.back() == '\r') --span.end;
    start = end + 1;
    auto words = split_words(line);
    if (words.empty() || words[0][0] == '#') continue;
    if (!header) {
      std::string_view head = line.substr(0, kHeader.size());
      if (head != kHeader && head != kOlderHeaders[0] && head != kOlderHeaders[1]) {
        diags.report(DiagKind::lock_syntax, span, "expected the header `kmetal-lock 3`");
        return std::nullopt;
      }
      lock.version = head == kHeader ? 3 : head == kOlderHeaders[1] ? 2 : 1;
      header = true;
      continue;
    }
    if (words.size() == 5 && words[0] == "platform") {
      std::string_view kind = words[1];
      std::string_view key = words[3];
      bool known = (kind == "provider_network" && key == "interface") ||
                   (kind == "vip_pool" && key == "advertise") ||
                   (kind == "egress" && (key == "interface" || key == "provider_vlan"));
      if (!known) {
        diags.report(DiagKind::lock_syntax, span,
                     "unknown platform fact `" + std::string(kind) + " " + std::string(key) + "`");
        continue;
      }
      lock.platform[std::string(kind) + " " + std::string(words[2]) + " " + std::string(key)] =
          std::string(words[4]);
      continue;
    }
    if (words.size() != 4 || words[0] != "tenant") {
      diags.report(DiagKind::lock_syntax, span, "expected `tenant NAME KEY VALUE`");
      continue;
    }
    TenantLock& t = lock.tenants[std::string(words[1])];
    std::string_view key = words[2];
    std::string_view value = words[3];
    LiteralError error;
    bool ok = true;
    if (key == "cidr") {
      Cidr c;
      ok = parse_cidr(value, c, error);
      if (ok) t.cidr = c;
    } else if (key == "vip" || key == "egress_ip") {
      IpAddress ip;
      ok = parse_ip(value, ip, error);
      if (ok) (key == "vip" ? t.vip : t.egress_ip) = ip;
    } else if (key == "vlan") {
      // Decimal digits only, below 100000 (allocation checks the VLAN range itself).
      std::int64_t vlan = 0;
      const char* value_end = value.data() + value.size();
      auto parsed = std::from_chars(value.data(), value_end, vlan);
      ok = parsed.ec == std::errc() && parsed.ptr == value_end && value[0] != '-' && vlan < 100000;
      if (ok) t.vlan = vlan;
    } else if (key == "cni") {
      t.cni = std::string(value);
    } else if (key == "csi") {
      t.csi = std::string(value);
    } else if (key == "cloud_provider") {
      t.cloud_provider = std::string(value);
    } else if (key == "fingerprint") {
      ok = value.size() == 64 &&
           value.find_first_not_of("0123456789abcdef") == std::string_view::npos;
      if (ok) t.fingerprint = std::string(value);
    } else if (key == "kubernetes") {
      Version v;
      ok = parse_version(value, v).empty();
      if (ok) t.kubernetes = v;
    } else {
      diags.report(DiagKind::lock_syntax, span, "unknown key `" + std::string(key) + "`");
      continue;
    }
    if (!ok) {
      diags.report(DiagKind::lock_syntax, span,
                   "malformed value `" + std::string(value) + "` for `" + std::string(key) + "`");
    }
  }
  if (!header) {
    diags.report(DiagKind::lock_syntax, SourceSpan{file, 0, 0},
                 "expected the header `kmetal-lock 3`");
  }
  if (diags.error_count() != before) return std::nullopt;
  return lock;
}

std::string without_fingerprints(std::string_view lock, const std::set<std::string>* tenants) {
  std::string out;
  out.reserve(lock.size());
  std::size_t start = 0;
  while (start < lock.size()) {
    std::size_t end = lock.find('\n', start);
    end = end == std::string_view::npos ? lock.size() : end + 1;
    std::string_view line = lock.substr(start, end - start);
    auto words = split_words(line);
    bool drop = words.size() == 4 && words[0] == "tenant" && words[2] == "fingerprint" &&
                (tenants == nullptr || tenants->count(std::string(words[1])) > 0);
    if (!drop) out.append(line);
    start = end;
  }
  return out;
}

std::string render_lock(const Platform& platform, const std::vector<std::string>& fingerprints) {
  std::ostringstream out;
  out << "# Written by kmetal: the allocations and versions of the last run, so that `auto`\n"
         "# values stay where they are. Keep it beside the spec (kmetal publish commits it).\n"
      << kHeader << "\n";
  // What a plan compares at the platform's level, sorted.
  std::map<std::string, std::string> facts;
  for (const ProviderNetwork& n : platform.provider_networks) {
    facts["provider_network " + n.name + " interface"] = n.interface;
  }
  for (const VipPool& v : platform.vip_pools) {
    facts["vip_pool " + v.name + " advertise"] = v.advertise == Advertise::Bgp ? "bgp" : "l2";
  }
  for (const Egress& e : platform.egresses) {
    if (e.interface) {
      facts["egress " + e.name + " interface"] = *e.interface;
    } else {
      facts["egress " + e.name + " provider_vlan"] =
          platform.provider_network(e.provider).name + "/" + std::to_string(e.vlan.value_or(0));
    }
  }
  for (const auto& [key, value] : facts) out << "platform " << key << " " << value << "\n";
  // Tenants are sorted by name and keys alphabetically: one line per fact, stable diffs.
  for (std::size_t i = 0; i < platform.tenants.size(); ++i) {
    const Tenant& t = platform.tenants[i];
    const TenantNetwork& n = t.network;
    if (n.cidr.value) out << "tenant " << t.name << " cidr " << n.cidr.value->to_string() << "\n";
    if (t.cloud_provider.declared) {
      out << "tenant " << t.name << " cloud_provider " << t.cloud_provider.image << "\n";
    }
    if (t.cni.plugin != CniPlugin::None && !t.cni.version.empty()) {
      out << "tenant " << t.name << " cni "
          << (t.cni.plugin == CniPlugin::Cilium ? "cilium@" : "calico@") << t.cni.version << "\n";
    }
    if (t.csi.declared) out << "tenant " << t.name << " csi " << t.csi.image << "\n";
    if (n.egress_ip.value) {
      out << "tenant " << t.name << " egress_ip " << n.egress_ip.value->to_string() << "\n";
    }
    if (!fingerprints.empty()) {
      out << "tenant " << t.name << " fingerprint " << fingerprints.at(i) << "\n";
    }
    out << "tenant " << t.name << " kubernetes " << t.control_plane.version.value.to_string()
        << "\n";
    if (t.control_plane.vip.value) {
      out << "tenant " << t.name << " vip " << t.control_plane.vip.value->to_string() << "\n";
    }
    if (n.vlan && n.vlan->value) out << "tenant " << t.name << " vlan " << *n.vlan->value << "\n";
  }
  return out.str();
}

}  // namespace kmetal::ir
