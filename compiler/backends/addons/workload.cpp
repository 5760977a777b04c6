#include "compiler/backends/addons/workload.h"

namespace kmetal::backends::addons {

Object rule(std::string_view group, std::initializer_list<const char*> resources,
            std::initializer_list<const char*> verbs) {
  Object r = {{"apiGroups", Object::array({group})}, {"resources", Object::array()}};
  for (const char* res : resources) r["resources"].push_back(res);
  r["verbs"] = Object::array();
  for (const char* v : verbs) r["verbs"].push_back(v);
  return r;
}

Object binding_to(const ir::Platform& p, ir::ObjectId role, ir::ObjectId account) {
  const ir::ObjectName& sa = p.object(account);
  return {{"roleRef",
           {{"apiGroup", "rbac.authorization.k8s.io"},
            {"kind", ir::kind_info(p.object(role).kind).name},
            {"name", name_of(p, role)}}},
          {"subjects",
           Object::array({{{"kind", "ServiceAccount"}, {"name", sa.name}, {"namespace", sa.ns}}})}};
}

Object with(Object o, const Object& fields) {
  for (const auto& [key, value] : fields.items()) o[key] = value;
  return o;
}

Object mount(std::string_view name, std::string_view path) {
  return {{"name", name}, {"mountPath", path}};
}

Object controller_deployment(const ir::Platform& p, ir::ObjectId id, ir::ObjectId account,
                             Object containers, Object volumes) {
  Object labels = {{"app.kubernetes.io/name", name_of(p, id)}};
  Object deployment = make_object(p, id);
  deployment["spec"] = {{"replicas", 1},
                        {"selector", {{"matchLabels", labels}}},
                        {"template",
                         {{"metadata", {{"labels", labels}}},
                          {"spec",
                           {{"serviceAccountName", name_of(p, account)},
                            {"enableServiceLinks", false},
                            {"containers", std::move(containers)},
                            {"volumes", std::move(volumes)}}}}}};
  return deployment;
}

Object tenant_kubeconfig_volume(const ir::Platform& p, const ir::Tenant& t, std::string_view name) {
  return {{"name", name},
          {"secret",
           {{"secretName", name_of(p, t.objects.control_plane) + "-admin-kubeconfig"},
            {"items", Object::array({{{"key", "admin.svc"}, {"path", "value"}}})}}}};
}

}  // namespace kmetal::backends::addons
