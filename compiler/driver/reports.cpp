#include "compiler/driver/reports.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

namespace kmetal::driver {
namespace {

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return part > 0 ? "over" : "-";
  return std::to_string(static_cast<std::int64_t>(static_cast<__int128>(part) * 100 / whole)) + "%";
}

void rows(std::string& out, const std::string& first, const std::string& second,
          const ir::Resources& capacity, const ir::Resources& requested) {
  struct Row {
    const char* name;
    std::int64_t have;
    std::int64_t want;
    std::string (*format)(std::int64_t);
  };
  const Row table[] = {{"cpu", capacity.millicores, requested.millicores, ir::format_cpu},
                       {"memory", capacity.memory, requested.memory, ir::format_bytes},
                       {"storage", capacity.storage, requested.storage, ir::format_bytes}};
  bool head = true;
  for (const Row& r : table) {
    std::int64_t headroom = r.have - r.want;
    std::string room = headroom < 0 ? "-" + r.format(-headroom) : r.format(headroom);
    out += fmt::format("{:<16} {:>6}  {:<8} {:>10} {:>10} {:>10} {:>5}\n", head ? first : "",
                       head ? second : "", r.name, r.format(r.have), r.format(r.want), room,
                       percent(r.want, r.have));
    head = false;
  }
}

nlohmann::ordered_json resources(const ir::Resources& r) {
  return {{"millicores", r.millicores}, {"memory_bytes", r.memory}, {"storage_bytes", r.storage}};
}

}  // namespace

std::string capacity_table(const ir::CapacityReport& report) {
  std::string out =
      "Host pools (allocatable after reserve; requests as the scheduler sees them):\n";
  out += fmt::format("{:<16} {:>6}  {:<8} {:>10} {:>10} {:>10} {:>5}\n", "POOL", "HOSTS",
                     "RESOURCE", "CAPACITY", "REQUESTED", "HEADROOM", "USED");
  std::string dedicated;
  for (const ir::PoolUsage& p : report.pools) {
    rows(out, p.name, std::to_string(p.hosts), p.capacity,
         report.placed ? p.requested : ir::Resources{});
    for (const ir::DeviceUsage& d : p.devices) {
      std::int64_t want = report.placed ? d.requested : 0;
      out += fmt::format("{:<16} {:>6}  {:<8} {:>10} {:>10} {:>10} {:>5}\n", "", "", d.name,
                         d.capacity, want, d.capacity - want, percent(want, d.capacity));
    }
    if (!p.dedicated.empty()) {
      dedicated += "host pool \"" + p.name + "\" is dedicated to tenant \"" + p.dedicated + "\"\n";
    }
  }
  std::int64_t hosts = 0;
  for (const ir::PoolUsage& p : report.pools) hosts += p.hosts;
  rows(out, "total", std::to_string(hosts), report.capacity, report.requested);
  if (!report.placed) out += "(no placement was found, so requests are shown in total only)\n";
  out += dedicated;
  if (!report.storage_classes.empty()) {
    out += "\nStorage classes (volumes as CDI provisions them):\n";
    out += fmt::format("{:<24} {:>10} {:>10} {:>10} {:>5}\n", "CLASS", "CAPACITY", "REQUESTED",
                       "HEADROOM", "USED");
    for (const ir::StorageClassUsage& c : report.storage_classes) {
      bool known = c.capacity > 0;
      out += fmt::format("{:<24} {:>10} {:>10} {:>10} {:>5}\n", c.name,
                         known ? ir::format_bytes(c.capacity) : "-", ir::format_bytes(c.requested),
                         known ? ir::format_bytes(c.capacity - c.requested) : "-",
                         known ? percent(c.requested, c.capacity) : "-");
    }
  }
  bool any_dedicated = !dedicated.empty();
  out += "\nTenants:\n";
  out += fmt::format("{:<24} {:>5} {:>5} {:>10} {:>10} {:>10}", "TENANT", "VMS", "CP", "CPU",
                     "MEMORY", "STORAGE");
  out += any_dedicated ? fmt::format(" {:>9}\n", "DEDICATED") : "\n";
  for (const ir::TenantUsage& t : report.tenants) {
    out += fmt::format("{:<24} {:>5} {:>5} {:>10} {:>10} {:>10}", t.name, t.vms, t.control_pods,
                       ir::format_cpu(t.requested.millicores), ir::format_bytes(t.requested.memory),
                       ir::format_bytes(t.requested.storage + t.volumes));
    out += any_dedicated ? fmt::format(" {:>9}\n", t.dedicated_hosts) : "\n";
  }
  return out;
}

std::string capacity_json(const ir::CapacityReport& report) {
  nlohmann::ordered_json j;
  j["placed"] = report.placed;
  j["capacity"] = resources(report.capacity);
  j["requested"] = resources(report.requested);
  j["pools"] = nlohmann::ordered_json::array();
  for (const ir::PoolUsage& p : report.pools) {
    nlohmann::ordered_json devices = nlohmann::ordered_json::array();
    for (const ir::DeviceUsage& d : p.devices) {
      devices.push_back({{"name", d.name}, {"capacity", d.capacity}, {"requested", d.requested}});
    }
    j["pools"].push_back({{"name", p.name},
                          {"hosts", p.hosts},
                          {"dedicated_to", p.dedicated},
                          {"capacity", resources(p.capacity)},
                          {"requested", resources(p.requested)},
                          {"devices", devices}});
  }
  j["storage_classes"] = nlohmann::ordered_json::array();
  for (const ir::StorageClassUsage& c : report.storage_classes) {
    j["storage_classes"].push_back(
        {{"name", c.name}, {"capacity_bytes", c.capacity}, {"requested_bytes", c.requested}});
  }
  j["tenants"] = nlohmann::ordered_json::array();
  for (const ir::TenantUsage& t : report.tenants) {
    j["tenants"].push_back({{"name", t.name},
                            {"worker_vms", t.vms},
                            {"control_plane_replicas", t.control_pods},
                            {"dedicated_hosts", t.dedicated_hosts},
                            {"volume_bytes", t.volumes},
                            {"requested", resources(t.requested)}});
  }
  return j.dump(2) + "\n";
}

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return isatty(fileno(stderr)) != 0;
}

bool write_file_atomically(const std::string& path, const std::string& contents) {
  std::string temporary = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << contents;
    if (!out.flush()) {
      std::remove(temporary.c_str());
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

}  // namespace kmetal::driver
