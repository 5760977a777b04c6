#include "compiler/ir/name_objects.h"

#include "compiler/base/sha256.h"
#include "compiler/ir/check_names.h"

namespace kmetal::ir {
namespace {

std::string short_hash(const std::string& canonical) {
  return sha256_hex(canonical).substr(0, kTemplateHashLength);
}

}  // namespace

void name_objects(Platform& platform) {
  for (Tenant& t : platform.tenants) {
    for (WorkerGroup& g : t.workers) {
      g.deployment_name = t.name + "-" + g.name;
      // One line per field: unambiguous, and readable when debugging a rename.
      std::string machine = "format " + std::to_string(kMachineTemplateFormat) + "\ncpu " +
                            std::to_string(g.size.millicores) + "\nmemory " +
                            std::to_string(g.size.memory) + "\ndisk " +
                            std::to_string(g.size.storage) + "\nimage " + g.image + "\nsubnet " +
                            t.name + "\n";
      std::string bootstrap = "format " + std::to_string(kBootstrapTemplateFormat) + "\ngroup " +
                              g.name + "\nversion " + g.version.value.to_string() + "\n";
      g.machine_template_name = g.deployment_name + "-" + short_hash(machine);
      g.bootstrap_template_name = g.deployment_name + "-" + short_hash(bootstrap);
    }
  }
}

}  // namespace kmetal::ir
